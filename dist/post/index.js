import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 921:
/***/ ((module) => {

/*!
 * bytes
 * Copyright(c) 2012-2014 TJ Holowaychuk
 * Copyright(c) 2015 Jed Watson
 * MIT Licensed
 */



/**
 * Module exports.
 * @public
 */
module.exports = withDefaultMode('metric');

/**
 * Module variables.
 * @private
 */

var formatThousandsRegExp = /\B(?=(\d{3})+(?!\d))/g;

var formatDecimalsRegExp = /(?:\.0*|(\.[^0]+)0+)$/;

var allUnits = {
  // Metric units
  b: {val: 1, longName: 'byte', name: 'B'},
  kb: {val: Math.pow(1000, 1), longName: 'kilobyte', name: "kB"},
  mb: {val: Math.pow(1000, 2), longName: 'megabyte', name: "MB"},
  gb: {val: Math.pow(1000, 3), longName: 'gigabyte', name: "GB"},
  tb: {val: Math.pow(1000, 4), longName: 'terabyte', name: "TB"},
  pb: {val: Math.pow(1000, 5), longName: 'petabyte', name: "PB"},
  eb: {val: Math.pow(1000, 6), longName: 'exabyte', name: "EB"},
  zb: {val: Math.pow(1000, 7), longName: 'zettabyte', name: "ZB"},
  yb: {val: Math.pow(1000, 8), longName: 'yottabyte', name: "YB"},

  // Binary units
  kib: {val: Math.pow(1024, 1), longName: 'kibibyte', name: "KiB"},
  mib: {val: Math.pow(1024, 2), longName: 'mebibyte', name: "MiB"},
  gib: {val: Math.pow(1024, 3), longName: 'gibibyte', name: "GiB"},
  tib: {val: Math.pow(1024, 4), longName: 'tebibyte', name: "TiB"},
  pib: {val: Math.pow(1024, 5), longName: 'pebibyte', name: "PiB"},
  eib: {val: Math.pow(1024, 6), longName: 'exbibyte', name: "EiB"},
  zib: {val: Math.pow(1024, 7), longName: 'zebibyte', name: "ZiB"},
  yib: {val: Math.pow(1024, 8), longName: 'yobibyte', name: "YiB"},

  // Compatibility units
  _kb: {val: Math.pow(1024, 1), longName: 'kilobyte', name: "kB"},
  _mb: {val: Math.pow(1024, 2), longName: 'megabyte', name: "MB"},
  _gb: {val: Math.pow(1024, 3), longName: 'gigabyte', name: "GB"},
  _tb: {val: Math.pow(1024, 4), longName: 'terabyte', name: "TB"},
};


function _invertUnitMap(expectedUnits) {
  var orderedUnits = [];

  for (var i=0; i < expectedUnits.length; i++) {
    var unitData = expectedUnits[i];

    orderedUnits.push(allUnits[unitData]);
  }

  orderedUnits.sort(function sortLargest(a, b) {
    return (b.val - a.val);
  });
  return orderedUnits;
}

var metricMap = _invertUnitMap([
  'b',
  'kb',
  'mb',
  'gb',
  'tb',
  'pb',
  'eb',
  'zb',
  'yb',
]);
var binaryMap = _invertUnitMap([
  'b',
  'kib',
  'mib',
  'gib',
  'tib',
  'pib',
  'eib',
  'zib',
  'yib',
]);
var compatibilityMap = _invertUnitMap([
  'b',
  '_kb',
  '_mb',
  '_gb',
  '_tb',
]);


var parseRegExp = /^((-|\+)?(\d+(?:\.\d+)?)) *((k|m|g|t|p|e|z|y)?i?(b))?$/i;


function _checkMode(mode) {
  if (mode == 'compatibility') {
    mode = 'jedec';
  }
  if (mode == 'decimal') {
    mode = 'metric';
  }

  if (!/^(binary|metric|jedec)/.test(mode)) {
    throw Error("bytes.js: invalid mode passed in: " + mode);
  }

  return mode;
}


/**
 * Convert the given value in bytes into a string or parse to string to an integer in bytes.
 *
 * @param {string|number} value
 * @param {{
 *  case: [string],
 *  decimalPlaces: [number]
 *  fixedDecimals: [boolean]
 *  thousandsSeparator: [string]
 *  unitSeparator: [string]
 *  mode: [string]
 *  unit: [string]
 *  }} [options] bytes options.
 *
 * @returns {string|number|null}
 */

function bytes(value, options) {
  if (typeof value === 'string') {
    return parse(value, options);
  }

  if (typeof value === 'number') {
    return format(value, options);
  }

  return null;
}

/**
 * Creates a library wrapper that forces a certain mode to be default
 *
 * @param {string} mode
 */
function withDefaultMode(mode) {
  // Check that the mode is valid
  mode = _checkMode(mode);

  // Adds the default mode to the method
  function setDefault(options) {
    options = (options !== undefined ? options : {});

    if (options.mode === undefined) {
      options.mode = mode;
    }

    return options;
  }

  function bytesWithDefault(value, options) {
    return bytes(value, setDefault(options));
  }

  bytesWithDefault.format = function formatWithDefault(value, options) {
    return format(value, setDefault(options));
  };

  bytesWithDefault.parse = function formatWithDefault(value, options) {
    return parse(value, setDefault(options));
  };

  // Also allow it to act completely like the original module
  // So we can still change the default mode (but only by makind a new module)
  bytesWithDefault.withDefaultMode = withDefaultMode;

  return bytesWithDefault;
}

/**
 * Format the given value in bytes into a string.
 *
 * If the value is negative, it is kept as such. If it is a float,
 * it is rounded.
 *
 * @param {number} value
 * @param {object} [options]
 * @param {number} [options.decimalPlaces=2]
 * @param {number} [options.fixedDecimals=false]
 * @param {string} [options.thousandsSeparator=]
 * @param {string} [options.unit=]
 * @param {string} [options.unitSeparator=]
 * @param {string} [options.mode='metric']
 * @param {string} [options.unit=]
 *
 * @returns {string|null}
 * @public
 */

function format(value, options) {
  if (!Number.isFinite(value)) {
    return null;
  }

  var mag = Math.abs(value);
  var thousandsSeparator = (options && options.thousandsSeparator) || '';
  var unitSeparator = (options && options.unitSeparator) || '';
  var decimalPlaces = (options && options.decimalPlaces !== undefined) ? options.decimalPlaces : 2;
  var fixedDecimals = Boolean(options && options.fixedDecimals);
  var expectedUnit = (options && options.unit);

  var mode = (options && options.mode) || 'metric';
  mode = _checkMode(options.mode);

  // Find which set of units we're converting to
  var unitMap = _getUnitMap(mode);

  // Find what to convert to
  var conversionUnit;
  if (expectedUnit !== undefined) {
    // The user specified an expected unit
    conversionUnit = _findUnit(allUnits, expectedUnit, mode);
  } else {
    // The user wants the most appropriate unit
    conversionUnit = _findLargestUnit(unitMap, mag);
  }

  // Convert the unit
  var val = value / conversionUnit.val;
  var str = val.toFixed(decimalPlaces);
  var unit = conversionUnit.name;

  if (!fixedDecimals) {
    str = str.replace(formatDecimalsRegExp, '$1');
  }

  if (thousandsSeparator) {
    str = str.replace(formatThousandsRegExp, thousandsSeparator);
  }

  return str + unitSeparator + unit;
}

/**
 * Returns an array that tells you what units to convert to and in what order.
 */
function _getUnitMap(mode) {
  // Allow the mode synonym
  if (mode == 'metric') {
    return metricMap;
  } else if (mode == 'jedec') {
    return compatibilityMap;
  } else if (mode == 'binary') {
    return binaryMap;
  }
}

/**
 * Finds the given unit in the unit map
 */
function _findUnit(unitMap, unit, mode) {
  var conversionUnit;

  unit = unit.toLowerCase();

  // Check the compatibility units first
  if (mode == 'compatibility' || mode == 'jedec') {
    conversionUnit = allUnits['_' + unit];
  }

  // Otherwise check the rest of the units
  if (conversionUnit === undefined) {
    conversionUnit = allUnits[unit];
  }

  // Finally if we still didn't find the unit, its an error
  if (conversionUnit === undefined) {
    throw Error("byte.js: unit not found: " + unit);
  }

  return conversionUnit;
}

/**
 * Finds the largest unit that the value can be converted to
 *
 * @param {Array} unitMap Array of units sorted with the largest units first
 * @param {int}   value
 *
 * @returns {}
 * @private
 */
function _findLargestUnit(unitMap, value) {
  for (var i=0; i < unitMap.length; i++) {
    var unitData = unitMap[i];

    // Find the largest unit to convert to, otherwise use the last one
    if (value >= unitData.val || i >= unitMap.length - 1) {
      return unitData;
    }
  }

}

/**
 * Parse the string value into an integer in bytes.
 *
 * If no unit is given, it is assumed the value is in bytes.
 *
 * @param {number|string} val
 * @param {object} [options]
 * @param {string} [options.mode='metric']
 *
 * @returns {number|null}
 * @public
 */
function parse(val, options) {
  if (typeof val === 'number' && !isNaN(val)) {
    return val;
  }

  if (typeof val !== 'string') {
    return null;
  }

  // Mode info is only used to check for compatibility mode
  // Since the mode is already in the units used
  var mode = (options && options.mode) || 'metric';
  mode = _checkMode(mode);

  // Test if the string passed is valid
  var results = parseRegExp.exec(val);
  var floatValue;
  var unit;

  // No number was extracted from the input string
  if (!results) {
    return null;
  }

  // Retrieve the value and the unit
  floatValue = parseFloat(results[1]);
  unit = results[4];

  // Default unit if none are specified
  if (unit === undefined) {
    unit = 'b';
  }

  // Make sure we're case-insensitive
  unit = unit.toLowerCase();

  var unitData;
  // If we're using compatibility units, try those first
  if (mode == 'jedec') {
    unitData = allUnits['_' + unit];
  }

  // Try to get the unit from the normal units
  if (unitData === undefined) {
    unitData = allUnits[unit];
  }

  return Math.floor(unitData.val * floatValue);
}


/***/ }),

/***/ 744:
/***/ ((module) => {

/**
 * Helpers.
 */

var s = 1000;
var m = s * 60;
var h = m * 60;
var d = h * 24;
var w = d * 7;
var y = d * 365.25;

/**
 * Parse or format the given `val`.
 *
 * Options:
 *
 *  - `long` verbose formatting [false]
 *
 * @param {String|Number} val
 * @param {Object} [options]
 * @throws {Error} throw an error if val is not a non-empty string or a number
 * @return {String|Number}
 * @api public
 */

module.exports = function (val, options) {
  options = options || {};
  var type = typeof val;
  if (type === 'string' && val.length > 0) {
    return parse(val);
  } else if (type === 'number' && isFinite(val)) {
    return options.long ? fmtLong(val) : fmtShort(val);
  }
  throw new Error(
    'val is not a non-empty string or a valid number. val=' +
      JSON.stringify(val)
  );
};

/**
 * Parse the given `str` and return milliseconds.
 *
 * @param {String} str
 * @return {Number}
 * @api private
 */

function parse(str) {
  str = String(str);
  if (str.length > 100) {
    return;
  }
  var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
    str
  );
  if (!match) {
    return;
  }
  var n = parseFloat(match[1]);
  var type = (match[2] || 'ms').toLowerCase();
  switch (type) {
    case 'years':
    case 'year':
    case 'yrs':
    case 'yr':
    case 'y':
      return n * y;
    case 'weeks':
    case 'week':
    case 'w':
      return n * w;
    case 'days':
    case 'day':
    case 'd':
      return n * d;
    case 'hours':
    case 'hour':
    case 'hrs':
    case 'hr':
    case 'h':
      return n * h;
    case 'minutes':
    case 'minute':
    case 'mins':
    case 'min':
    case 'm':
      return n * m;
    case 'seconds':
    case 'second':
    case 'secs':
    case 'sec':
    case 's':
      return n * s;
    case 'milliseconds':
    case 'millisecond':
    case 'msecs':
    case 'msec':
    case 'ms':
      return n;
    default:
      return undefined;
  }
}

/**
 * Short format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtShort(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return Math.round(ms / d) + 'd';
  }
  if (msAbs >= h) {
    return Math.round(ms / h) + 'h';
  }
  if (msAbs >= m) {
    return Math.round(ms / m) + 'm';
  }
  if (msAbs >= s) {
    return Math.round(ms / s) + 's';
  }
  return ms + 'ms';
}

/**
 * Long format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtLong(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return plural(ms, msAbs, d, 'day');
  }
  if (msAbs >= h) {
    return plural(ms, msAbs, h, 'hour');
  }
  if (msAbs >= m) {
    return plural(ms, msAbs, m, 'minute');
  }
  if (msAbs >= s) {
    return plural(ms, msAbs, s, 'second');
  }
  return ms + ' ms';
}

/**
 * Pluralization helper.
 */

function plural(ms, msAbs, n, name) {
  var isPlural = msAbs >= n * 1.5;
  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
}


/***/ }),

/***/ 520:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _phases_post_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(227);

await (0,_phases_post_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 227:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: ./src/error-message.ts
/** What to print of anything thrown: an Error's message, anything else (a string, a rejected value) as text. */
function error_message_errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: ./node_modules/bytes-iec/index.js
var bytes_iec = __nccwpck_require__(921);
var bytes_iec_default = /*#__PURE__*/__nccwpck_require__.n(bytes_iec);
// EXTERNAL MODULE: ./node_modules/ms/index.js
var node_modules_ms = __nccwpck_require__(744);
;// CONCATENATED MODULE: ./src/config/units.ts


// Both parsers accept a bare number (bytes, milliseconds); a bare number in a
// workflow is almost always a missing unit, so a unit is required here.
const SIZE_PATTERN = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;
const DURATION_PATTERN = /^\s*\d+(\.\d+)?\s*(s|m|h|d|w)\s*$/i;
/** Bytes in `10GiB` (binary) or `10GB` (decimal); undefined when not a size with a unit. */
function units_parseSize(text) {
    if (!SIZE_PATTERN.test(text))
        return undefined;
    const value = bytes.parse(text.trim());
    return value !== null && value > 0 ? value : undefined;
}
/** Milliseconds in `14d`, `6h`, `90m`, `30s`, `2w`; undefined when not a duration with a unit. */
function parseDuration(text) {
    if (!DURATION_PATTERN.test(text))
        return undefined;
    const value = ms(text.trim().replace(/\s+/g, ''));
    return typeof value === 'number' && value > 0 ? value : undefined;
}
function units_formatBytes(value) {
    return bytes_iec_default().format(value, { mode: 'binary', decimalPlaces: 1 }) ?? `${value} B`;
}
/** `45s`, `12m`, `3h`: an age for a log line. */
function formatDuration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 120)
        return `${seconds}s`;
    if (seconds < 7200)
        return `${Math.round(seconds / 60)}m`;
    return `${Math.round(seconds / 3600)}h`;
}

;// CONCATENATED MODULE: ./src/report/cache-activity.ts

const LISTED_SCOPES = 10;
function count(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
function blobsAndBytes(blobs, bytes) {
    return `${count(blobs, 'blob')}, ${units_formatBytes(bytes)}`;
}
function percent(part, whole) {
    return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%';
}
function scopeList(tags) {
    if (tags.length === 0)
        return 'none';
    const shown = tags.slice(0, LISTED_SCOPES).join(', ');
    return tags.length > LISTED_SCOPES ? `${shown}, and ${tags.length - LISTED_SCOPES} more` : shown;
}
/** Totals over every export that happened; undefined when nothing was exported. */
function exportTotals(activity) {
    const exported = activity.exports.flatMap(({ usage }) => (usage.state === 'exported' ? [usage] : []));
    if (exported.length === 0)
        return undefined;
    const sum = (pick) => exported.reduce((total, usage) => total + pick(usage), 0);
    return { blobs: sum((u) => u.blobs), bytes: sum((u) => u.bytes), newBlobs: sum((u) => u.newBlobs), newBytes: sum((u) => u.newBytes) };
}
/** Post's table: what was promoted, what the build re-used and missed, what the store holds against its budget. */
function cacheActivityRows(activity) {
    const rows = activity.removedTag ? [['deleted', `${activity.removedTag}: its blobs reclaimed by gc`]] : [];
    const several = activity.exports.length > 1;
    for (const { tag, promoted } of activity.exports)
        rows.push([several && tag ? `promoted ${tag}` : 'promoted', promoted]);
    const totals = exportTotals(activity);
    if (totals) {
        const reusedBlobs = totals.blobs - totals.newBlobs;
        const reusedBytes = totals.bytes - totals.newBytes;
        rows.push(['re-used', `${blobsAndBytes(reusedBlobs, reusedBytes)} (${percent(reusedBytes, totals.bytes)} of the exported cache)`]);
        rows.push(['new (cache miss)', `${blobsAndBytes(totals.newBlobs, totals.newBytes)} (${percent(totals.newBytes, totals.bytes)})`]);
    }
    else {
        const reasons = [...new Set(activity.exports.map(({ usage }) => (usage.state === 'none' ? usage.reason : '')))].filter(Boolean);
        rows.push(['re-used / new', `nothing exported${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`]);
    }
    rows.push(['scopes kept', scopeList(activity.scopesKept)]);
    rows.push([activity.dryRun ? 'scopes would drop' : 'scopes dropped', scopeList(activity.scopesDropped)]);
    rows.push(['gc', activity.gc]);
    const { storeBlobs, storeBytes, maxSizeBytes: budget } = activity;
    if (storeBlobs !== undefined && storeBytes !== undefined) {
        rows.push(['store', blobsAndBytes(storeBlobs, storeBytes) + (budget ? ` of ${units_formatBytes(budget)} max-size (${percent(storeBytes, budget)})` : '')]);
    }
    if (activity.builderCacheBytes !== undefined)
        rows.push(builderCacheRow(activity.builderCacheBytes, activity.builderMaxBytes));
    if (activity.staleSnapshots.length > 0)
        rows.push(['old snapshots removed', activity.staleSnapshots.join(', ')]);
    return rows;
}
/** The persistent builder's cache against its budget: a row of the promotion table, or post's only row when there is no store (no volume). */
function builderCacheRow(bytes, maxBytes) {
    return ['builder cache', units_formatBytes(bytes) + (maxBytes ? ` of ${units_formatBytes(maxBytes)} builder-max-size (${percent(bytes, maxBytes)})` : '')];
}
/** Post's outputs: bytes in the store ('' when the sweep was aborted), and bytes this build wrote that the store lacked (0 when nothing was exported). */
function cacheActivityOutputs(activity) {
    return {
        'cache-size': activity.storeBytes === undefined ? '' : String(activity.storeBytes),
        'cache-new-bytes': String(exportTotals(activity)?.newBytes ?? 0)
    };
}

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return __awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return __awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
;// CONCATENATED MODULE: external "events"
const external_events_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
;// CONCATENATED MODULE: external "assert"
const external_assert_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_namespaceObject.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_namespaceObject.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_namespaceObject.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_namespaceObject.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_namespaceObject.EOL.length);
                n = s.indexOf(external_os_namespaceObject.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_namespaceObject.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_namespaceObject.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_namespaceObject.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_namespaceObject.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    command_issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: ./src/report/table-text.ts
/** The widest cell of each column. */
function columnWidths(rows) {
    const widths = [];
    for (const row of rows)
        row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return widths;
}
/** One row, each cell padded to its column's width, two spaces apart; nothing trails the line. */
const alignedLine = (cells, widths) => cells
    .map((cell, i) => cell.padEnd(widths[i]))
    .join('  ')
    .trimEnd();
/** A two-column table as text, for a log or a terminal: the title, then one aligned row per line. */
function tableText(title, rows) {
    const widths = columnWidths(rows);
    return [title, ...rows.map((row) => `  ${alignedLine(row, widths)}`)].join('\n');
}
/** A plain text table for the command line: the header, a rule under each column, then the rows. */
function formatTable(header, rows) {
    const widths = columnWidths([header, ...rows]);
    return [header, widths.map((width) => '-'.repeat(width)), ...rows].map((row) => alignedLine(row, widths)).join('\n');
}

;// CONCATENATED MODULE: ./src/runner/actions.ts



/**
 * The Actions runner (GitHub, Gitea, Forgejo) through @actions/core. Tables go
 * to the step summary where the runner has one, and always to the log (Gitea
 * and Forgejo show no step summary).
 */
const actionsRunner = {
    env: process.env,
    now: () => Date.now(),
    info: (message) => info(message),
    warning: (message) => warning(message),
    debug: (message) => core_debug(message),
    notice: (message) => notice(message),
    group: (title, work) => group(title, work),
    input: (name) => getInput(name),
    setOutput: (name, value) => setOutput(name, value),
    saveState: (key, value) => saveState(key, value),
    getState: (key) => getState(key),
    setSecret: (value) => core_setSecret(value),
    setFailed: (message) => setFailed(message),
    async table(title, rows) {
        info(tableText(title, rows));
        if (!actionsRunner.env.GITHUB_STEP_SUMMARY)
            return;
        try {
            await summary
                .addHeading(title, 3)
                .addTable([
                [
                    { data: 'item', header: true },
                    { data: 'value', header: true }
                ],
                ...rows
            ])
                .write();
        }
        catch (error) {
            core_debug(`Step summary not written: ${error_message_errorMessage(error)}`);
        }
    }
};

;// CONCATENATED MODULE: ./src/config/names.ts
/**
 * Every name the runner sees, declared once. action.yml is the source of the
 * defaults; a unit test holds this table to it ('' = no default, or one the
 * code derives at run time, such as repo-name from GITHUB_REPOSITORY).
 */
const INPUT_DEFAULTS = {
    'cache-mode': 'local',
    'repo-name': '',
    'volume-path': '/opt/buildx-cache',
    scope: '',
    'fallback-scopes': '',
    key: '',
    mode: 'max',
    'registry-ref': '',
    'registry-insecure': 'false',
    'cache-options': '',
    'ignore-error': 'true',
    'read-only': 'false',
    'max-size': '10GiB',
    'max-age': '14d',
    'prune-builders': 'true',
    'builder-max-age': '6h',
    'dry-run': 'false',
    'persistent-builder': 'false',
    'builder-driver-opts': '',
    'builder-max-size': '10GiB',
    'buildkitd-config': '',
    'fresh-build': 'false',
    'store-refresh': '1h',
    'trust-pull-requests': 'false',
    'bake-targets': '',
    'host-max-size': 'auto',
    'host-min-free': 'auto',
    'metrics-file': ''
};
const INPUT_NAMES = Object.keys(INPUT_DEFAULTS);
/** Outputs main sets; its result type makes it set every one. */
const MAIN_OUTPUTS = [
    'cache-from',
    'cache-to',
    'cache-dir',
    'scope',
    'restored-scope',
    'restored-tier',
    'cache-hit',
    'builders-pruned',
    'builder',
    'bake-file'
];
/** Outputs post sets (local mode), after promotion and GC: what the cache holds and what this build added. */
const POST_OUTPUTS = ['cache-size', 'cache-new-bytes'];
/** Output post sets for the persistent builder, from buildx's build history. */
const STEPS_CACHED_OUTPUT = 'steps-cached';
/** Every output of action.yml, in its order. */
const OUTPUT_NAMES = [...MAIN_OUTPUTS, ...POST_OUTPUTS, STEPS_CACHED_OUTPUT];
/** State keys main and post read from earlier phases. */
const names_STATE_KEYS = {
    /** The JSON-encoded JobState main hands to post. */
    job: 'job',
    /** Set by pre, so main prunes only when pre did not run (`uses: ./` has no pre). */
    buildersPruned: 'builders-pruned',
    /** The folder where pre's background probe of the persistent builder's cache writes its answer for main. */
    cacheProbe: 'cache-probe'
};

;// CONCATENATED MODULE: ./src/runner/state.ts

function saveJobState(runner, state) {
    runner.saveState(STATE_KEYS.job, JSON.stringify(state));
}
function loadJobState(runner) {
    const text = runner.getState(names_STATE_KEYS.job);
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/builders/buildx-names.ts
/**
 * How buildx names a docker-container builder's parts: node 0 of builder N
 * runs as container `buildx_buildkit_N0`, its BuildKit state in the volume
 * `buildx_buildkit_N0_state`. Stale-builder pruning and the persistent
 * builder both read these names.
 */
const STATE_SUFFIX = '_state';
function buildx_names_builderContainer(name) {
    return `buildx_buildkit_${name}0`;
}
function builderStateVolume(name) {
    return buildx_names_builderContainer(name) + STATE_SUFFIX;
}
/** The builder a node container belongs to, or undefined for a container buildx did not name. */
function buildx_names_builderOfContainer(container) {
    return /^buildx_buildkit_(.+)0$/.exec(container.trim())?.[1];
}

;// CONCATENATED MODULE: ./src/builders/persistent/buildx-args.ts

/** The docker and buildx argv that make, check, bound and remove the persistent builder. Pure: the calls are in the I/O modules. */
/**
 * `--buildkitd-config` is the name both buildx 0.13 and 0.29 take (0.13's
 * `--config` is its deprecated alias). `use` (`--use`): make it the job's
 * current builder in the same call, so no `buildx use` is needed after it
 * (never on a runner host's own configuration, where `reset` runs).
 */
function createArgs(name, driverOpts, configFile, use = true) {
    const flags = [...driverOpts.flatMap((opt) => ['--driver-opt', opt]), ...(configFile ? ['--buildkitd-config', configFile] : []), ...(use ? ['--use'] : [])];
    return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...flags];
}
/** Makes the builder the job's current one, as setup-buildx-action's `use: true` does: a build without `--builder` lands on it. */
function useArgs(name) {
    return ['buildx', 'use', name];
}
/** A fresh build: this repository's builder forgets its whole cache, cache mounts included (never another builder's). */
function buildx_args_clearCacheArgs(name) {
    return ['buildx', 'prune', '--builder', name, '--all', '--force'];
}
/** With bootstrap, buildx starts the node (creating its container when gone) and waits until BuildKit answers. */
function inspectArgs(name, bootstrap) {
    return ['buildx', 'inspect', ...(bootstrap ? ['--bootstrap'] : []), name];
}
/** Removes buildx's record, the container and its state. */
function rmArgs(name) {
    return ['buildx', 'rm', name];
}
function isBudgetFlag(value) {
    return value === '--keep-storage' || value === '--reserved-space';
}
/** Reads the flag from `docker buildx prune --help`: newer buildx hides the old name, older lacks the new one. */
function budgetFlag(pruneHelp) {
    return /--reserved-space\b/.test(pruneHelp) ? '--reserved-space' : '--keep-storage';
}
/** Prunes the builder's least recently used cache (internal records too) until it fits in `bytes`. */
function pruneArgs(name, bytes, flag) {
    return ['buildx', 'prune', '--builder', name, '--force', '--all', flag, String(Math.floor(bytes))];
}
/** The builder's disk usage: `docker buildx du` (every buildx version prints the same table). */
function duArgs(name) {
    return ['buildx', 'du', '--builder', name];
}
/** Lists every node container of this action's builders (stopped ones too); `builderOfNode` keeps only exact names. */
function nodeListArgs() {
    return ['ps', '-a', '--filter', 'name=^buildx_buildkit_cachekeeper-', '--format', '{{.Names}}'];
}
/** Whether the builder's node container runs: `docker container inspect` prints `true` or `false`; a missing container fails. */
function runningArgs(name) {
    return ['container', 'inspect', '--format', '{{.State.Running}}', builderContainer(name)];
}
/** Whether the node container exists at all (its name, or a failure when gone). */
function existsArgs(name) {
    return ['container', 'inspect', '--format', '{{.Name}}', buildx_names_builderContainer(name)];
}

;// CONCATENATED MODULE: ./src/builders/persistent/buildx-output.ts
/** What the docker and buildx calls print, read as far as it matters here; lines that are not what is looked for are skipped, never guessed. */
/** The last non-empty line of a command's stderr: docker and buildx print the cause last. */
function lastLine(text) {
    return text.trim().split('\n').filter(Boolean).pop() ?? '';
}
/** Why a call failed, in one line: its last stderr line, else its exit code. */
function buildx_output_failure(result) {
    return lastLine(result.stderr) || `exit ${result.code}`;
}
/** `buildx create` of a name this buildx configuration already records: as good as made. */
function isExistingInstance(stderr) {
    return /existing instance/i.test(stderr);
}
const DU_UNITS = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** Bytes in du's `Total:` line (decimal units, as docker prints them); undefined when there is none. */
function parseDuTotal(stdout) {
    const match = /^Total:\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB)\s*$/m.exec(stdout);
    return match ? Math.round(Number(match[1]) * DU_UNITS[match[2]]) : undefined;
}
/** What `buildx prune` says it reclaimed ("Total: 1.2GB"), as printed; undefined when it printed no total. */
function reclaimedTotal(stdout) {
    return /^Total:\s*(.+)$/m.exec(stdout)?.[1]?.trim();
}
/** The fields of `docker buildx inspect` that matter here (buildx 0.13 says "Buildkit:", later ones "BuildKit version:"). */
function parseInspect(stdout) {
    const field = (pattern) => pattern.exec(stdout)?.[1]?.trim();
    return {
        driver: field(/^Driver:\s*(\S+)/m),
        status: field(/^Status:\s*(\S+)/m),
        buildkit: field(/^(?:Buildkit|BuildKit version):\s*(\S+)/m)
    };
}
/**
 * A bootstrap that lost the race to create the node container: another job
 * (one that does not share the lock, e.g. without the shared volume) made it
 * meanwhile. Docker says `Conflict. The container name "/..." is already in use`.
 */
function isNameConflict(error) {
    return /container name .* is already in use/i.test(error);
}
/** What buildx says of a builder its configuration has no record of (buildx 0.13 and later). */
function isUnknownBuilder(error) {
    return /no builder .* found|failed to find instance|not found/i.test(error);
}

;// CONCATENATED MODULE: ./src/builders/persistent/budget.ts



/**
 * Whether the budget prune is needed: du's total is past the budget, or du
 * gave none (prune then, as before: an unknown size must not go unbounded).
 * A prune down to a budget the cache is already within reclaims nothing.
 */
function pruneNeeded(duBytes, maxBytes) {
    return duBytes === undefined || duBytes > maxBytes;
}
/**
 * Keeps the builder's cache within `maxBytes`: one `buildx du`, and only past
 * the budget a prune of the least recently used cache, with `knownFlag` (from
 * the builder's record) or else the flag `buildx prune --help` names. Never throws.
 */
async function keepWithinBudget(cli, name, maxBytes, knownFlag) {
    try {
        const before = await builderCacheBytes(cli, name);
        if (!pruneNeeded(before, maxBytes))
            return { ok: true, flag: knownFlag, detail: 'nothing to reclaim', bytes: before };
        const flag = knownFlag ?? budgetFlag(await pruneHelp(cli));
        const result = await cli(pruneArgs(name, maxBytes, flag));
        // A recorded flag another buildx client does not know: ask this one.
        if (result.code !== 0 && knownFlag && /unknown flag/i.test(result.stderr))
            return keepWithinBudget(cli, name, maxBytes);
        if (result.code !== 0)
            return { ok: false, flag, detail: buildx_output_failure(result), bytes: before };
        const total = reclaimedTotal(result.stdout);
        return { ok: true, flag, detail: total ? `${total} reclaimed` : 'nothing to reclaim', bytes: await builderCacheBytes(cli, name) };
    }
    catch (error) {
        return { ok: false, detail: error_message_errorMessage(error) };
    }
}
async function pruneHelp(cli) {
    const help = await cli(['buildx', 'prune', '--help']);
    return help.stdout + help.stderr;
}
/** The builder's cache size as du totals it; undefined when du gives none. */
async function builderCacheBytes(cli, name) {
    const result = await cli(duArgs(name));
    return result.code === 0 ? parseDuTotal(result.stdout) : undefined;
}
/** fresh-build: the builder's whole cache goes (cache mounts included); the reason when it failed. */
async function clearBuilderCache(cli, name) {
    const result = await cli(clearCacheArgs(name));
    return result.code === 0 ? undefined : failure(result);
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/builders/persistent/name.ts


/**
 * The persistent builder's name and what Docker calls its parts.
 *
 * The name is `cachekeeper-<repo>`: one builder per repository (a shared
 * BuildKit lets one repository's build poison another's cache), never
 * setup-buildx's generated `builder-<uuid>` (pruning would take it), and a
 * prefix that marks what this action made, so only those are ever removed.
 */
const PREFIX = 'cachekeeper-';
const PERSISTENT_BUILDER = /^cachekeeper-[a-z0-9][a-z0-9_-]{0,62}$/;
// Docker allows longer container names; this keeps `buildx_buildkit_<name>0_state` readable in `docker ps`.
const MAX_REPO_PART = 40;
/** The builder name for a repo-name: lowercase, buildx-valid; a changed or shortened name gets a hash so two repos never share one. */
function persistentBuilderName(repoName) {
    const cleaned = repoName
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^[-_]+/, '');
    const exact = cleaned === repoName && cleaned.length > 0 && cleaned.length <= MAX_REPO_PART;
    if (exact)
        return PREFIX + cleaned;
    const hash = createHash('sha256').update(repoName).digest('hex').slice(0, 8);
    const head = cleaned.slice(0, MAX_REPO_PART - 9).replace(/[-_]+$/, '');
    return PREFIX + (head ? `${head}-${hash}` : hash);
}
function name_isPersistentBuilder(name) {
    return PERSISTENT_BUILDER.test(name);
}
/** The builder whose node container this is, or undefined for anything else (docker's name filter matches substrings). */
function builderOfNode(container) {
    const name = builderOfContainer(container);
    return name !== undefined && name_isPersistentBuilder(name) ? name : undefined;
}

;// CONCATENATED MODULE: ./src/builders/persistent/record.ts


function record_parseRecord(text) {
    try {
        const value = JSON.parse(text);
        const ok = typeof value.name === 'string' &&
            name_isPersistentBuilder(value.name) &&
            typeof value.repoName === 'string' &&
            Number.isFinite(value.lastUsedMs) &&
            Number.isFinite(value.maxAgeMs) &&
            Array.isArray(value.driverOpts) &&
            (value.buildkit === undefined || typeof value.buildkit === 'string') &&
            (value.budgetFlag === undefined || isBudgetFlag(value.budgetFlag)) &&
            (value.budgetCheckedMs === undefined || Number.isFinite(value.budgetCheckedMs)) &&
            (value.cacheBytes === undefined || Number.isFinite(value.cacheBytes)) &&
            (value.buildx === undefined || (typeof value.buildx.json === 'string' && typeof value.buildx.madeWith === 'string')) &&
            (value.nodeRecordMs === undefined || Number.isFinite(value.nodeRecordMs));
        return ok ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** How often post measures the builder's cache at most (a `buildx du` costs about 0.25 s a job). */
const BUDGET_CHECK_INTERVAL_MS = 10 * 60e3;
/** A cache measured past this share of builder-max-size is measured every job. */
const BUDGET_CHECK_SHARE = 0.9;
/**
 * Whether post measures (and, past the budget, prunes) the builder's cache
 * this job. Between checks the builder's own GC policy, written at creation
 * with keepBytes = builder-max-size, keeps it bounded; post's check is the
 * second line. So a check is skipped only when the last one is younger than
 * the interval and found the cache under 90% of the budget: the cache can
 * then pass builder-max-size only by what builds add within 10 minutes, and
 * only where the builder's GC does not bound it (a buildkitd-config of one's
 * own). No record, an unknown size or a time in the future: measured.
 */
function budgetCheckDue(record, maxBytes, now, intervalMs = BUDGET_CHECK_INTERVAL_MS) {
    const checked = record?.budgetCheckedMs;
    const bytes = record?.cacheBytes;
    if (checked === undefined || bytes === undefined || checked > now)
        return true;
    return now - checked >= intervalMs || bytes > maxBytes * BUDGET_CHECK_SHARE;
}
/** How stale the node container's copy of a volume-kept record may get: a job without the volume retires by it, after days. */
const NODE_RECORD_INTERVAL_MS = 60 * 60e3;
/**
 * Whether post, on a job with the volume, writes the record into the node
 * container too (a `docker cp`). Only jobs without the volume read that copy
 * (to retire an unused builder, days after its last use; to skip a bootstrap
 * or a create), so it is written when it would say something new: a builder
 * made in this job, a new BuildKit, budget flag, measurement or buildx
 * record, or a last use more than an hour old.
 */
function nodeRecordDue(recorded, next, attached, now) {
    const written = recorded?.nodeRecordMs;
    if (!attached || recorded === undefined || written === undefined || written > now || now - written >= NODE_RECORD_INTERVAL_MS)
        return true;
    return (next.cacheBytes !== undefined ||
        next.buildkit !== recorded.buildkit ||
        (next.budgetFlag !== undefined && next.budgetFlag !== recorded.budgetFlag) ||
        next.buildx?.json !== recorded.buildx?.json);
}
/** Where the record lives in the node container: outside BuildKit's state, so it goes when the container goes. */
const record_RECORD_IN_CONTAINER = '/cachekeeper-builder.json';
/** The record of a builder to keep: the newer last use of two (a file and a container record of one builder). */
function newerRecord(a, b) {
    if (!a || !b)
        return a ?? b;
    return b.lastUsedMs > a.lastUsedMs ? b : a;
}
/** Records unused for longer than their own max-age; a record with a foreign name never qualifies. */
function unusedBuilders(records, now) {
    return records.filter((record) => isPersistentBuilder(record.name) && now - record.lastUsedMs > record.maxAgeMs);
}
/** Driver options apply only when the container is made; say so when a job asks for different ones. */
function driverOptsNote(recorded, wanted) {
    if (!recorded)
        return undefined;
    const same = recorded.length === wanted.length && recorded.every((opt, i) => opt === wanted[i]);
    if (same)
        return undefined;
    return `builder-driver-opts differ from those the builder was made with (${recorded.join(', ') || 'none'}); they apply when it is next recreated`;
}
/**
 * Whether a job may skip the bootstrap: the node container runs and an earlier
 * bootstrap recorded its BuildKit. A stopped, missing or never-recorded node
 * takes the full path (bootstrap, create, recreate).
 */
function canSkipBootstrap(running, record) {
    return running && record?.buildkit !== undefined;
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/lock/dir-lock.ts




/**
 * An exclusive lock between processes that share a volume: jobs in different
 * containers, where PIDs mean nothing. The lock is a directory holding one
 * `owner-<token>` file; its holder refreshes the directory's mtime, and a
 * lock older than the stale time is taken over, so a holder that died never
 * wedges it.
 *
 * A timer alone cannot keep it fresh: the store's GC, snapshot and promotion
 * loops are synchronous and starve the timer, so a waiter would take over
 * mid-sweep. Those loops call the handle's `keepFresh()` instead, which
 * refreshes at most every update interval and, because a takeover removes the
 * owner file, also tells a holder that was taken over (paused, or busy in one
 * long call) to stop before its next write. Release removes only a lock whose
 * owner file is still ours.
 */
class LockLostError extends Error {
    constructor(lockPath, released = false) {
        super(released
            ? `the lock ${lockPath} was used after its holder released it; stopped without writing more`
            : `the lock ${lockPath} was taken over by another job while this one held it (inactive longer than the stale time); stopped without writing more`);
        this.name = 'LockLostError';
    }
}
// BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS shortens the takeover for crash tests; read per lock so a test can set it.
function lockTiming(env = process.env) {
    const staleMs = Math.max(Number(env.BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS) || 20_000, 1000);
    return { staleMs, updateMs: staleMs / 4, waitMs: 60_000 };
}
const OWNER_PREFIX = 'owner-';
const token = () => (0,external_node_crypto_namespaceObject.randomBytes)(16).toString('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const code = (error) => error.code;
/** The token of the lock directory's owner file; undefined when it has none (gone, or an older version's bare directory). */
function ownerOf(dir) {
    try {
        return external_node_fs_default().readdirSync(dir)
            .find((name) => name.startsWith(OWNER_PREFIX))
            ?.slice(OWNER_PREFIX.length);
    }
    catch (error) {
        if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR')
            return undefined;
        throw error;
    }
}
function mtimeMs(file) {
    try {
        return external_node_fs_default().lstatSync(file).mtimeMs;
    }
    catch (error) {
        if (code(error) === 'ENOENT')
            return undefined;
        throw error;
    }
}
/**
 * One attempt. The directory is made complete (owner file inside) under a
 * private name and renamed into place, so a lock never exists without its
 * owner, and a rename onto a held (non-empty) lock fails.
 */
function tryCreate(lockPath, own) {
    // An older version's lock is a bare directory, which rename would replace: never rename onto anything.
    if (mtimeMs(lockPath) !== undefined)
        return false;
    const temp = `${lockPath}.${own}.tmp`;
    external_node_fs_default().mkdirSync(temp);
    try {
        // Empty: the name is the token, and an empty file still fits on a full volume (post must clean up exactly then).
        external_node_fs_default().closeSync(external_node_fs_default().openSync(external_node_path_default().join(temp, OWNER_PREFIX + own), 'wx'));
        external_node_fs_default().renameSync(temp, lockPath);
        return true;
    }
    catch (error) {
        if (['EEXIST', 'ENOTEMPTY'].includes(code(error) ?? ''))
            return false;
        throw error;
    }
    finally {
        external_node_fs_default().rmSync(temp, { recursive: true, force: true });
    }
}
/**
 * Whether a lock last refreshed at `mtimeMs` is stale. A holder refreshes to
 * its own now, so an mtime further in the future than the stale time was
 * planted (`touch -d`), not kept: stale, or it would block every job for good.
 */
function isStale(mtimeMs, now, staleMs) {
    const age = now - mtimeMs;
    return age >= staleMs || age < -staleMs;
}
/**
 * Moves a stale lock aside and removes it. Between the look and the move
 * another waiter may have taken it over and placed its own, fresh lock: that
 * one is put back. Returns whether the path is now free to try.
 */
function takeOverIfStale(lockPath, staleMs) {
    const seen = mtimeMs(lockPath);
    if (seen === undefined)
        return true;
    if (!isStale(seen, Date.now(), staleMs))
        return false;
    const staleOwner = ownerOf(lockPath);
    const aside = `${lockPath}.${token()}.stale`;
    try {
        external_node_fs_default().renameSync(lockPath, aside);
    }
    catch (error) {
        if (code(error) === 'ENOENT')
            return true;
        throw error;
    }
    const moved = mtimeMs(aside) ?? 0;
    if (ownerOf(aside) !== staleOwner || !isStale(moved, Date.now(), staleMs)) {
        try {
            external_node_fs_default().renameSync(aside, lockPath);
            return false;
        }
        catch {
            // A third job got in meanwhile; the owner of what was moved learns at its next keepFresh and stops.
        }
    }
    external_node_fs_default().rmSync(aside, { recursive: true, force: true });
    return true;
}
/**
 * The proof of holding a lock: only withDirLock makes one (the class is
 * exported as a type alone, and its private fields keep a look-alike object
 * from passing for it), so what must run under a lock takes a LockHandle and
 * does not compile without one.
 */
class LockHandle {
    lockPath;
    own;
    timing;
    logger;
    #state = 'held';
    #confirmedAt;
    #timer;
    constructor(lockPath, own, timing, logger) {
        this.lockPath = lockPath;
        this.own = own;
        this.timing = timing;
        this.logger = logger;
        this.#confirmedAt = performance.now();
        // For the awaits in between (docker calls under the records lock); synchronous loops call keepFresh.
        this.#timer = setInterval(() => this.refresh(), timing.updateMs);
        this.#timer.unref();
    }
    /** A new holder's handle, and its release, which withDirLock alone calls: the work it runs cannot end the lock early. */
    static held(lockPath, own, timing, logger) {
        const lock = new LockHandle(lockPath, own, timing, logger);
        return { lock, release: () => lock.#release() };
    }
    /** Refreshes the lock when due; throws LockLostError once another holder took it over, or once it was released. Cheap: call it in loops and before writes. */
    keepFresh() {
        if (this.#state === 'held' && performance.now() - this.#confirmedAt >= this.timing.updateMs)
            this.refresh();
        if (this.#state !== 'held')
            throw new LockLostError(this.lockPath, this.#state === 'released');
    }
    /** Still ours (the owner file is there), then a new mtime; the confirmation time is taken before the look. */
    refresh() {
        if (this.#state !== 'held')
            return;
        const before = performance.now();
        try {
            if (!this.isOurs())
                return this.markLost();
            const now = new Date();
            external_node_fs_default().utimesSync(this.lockPath, now, now);
            this.#confirmedAt = before;
        }
        catch (error) {
            if (code(error) === 'ENOENT')
                return this.markLost();
            this.logger.debug(`Refreshing the lock ${this.lockPath}: ${error_message_errorMessage(error)}`);
        }
    }
    isOurs() {
        return external_node_fs_default().existsSync(external_node_path_default().join(this.lockPath, OWNER_PREFIX + this.own));
    }
    markLost() {
        this.#state = 'lost';
        clearInterval(this.#timer);
        this.logger.warning(`The lock ${this.lockPath} was taken over by another job while this one held it`);
    }
    /** Removes the lock only while it is ours; a lock taken over is left to its new holder. The handle is spent either way. */
    #release() {
        clearInterval(this.#timer);
        if (this.#state === 'held' && !this.isOurs())
            this.markLost();
        if (this.#state !== 'held')
            return;
        this.#state = 'released';
        const aside = `${this.lockPath}.${this.own}.released`;
        external_node_fs_default().renameSync(this.lockPath, aside);
        // Taken over between the look and the move: put the new holder's lock back.
        if (ownerOf(aside) !== this.own)
            external_node_fs_default().renameSync(aside, this.lockPath);
        else
            external_node_fs_default().rmSync(aside, { recursive: true, force: true });
    }
}
/**
 * Takes the lock, waiting while another holder has it. Only "held" is waited
 * on: other errors (a vanished parent folder) will not go away and are thrown at once.
 */
async function acquire(lockPath, timing, logger) {
    const own = token();
    const deadline = Date.now() + timing.waitMs;
    for (let delay = 100;; delay = Math.min(delay * 1.5, 1000)) {
        if (tryCreate(lockPath, own))
            return LockHandle.held(lockPath, own, timing, logger);
        if (takeOverIfStale(lockPath, timing.staleMs)) {
            logger.debug(`Took over the stale lock ${lockPath}`);
            continue;
        }
        if (Date.now() > deadline)
            throw new Error(`the lock ${lockPath} is held by another job (waited ${timing.waitMs / 1000} s)`);
        await sleep(delay);
    }
}
/** Runs `work` holding the lock at `lockPath`, handing it the lock's handle; throws when it cannot be had within a minute. */
async function withDirLock(lockPath, logger, work, timing = lockTiming()) {
    const started = Date.now();
    const { lock, release } = await acquire(lockPath, timing, logger);
    const waited = Date.now() - started;
    if (waited > 1000)
        logger.info(`Waited ${(waited / 1000).toFixed(1)} s for the lock ${lockPath}`);
    try {
        return await work(lock);
    }
    finally {
        try {
            release();
        }
        catch (error) {
            logger.debug(`Releasing the lock ${lockPath}: ${error_message_errorMessage(error)}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/store/fault.ts
/**
 * Crash-test hook: when BUILDKIT_CACHE_KEEPER_FAULT names this point, the
 * process kills itself (SIGKILL, like a cancelled job or a runner restart)
 * right here. The crash tests walk every point of promotion, GC and retention.
 */
function faultPoint(name) {
    if (process.env.BUILDKIT_CACHE_KEEPER_FAULT === name)
        process.kill(process.pid, 'SIGKILL');
}

;// CONCATENATED MODULE: ./src/store/files.ts




/** Temp files writeFileAtomic leaves when killed before its rename; every such write runs under the store lock. */
const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;
/** Writes a file so readers see the old or the new content, never a part: temp file, fsync, rename. `mode`: as fs.openSync's (0o666 less the umask when not given). */
function files_writeFileAtomic(file, content, mode) {
    const temp = external_node_path_default().join(external_node_path_default().dirname(file), `.${external_node_path_default().basename(file)}.${process.pid}.${Date.now()}.tmp`);
    const fd = external_node_fs_default().openSync(temp, 'wx', mode);
    try {
        external_node_fs_default().writeSync(fd, content);
        external_node_fs_default().fsyncSync(fd);
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
    faultPoint(`write:${external_node_path_default().basename(file)}:before-rename`);
    external_node_fs_default().renameSync(temp, file);
}
/** Creates a directory (and parents) and refuses one that is a symlink or a file, so nothing is written through a link. */
function files_ensureRealDirectory(dir) {
    external_node_fs_default().mkdirSync(dir, { recursive: true });
    const stat = external_node_fs_default().lstatSync(dir);
    if (!stat.isDirectory())
        throw new Error(`${dir} is not a directory (a symlink or a file stands there)`);
}
function files_lstatOrUndefined(file) {
    try {
        return external_node_fs_default().lstatSync(file);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/**
 * The sha256 of a file's content, read a MiB at a time: blobs can be larger
 * than any buffer (2 GiB and more). Synchronous, because promotion hashes
 * under the store lock, whose loops are synchronous.
 */
function files_sha256File(file) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    const buffer = Buffer.alloc(1024 * 1024);
    const fd = external_node_fs_default().openSync(file, 'r');
    try {
        for (let read; (read = external_node_fs_default().readSync(fd, buffer, 0, buffer.length, null)) > 0;)
            hash.update(buffer.subarray(0, read));
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/store/no-follow.ts


/**
 * Deleting on a volume that jobs can write. A job may swap any folder on the
 * way (`blobs/`, `.staging/`) for a symlink at any moment, so a path checked
 * with lstat can point elsewhere by the time it is used. Here each folder is
 * opened with O_NOFOLLOW and every later step goes through
 * `/proc/self/fd/<fd>`, which names the opened folder itself, not the path it
 * was found by: a link swapped in afterwards is never followed.
 */
const PROC_FD = '/proc/self/fd';
const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = (external_node_fs_default()).constants;
class NotARealDirectory extends Error {
    constructor(dir, cause) {
        super(`${dir} is a symlink or not a directory: nothing is deleted or written through it`, { cause });
        this.name = 'NotARealDirectory';
    }
}
const no_follow_code = (error) => error.code;
let procFdWorks;
function hasProcFd() {
    procFdWorks ??= external_node_fs_default().existsSync(PROC_FD);
    return procFdWorks;
}
/** Opens `parent/name` as a directory without following a link there; ENOENT passes through. */
function openNoFollow(parent, name, shownAs) {
    try {
        return external_node_fs_default().openSync(external_node_path_default().join(parent, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    }
    catch (error) {
        if (no_follow_code(error) === 'ELOOP' || no_follow_code(error) === 'ENOTDIR')
            throw new NotARealDirectory(shownAs, error);
        throw error;
    }
}
/**
 * Runs `work` with a path that is the directory `base/...components` itself:
 * `base` (volume-path, an admin's choice) may be a link; no component may be.
 * Throws NotARealDirectory when one is a link or a file, ENOENT when absent.
 * Without /proc (not Linux) each component is lstat-ed instead: the same check,
 * with a window between the look and the use.
 */
function inRealDirectory(base, components, work) {
    if (!hasProcFd()) {
        let dir = base;
        for (const name of components) {
            dir = external_node_path_default().join(dir, name);
            if (!external_node_fs_default().lstatSync(dir).isDirectory())
                throw new NotARealDirectory(dir);
        }
        return work(dir);
    }
    const fds = [];
    try {
        let dir = base;
        let shown = base;
        for (const name of components) {
            shown = external_node_path_default().join(shown, name);
            const fd = openNoFollow(dir, name, shown);
            fds.push(fd);
            dir = external_node_path_default().join(PROC_FD, String(fd));
        }
        return work(dir);
    }
    finally {
        for (const fd of fds)
            external_node_fs_default().closeSync(fd);
    }
}
/** inRealDirectory for a folder given as one path under a trusted `base`. */
function inRealDirectoryUnder(base, dir, work) {
    const relative = external_node_path_default().relative(base, dir);
    if (relative.startsWith('..') || external_node_path_default().isAbsolute(relative))
        throw new Error(`${dir} is not under ${base}`);
    return inRealDirectory(base, relative ? relative.split((external_node_path_default()).sep) : [], work);
}
/**
 * Removes `name` in the real directory `parent` (a path from inRealDirectory):
 * a file or link is unlinked (a link never followed), a folder emptied one
 * opened level at a time, then removed. A folder swapped for a link midway
 * makes the open or the rmdir fail: nothing outside is ever touched.
 */
function removeTree(parent, name) {
    const entry = external_node_path_default().join(parent, name);
    let stat;
    try {
        stat = external_node_fs_default().lstatSync(entry);
    }
    catch (error) {
        if (no_follow_code(error) === 'ENOENT')
            return;
        throw error;
    }
    if (!stat.isDirectory()) {
        unlinkIfThere(entry);
        return;
    }
    if (hasProcFd()) {
        const fd = openNoFollow(parent, name, entry);
        try {
            const inside = external_node_path_default().join(PROC_FD, String(fd));
            for (const child of external_node_fs_default().readdirSync(inside))
                removeTree(inside, child);
        }
        finally {
            external_node_fs_default().closeSync(fd);
        }
    }
    else {
        for (const child of external_node_fs_default().readdirSync(entry))
            removeTree(entry, child);
    }
    try {
        external_node_fs_default().rmdirSync(entry);
    }
    catch (error) {
        if (no_follow_code(error) !== 'ENOENT')
            throw error;
    }
}
function unlinkIfThere(file) {
    try {
        external_node_fs_default().unlinkSync(file);
    }
    catch (error) {
        if (no_follow_code(error) !== 'ENOENT')
            throw error;
    }
}
/**
 * Reads a file on the volume only when it is a regular file, without blocking:
 * a FIFO planted where a record belongs would otherwise hang the job (open
 * waits for a writer), and a link could read another tenant's file. Throws
 * ENOENT when absent and an error naming the file for anything else.
 */
function readRegularFileBytes(file) {
    let fd;
    try {
        fd = external_node_fs_default().openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    }
    catch (error) {
        if (no_follow_code(error) === 'ELOOP')
            throw new Error(`${file} is a symlink, not a regular file: not read`, { cause: error });
        throw error;
    }
    try {
        if (!external_node_fs_default().fstatSync(fd).isFile())
            throw new Error(`${file} is not a regular file: not read`);
        return external_node_fs_default().readFileSync(fd);
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}
function no_follow_readRegularFile(file) {
    return readRegularFileBytes(file).toString('utf8');
}

;// CONCATENATED MODULE: ./src/builders/persistent/records-io.ts








/**
 * Where the builder records live. With a persistent volume, in
 * `<volume-path>/.builders/`, which every job on the host shares, so its lock
 * is host-wide. Without one, in the node container (RECORD_IN_CONTAINER), and
 * Docker's one-container-per-name rule is the lock.
 */
const RECORDS_DIR = '.builders';
function recordsDir(volumePath) {
    return external_node_path_default().join(volumePath, RECORDS_DIR);
}
/** The host-wide lock over the records and over making or removing a builder; the folder is made (never through a link) first. */
function withRecordsLock(volumePath, logger, work) {
    files_ensureRealDirectory(recordsDir(volumePath));
    return withDirLock(external_node_path_default().join(recordsDir(volumePath), '.lock'), logger, work);
}
/**
 * Whether the records folder is there (false: nothing recorded yet). Any job
 * can write the volume: a `.builders` that is a symlink or a file would aim
 * the lock, the records and their removal elsewhere, so it throws.
 */
function recordsDirExists(volumePath) {
    const stat = files_lstatOrUndefined(recordsDir(volumePath));
    if (stat && !stat.isDirectory())
        throw new Error(`${recordsDir(volumePath)} is a symlink or not a directory: builder records are not kept through it`);
    return stat !== undefined;
}
/** Runs `work` in the records folder opened without following links (inRealDirectory): one swapped for a link meanwhile is never used. */
function inRecordsDir(volumePath, work) {
    return inRealDirectory(volumePath, [RECORDS_DIR], work);
}
/**
 * A record file, or undefined: only a regular file is read, without blocking
 * (a FIFO planted there would stall every job of the host; readRegularFile),
 * and only one that names the builder its file is named for, so a record
 * cannot stand in for another builder.
 */
function readRecordFile(dir, file) {
    try {
        const record = record_parseRecord(no_follow_readRegularFile(external_node_path_default().join(dir, file)));
        return record && `${record.name}.json` === file ? record : undefined;
    }
    catch {
        return undefined;
    }
}
/** The builder's record as it stands (no lock: a reader never sees half a record). */
function builderRecord(volumePath, name) {
    try {
        return inRecordsDir(volumePath, (dir) => readRecordFile(dir, `${name}.json`));
    }
    catch {
        return undefined;
    }
}
/** Every valid record on the volume (each named for the builder it describes). */
function allRecords(volumePath) {
    return inRecordsDir(volumePath, (dir) => fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .flatMap((file) => readRecordFile(dir, file) ?? []));
}
/** The record whole or not at all (writeFileAtomic); the lock is refreshed first, and a taken-over one stops the write. */
function writeRecord(lock, volumePath, record) {
    lock.keepFresh();
    inRecordsDir(volumePath, (dir) => files_writeFileAtomic(external_node_path_default().join(dir, `${record.name}.json`), JSON.stringify(record)));
}
/** Drops a builder's record: only a regular file in the real records folder, never what a link points at. */
function removeRecord(lock, volumePath, name) {
    lock.keepFresh();
    inRecordsDir(volumePath, (dir) => {
        const file = path.join(dir, `${name}.json`);
        if (lstatOrUndefined(file)?.isFile())
            fs.unlinkSync(file);
    });
}
/** Changes a builder's record under the records lock; nothing when there is none. The record as it was before. */
async function changeRecord(volumePath, name, change, logger) {
    if (!recordsDirExists(volumePath))
        return undefined;
    return withRecordsLock(volumePath, logger, (lock) => {
        const record = builderRecord(volumePath, name);
        if (record)
            writeRecord(lock, volumePath, { ...record, ...change });
        return record;
    });
}
/** Marks the builder used now, so retirement counts from this job's end. Under the records lock: retirement reads them. */
function touchRecord(volumePath, name, logger, now = Date.now(), change = {}) {
    return changeRecord(volumePath, name, { ...change, lastUsedMs: now }, logger);
}
/** Records what a prune left of a builder's cache; its last use stays as it is: being pruned is not being used. */
async function recordCacheBytes(volumePath, name, cacheBytes, logger, now = Date.now()) {
    await changeRecord(volumePath, name, { cacheBytes, budgetCheckedMs: now }, logger);
}
/** The record kept in the node container; undefined when there is none or it is not this builder's. */
async function readNodeRecord(cli, name) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'));
    try {
        const copied = await cli(['cp', `${builderContainer(name)}:${RECORD_IN_CONTAINER}`, dir]);
        if (copied.code !== 0)
            return undefined;
        // docker cp copies a link or a FIFO as it is: only a regular file is read.
        const record = parseRecord(readRegularFile(path.join(dir, path.basename(RECORD_IN_CONTAINER))));
        return record?.name === name ? record : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
/** Writes the record into the node container; `docker cp` swaps the whole file, and a torn read only postpones retirement. */
async function writeNodeRecord(cli, record) {
    const dir = external_node_fs_default().mkdtempSync(external_node_path_default().join(external_node_os_default().tmpdir(), 'cachekeeper-record-'));
    try {
        const file = external_node_path_default().join(dir, 'record.json');
        external_node_fs_default().writeFileSync(file, JSON.stringify(record));
        return (await cli(['cp', file, `${buildx_names_builderContainer(record.name)}:${record_RECORD_IN_CONTAINER}`])).code === 0;
    }
    finally {
        external_node_fs_default().rmSync(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/docker-cli.ts
/**
 * The port every docker call goes through. The runner phases implement it
 * with @actions/exec (runner/exec.ts), the command-line tool with
 * child_process (cli/docker.ts); domain modules only take it as a parameter.
 */
/** Thrown by a DockerCli that cannot run docker at all (not installed, not on PATH). */
class docker_cli_DockerUnavailable extends Error {
}

;// CONCATENATED MODULE: ./src/runner/exec.ts







/**
 * The one place that runs commands: quiet, and a non-zero exit is a result, not an exception.
 * A job container without the docker CLI is common (act_runner's default images): that is
 * said in one plain sentence instead of exec's "Unable to locate executable file" paragraph.
 */
const dockerCli = async (args) => {
    if (!(await which('docker', false))) {
        throw new docker_cli_DockerUnavailable('docker CLI not found on PATH; install it in the job container (or mount the host one) for builder pruning, or set prune-builders: false');
    }
    const started = Date.now();
    const { exitCode, stdout, stderr } = await getExecOutput('docker', args, { silent: true, ignoreReturnCode: true });
    // Every docker call is a process start (~70 ms here): the debug log shows what each phase spends them on.
    core_debug(`docker ${args.slice(0, 3).join(' ')}: exit ${exitCode} in ${Date.now() - started} ms`);
    return { code: exitCode, stdout, stderr };
};
/**
 * Starts docker in the background and returns at once: its output goes to two
 * files, not to the phase's own (the runner waits for those to close), and it
 * outlives the phase in a process group of its own. A docker that cannot be
 * started (none on the job's PATH) throws and leaves no files. `env` is the job's.
 */
function startDetached(args, stdoutFile, stderrFile, env) {
    const out = fs.openSync(stdoutFile, 'w', 0o600);
    const err = fs.openSync(stderrFile, 'w', 0o600);
    let started;
    try {
        const child = spawn('docker', args, { detached: true, stdio: ['ignore', out, err], env });
        // Its 'error' comes a tick later; a child with no pid was never started (no docker on the job's PATH).
        child.on('error', () => undefined);
        child.unref();
        started = child.pid !== undefined;
    }
    finally {
        fs.closeSync(out);
        fs.closeSync(err);
    }
    if (!started) {
        for (const file of [stdoutFile, stderrFile])
            fs.rmSync(file, { force: true });
        throw new DockerUnavailable('docker CLI not found on PATH');
    }
}
/** Runs a Docker credential helper's `get`, the server URL on its standard input; a missing program is a result too. */
async function credentialHelperGet(program, serverUrl) {
    try {
        const { exitCode, stdout, stderr } = await getExecOutput(program, ['get'], { silent: true, ignoreReturnCode: true, input: Buffer.from(serverUrl) });
        return { code: exitCode, stdout, stderr };
    }
    catch (error) {
        return { code: 127, stdout: '', stderr: error_message_errorMessage(error) };
    }
}

;// CONCATENATED MODULE: ./src/phases/builder-budget-step.ts







/** Measures the builder's cache and prunes it to builder-max-size when past it; the recorded size when no check is due. */
async function measure(builder, recorded, runner, beforePrune, now) {
    const known = (recorded ?? builder.record)?.budgetFlag;
    if (builder.dryRun) {
        runner.info(`dry-run: the cache of ${builder.name} is not pruned`);
        return { bytes: await builderCacheBytes(dockerCli, builder.name), flag: known };
    }
    if (recorded?.cacheBytes !== undefined && !budgetCheckDue(recorded, builder.maxSizeBytes, now)) {
        const age = formatDuration(now - (recorded.budgetCheckedMs ?? now));
        runner.info(`Builder ${builder.name}: ${units_formatBytes(recorded.cacheBytes)} of ${units_formatBytes(builder.maxSizeBytes)} when measured ${age} ago; measured again after ${formatDuration(BUDGET_CHECK_INTERVAL_MS)} (its GC policy bounds it meanwhile)`);
        return { bytes: recorded.cacheBytes, flag: known };
    }
    // A prune may drop the build history's records with the cache: the history is read first.
    await beforePrune;
    const budget = await keepWithinBudget(dockerCli, builder.name, builder.maxSizeBytes, known);
    const how = budget.flag ? ` (${budget.flag})` : '';
    if (!budget.ok) {
        runner.warning(`The cache of builder ${builder.name} was not pruned to ${units_formatBytes(builder.maxSizeBytes)}: ${budget.detail}`);
        return { bytes: budget.bytes, flag: known };
    }
    runner.info(`Builder ${builder.name} within ${units_formatBytes(builder.maxSizeBytes)}${how}: ${budget.detail}`);
    const checked = budget.bytes !== undefined ? { budgetCheckedMs: now, cacheBytes: budget.bytes } : undefined;
    return { bytes: budget.bytes, flag: budget.flag ?? known, checked };
}
/**
 * Writes back what was learnt: the volume's record (its last use now), and the
 * node container's copy, which jobs without the volume read, when it would
 * tell them something new.
 */
async function recordUse(builder, recorded, measured, runner, now) {
    const withStore = builder.persistentStore !== false;
    const learnt = { ...(isBudgetFlag(measured.flag) ? { budgetFlag: measured.flag } : {}), ...measured.checked };
    const nodeDue = builder.record !== undefined && (!withStore || nodeRecordDue(recorded, { ...builder.record, ...learnt }, builder.how === 'attached', now));
    const written = runner.now();
    await Promise.all([
        withStore ? touchRecord(builder.volumePath, builder.name, runner, written, { ...learnt, ...(nodeDue ? { nodeRecordMs: written } : {}) }) : undefined,
        nodeDue && builder.record ? writeNodeRecord(dockerCli, { name: builder.name, ...builder.record, lastUsedMs: written, ...learnt }) : undefined
    ]);
}
/**
 * post: the builder's own cache back within builder-max-size; returns its size
 * for the report (as last measured when no check is due, budgetCheckDue).
 * Never throws.
 */
async function budgetStep(builder, runner, { beforePrune, now = runner.now() } = {}) {
    return runner.group('Keeping the persistent builder within its budget', async () => {
        try {
            const recorded = builder.persistentStore !== false ? builderRecord(builder.volumePath, builder.name) : undefined;
            const measured = await measure(builder, recorded, runner, beforePrune, now);
            await recordUse(builder, recorded, measured, runner, now);
            return measured.bytes;
        }
        catch (error) {
            runner.warning(`Persistent builder: ${error_message_errorMessage(error)}`);
            return undefined;
        }
    });
}

;// CONCATENATED MODULE: ./src/phases/builder-history-step.ts

/** post: "N of M steps cached" per build, a row each and the steps-cached output; nothing without a history, never a guess. */
async function reportSteps(builds, runner) {
    if (!builds || builds.length === 0)
        return;
    runner.setOutput(STEPS_CACHED_OUTPUT, builds.map(({ cached, total }) => `${cached}/${total}`).join('\n'));
    await runner.table('Persistent builder steps', builds.map(({ name, cached, total }, i) => [`build ${i + 1}${name ? ` (${name})` : ''}`, `${cached} of ${total} steps cached`]));
}

;// CONCATENATED MODULE: ./src/builders/persistent/known.ts


/**
 * Makes this buildx configuration's record of a builder another one made (a
 * job container's buildx knows only its own; the host's CLI knows none),
 * without --use, as main would make it; buildx finds the running node
 * container by its name. Call it only when that container exists: a record
 * made without one makes the next call bootstrap a new, empty builder.
 * The problem, or undefined when buildx now knows the builder.
 */
async function makeKnown(cli, name, driverOpts = []) {
    const created = await cli(createArgs(name, driverOpts, undefined, false));
    return created.code === 0 || isExistingInstance(created.stderr) ? undefined : `docker buildx create: ${buildx_output_failure(created)}`;
}

;// CONCATENATED MODULE: ./src/host/prune-builder.ts





/**
 * Prunes a persistent builder's cache down to `toBytes` for the host budget,
 * then records what is left (its last use unchanged). Resolves with the
 * problem, or undefined when done. Post and the CLI's gc pass their own docker.
 */
async function pruneBuilderTo(docker, volumePath, name, toBytes, logger) {
    let budget = await keepWithinBudget(docker, name, toBytes);
    if (!budget.ok && isUnknownBuilder(budget.detail)) {
        if ((await docker(existsArgs(name))).code !== 0) {
            // Its container is gone, and its cache with it: the record no longer counts it.
            await recordCacheBytes(volumePath, name, 0, logger);
            return undefined;
        }
        const problem = await makeKnown(docker, name, builderRecord(volumePath, name)?.driverOpts);
        if (problem)
            return problem;
        budget = await keepWithinBudget(docker, name, toBytes);
    }
    if (!budget.ok)
        return budget.detail;
    if (budget.bytes !== undefined)
        await recordCacheBytes(volumePath, name, budget.bytes, logger);
    return undefined;
}

;// CONCATENATED MODULE: ./src/store/last-used.ts



function file(layout) {
    return external_node_path_default().join(layout.meta, 'last-used.json');
}
/** When a build's export last made the store's copy of each scope current (promoted, or exported unchanged). */
function exportedFile(layout) {
    return external_node_path_default().join(layout.meta, 'exported.json');
}
function readLastUsed(layout) {
    return readTimes(file(layout));
}
/**
 * Scope tag -> when an export last made the store's copy current. Read without
 * the lock (written by rename, so never half a file); main decides from it
 * whether this build needs to export the durable copy at all.
 */
function readExported(layout) {
    return readTimes(exportedFile(layout));
}
/**
 * Marks the store's copy of tags current now; under the lock, so two jobs'
 * updates do not undo each other. A dropped scope's time may linger: main
 * exports whenever the store lacks the scope, whatever this says.
 */
function updateExported(lock, layout, current, now = Date.now()) {
    if (current.length === 0)
        return;
    lock.keepFresh();
    const record = readExported(layout);
    for (const tag of current)
        record.set(tag, now);
    files_ensureRealDirectory(layout.meta);
    files_writeFileAtomic(exportedFile(layout), JSON.stringify(Object.fromEntries(record)));
}
function readTimes(from) {
    const record = new Map();
    try {
        const parsed = JSON.parse(no_follow_readRegularFile(from));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            return record;
        // JSON.parse makes `__proto__` an own property, so Object.entries lists it.
        for (const [tag, time] of Object.entries(parsed))
            if (typeof time === 'number' && Number.isFinite(time))
                record.set(tag, time);
    }
    catch {
        // Bookkeeping only: losing it makes every scope look fresh, which deletes nothing.
    }
    return record;
}
/** Marks tags as used now and forgets dropped ones; under the lock, so two jobs' updates do not undo each other. */
function updateLastUsed(lock, layout, { used = [], dropped = [] }, now = Date.now()) {
    if (used.length === 0 && dropped.length === 0)
        return;
    lock.keepFresh();
    const record = readLastUsed(layout);
    for (const tag of used)
        record.set(tag, now);
    for (const tag of dropped)
        record.delete(tag);
    files_ensureRealDirectory(layout.meta);
    // Object.fromEntries defines own properties, so a `__proto__` tag is written like any other.
    files_writeFileAtomic(file(layout), JSON.stringify(Object.fromEntries(record)));
}

;// CONCATENATED MODULE: ./src/store/layout.ts

function layout_storeLayout(root) {
    return {
        root,
        index: external_node_path_default().join(root, 'index.json'),
        ociLayout: external_node_path_default().join(root, 'oci-layout'),
        blobs: external_node_path_default().join(root, 'blobs', 'sha256'),
        staging: external_node_path_default().join(root, '.staging'),
        lock: external_node_path_default().join(root, '.lock'),
        meta: external_node_path_default().join(root, '.meta')
    };
}
const DIGEST = /^sha256:([a-f0-9]{64})$/;
const BLOB_NAME = /^[a-f0-9]{64}$/;
/** The hex part of a sha256 digest, or undefined for anything else (other algorithms, traversal attempts). */
function digestHex(digest) {
    return typeof digest === 'string' ? DIGEST.exec(digest)?.[1] : undefined;
}
function layout_isBlobName(name) {
    return BLOB_NAME.test(name);
}
const layout_OCI_LAYOUT_CONTENT = '{"imageLayoutVersion":"1.0.0"}';

;// CONCATENATED MODULE: ./src/store/lock.ts


/**
 * Runs `work` holding the store's exclusive lock (`<store>/.lock`); throws when
 * it cannot be had within a minute. What must run under it takes the handle
 * `work` is given: its long loops call `lock.keepFresh()`, which also stops
 * them once the lock was taken over.
 */
function withStoreLock(layout, logger, work) {
    return withDirLock(layout.lock, logger, work);
}

;// CONCATENATED MODULE: ./src/oci/manifest.ts
/**
 * The OCI wire shapes the store and the registry client share: descriptors,
 * the manifest media types, how large a manifest may be, and what a cache
 * manifest references. Declared once, so the store's GC and the registry's
 * listing cannot disagree about what a cache holds.
 */
const IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const IMAGE_INDEX = 'application/vnd.oci.image.index.v1+json';
const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0';
/** Every manifest type a cache or image tag may point at: the types whose content lists more descriptors. */
const MANIFEST_TYPES = [
    IMAGE_MANIFEST,
    IMAGE_INDEX,
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
];
/**
 * The most a manifest may hold. Registries cap manifests at 4 MiB (the
 * distribution registry's limit; containerd's resolver reads about as much), and
 * BuildKit's cache importer reads no cache manifest over 1 MiB
 * (cache/remotecache/import.go): a larger one is no cache BuildKit can
 * import, so a store that calls it broken loses nothing, and a reader that
 * stops there spends no memory on a planted giant.
 */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The first 12 hex digits of a digest, as a log row or a table shows one. */
function shortDigest(digest) {
    return digest.replace(/^sha256:/, '').slice(0, 12);
}
/**
 * The descriptors a parsed manifest lists, in either cache format: BuildKit's
 * cache index lists the layers and the cache config in `manifests[]`; an image
 * manifest (image-manifest=true) has `config` and `layers[]`. A manifest with
 * both has both taken: GC marks blobs from this list, and what it left out
 * would be swept. Undefined when the JSON is no manifest (not an object, or a
 * list that is no array). The descriptors are not checked here: each
 * reader holds them to what it needs.
 */
function manifestChildren(parsed) {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return undefined;
    const { manifests = [], config, layers = [] } = parsed;
    if (!Array.isArray(manifests) || !Array.isArray(layers))
        return undefined;
    return [...manifests, ...(config === undefined || config === null ? [] : [config]), ...layers];
}

;// CONCATENATED MODULE: ./src/store/oci.ts







const TAG_ANNOTATION = 'org.opencontainers.image.ref.name';
const NESTED_TYPES = new Set(MANIFEST_TYPES);
const MAX_DEPTH = 4;
// A check stats every descriptor it meets, repeats included. BuildKit's caches list hundreds to a few thousand;
// a store listing more (one child repeated over and over) is built to stall main, post and the cron gc.
const MAX_DESCRIPTORS_PER_CHECK = 100_000;
class CorruptIndexError extends Error {
}
function parseIndex(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new CorruptIndexError(`index.json is not JSON: ${error_message_errorMessage(error)}`);
    }
    const index = parsed;
    if (typeof index !== 'object' || index === null || !Array.isArray(index.manifests ?? [])) {
        throw new CorruptIndexError('index.json has no manifests list');
    }
    return { ...index, schemaVersion: index.schemaVersion ?? 2, manifests: index.manifests ?? [] };
}
/**
 * Reads `index.json` of an OCI layout; an absent file is an empty index. Never
 * follows a symlink, and never blocks on a FIFO planted there.
 */
function oci_readIndex(file) {
    let text;
    try {
        text = no_follow_readRegularFile(file);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return { schemaVersion: 2, manifests: [] };
        // Refused without an errno code: a link, FIFO or device stands there, which no writer of an index leaves.
        if (code === undefined)
            throw new CorruptIndexError(`${file} is not a regular file`);
        throw error;
    }
    return parseIndex(text);
}
function oci_tagOf(descriptor) {
    return descriptor.annotations?.[TAG_ANNOTATION];
}
function oci_findTag(index, tag) {
    // BuildKit replaces a tag's entry, so the last one wins should a writer ever leave two.
    return [...index.manifests].reverse().find((descriptor) => oci_tagOf(descriptor) === tag);
}
function withTag(index, tag, descriptor) {
    const others = index.manifests.filter((entry) => oci_tagOf(entry) !== tag);
    return { ...index, manifests: descriptor ? [...others, descriptor] : others };
}
class Broken extends Error {
}
/** An I/O error other than "not there" (EIO, EACCES, ...), with the path it happened on. */
class Unreadable extends Error {
    file;
    constructor(file, cause, verb = 'read') {
        super(`could not ${verb} ${file}: ${cause.code ?? error_message_errorMessage(cause)}`);
        this.file = file;
    }
}
/** Checks each distinct entry once: retention and GC of one maintenance pass share the results. */
function memoizedCheck(blobsDir) {
    const results = new Map();
    return (descriptor) => {
        const key = `${descriptor.digest}:${descriptor.size}:${descriptor.mediaType}`;
        const cached = results.get(key);
        if (cached)
            return cached;
        const result = oci_checkDescriptor(blobsDir, descriptor);
        results.set(key, result);
        return result;
    };
}
/**
 * Reads a manifest or index blob whole (they are small) and holds it to its
 * digest: a half-copied volume or a disk error can leave the right size with
 * the wrong bytes, and such a manifest must make its tag broken, not unreadable.
 */
function readManifest(file, descriptor, hex) {
    let data;
    try {
        data = readRegularFileBytes(file);
    }
    catch (error) {
        // Refused without an errno code: swapped for a FIFO or a link after the stat; read, it would block or leave the store.
        if (error.code === undefined)
            throw new Broken(`blob ${descriptor.digest} is not a regular file`);
        throw new Unreadable(file, error);
    }
    if ((0,external_node_crypto_namespaceObject.createHash)('sha256').update(data).digest('hex') !== hex)
        throw new Broken(`manifest ${descriptor.digest} does not match its digest`);
    let parsed;
    try {
        parsed = JSON.parse(data.toString('utf8'));
    }
    catch (error) {
        throw new Broken(`manifest ${descriptor.digest} is not a manifest: ${error_message_errorMessage(error)}`);
    }
    const children = manifestChildren(parsed);
    if (!children)
        throw new Broken(`manifest ${descriptor.digest} is not a manifest: no manifests or layers list`);
    // Each child is held to a descriptor's shape where the walk visits it.
    return children;
}
/**
 * One check's walk over a tag's graph. Each blob is stat-ed wherever it is
 * listed, but a manifest's children are walked again only when it is reached
 * deeper than before: a shallower visit finds nothing new (its children were
 * checked, and nesting only gets shallower), while a deeper one may cross
 * MAX_DEPTH, so results do not depend on the order of the lists. Without this,
 * five manifests listing each other 300 times over four levels took hours.
 */
class Walk {
    blobsDir;
    blobs = new Map();
    bytes = 0;
    visited = 0;
    /** Manifest hex -> the deepest level its children were walked from. */
    walkedAt = new Map();
    children = new Map();
    constructor(blobsDir) {
        this.blobsDir = blobsDir;
    }
    visit(descriptor, depth) {
        this.visited += 1;
        if (this.visited > MAX_DESCRIPTORS_PER_CHECK)
            throw new Broken(`lists more than ${MAX_DESCRIPTORS_PER_CHECK} descriptors (repeats included): not checked further`);
        const hex = digestHex(descriptor?.digest);
        if (!hex || typeof descriptor.size !== 'number')
            throw new Broken(`invalid descriptor ${JSON.stringify(descriptor)}`);
        const file = external_node_path_default().join(this.blobsDir, hex);
        const size = this.sizeOf(file, descriptor);
        if (!this.blobs.has(hex))
            this.bytes += size;
        this.blobs.set(hex, size);
        if (!NESTED_TYPES.has(descriptor.mediaType ?? ''))
            return;
        if (depth >= MAX_DEPTH)
            throw new Broken(`manifests nested deeper than ${MAX_DEPTH}`);
        if ((this.walkedAt.get(hex) ?? -1) >= depth)
            return;
        this.walkedAt.set(hex, depth);
        if (size > MAX_MANIFEST_BYTES)
            throw new Broken(`manifest ${descriptor.digest} has ${size} bytes, more than a manifest can have`);
        let children = this.children.get(hex);
        if (!children)
            this.children.set(hex, (children = readManifest(file, descriptor, hex)));
        for (const child of children)
            this.visit(child, depth + 1);
    }
    /** The blob's size, held to its descriptor's. */
    sizeOf(file, descriptor) {
        let stat;
        try {
            stat = external_node_fs_default().lstatSync(file);
        }
        catch (error) {
            if (error.code === 'ENOENT')
                throw new Broken(`blob ${descriptor.digest} is missing`);
            throw new Unreadable(file, error);
        }
        if (!stat.isFile())
            throw new Broken(`blob ${descriptor.digest} is not a regular file`);
        if (stat.size !== descriptor.size)
            throw new Broken(`blob ${descriptor.digest} has ${stat.size} bytes, its descriptor says ${descriptor.size}`);
        return stat.size;
    }
}
/**
 * Checks one index entry: every referenced blob exists with the descriptor's
 * size (a stat each); manifests, read anyway to find their children, are also
 * hashed. Layers are not hashed: that is `check --verify-digests`.
 */
function oci_checkDescriptor(blobsDir, root) {
    const walk = new Walk(blobsDir);
    try {
        walk.visit(root, 0);
        return { state: 'intact', blobs: walk.blobs, bytes: walk.bytes };
    }
    catch (error) {
        if (error instanceof Broken)
            return { state: 'broken', problem: error.message };
        return { state: 'unreadable', problem: error_message_errorMessage(error) };
    }
}

;// CONCATENATED MODULE: ./src/store/check.ts




function hashBlob(layout, hex, failures) {
    const file = path.join(layout.blobs, hex);
    try {
        if (sha256File(file) !== hex)
            failures.corrupt.set(hex, `blob sha256:${hex} does not match its content`);
    }
    catch (error) {
        failures.unreadable.set(hex, `could not read ${file}: ${error.code ?? errorMessage(error)}`);
    }
    return failures.corrupt.get(hex) ?? failures.unreadable.get(hex);
}
/**
 * Every tag resolves, every referenced blob exists with its size, and (with
 * `verifyDigests`) its content hashes to its name. The work is synchronous
 * (sha256File serves promotion's synchronous loop too); callers await the result.
 */
function checkStore(layout, { verifyDigests = false } = {}) {
    return new Promise((resolve) => resolve(checkNow(layout, verifyDigests)));
}
function checkNow(layout, verifyDigests) {
    const failures = { corrupt: new Map(), unreadable: new Map() };
    const result = { ok: true, tags: [], problems: [], failures };
    const hashed = new Map(); // scopes share most blobs: each is hashed once
    let index;
    try {
        index = readIndex(layout.index);
    }
    catch (error) {
        return { ...result, ok: false, problems: [`index.json: ${errorMessage(error)}`] };
    }
    for (const descriptor of index.manifests) {
        const tag = tagOf(descriptor) ?? `(untagged ${descriptor.digest})`;
        const check = checkDescriptor(layout.blobs, descriptor);
        if (check.state !== 'intact') {
            result.tags.push({ tag, state: check.state, problem: check.problem, blobs: 0, bytes: 0 });
            result.problems.push(`${tag}: ${check.problem}`);
            continue;
        }
        if (verifyDigests) {
            for (const hex of check.blobs.keys()) {
                if (!hashed.has(hex))
                    hashed.set(hex, hashBlob(layout, hex, failures));
                const problem = hashed.get(hex);
                if (problem)
                    result.problems.push(`${tag}: ${problem}`);
            }
        }
        result.tags.push({ tag, state: 'intact', blobs: check.blobs.size, bytes: check.bytes });
    }
    result.ok = result.problems.length === 0;
    return result;
}
/**
 * `check` that also holds each tag to what hashing found: a tag referencing
 * content that fails its digest is broken (GC then drops it, as any broken
 * tag, and sweeps what only it referenced); one referencing a blob hashing
 * could not read is unreadable (GC does not sweep on a guess). Hashing runs
 * before the lock, so the lock is held only for the stat-only pass.
 */
function withContentFailures(check, failures) {
    return (descriptor) => {
        const result = check(descriptor);
        if (result.state !== 'intact')
            return result;
        const blobs = [...result.blobs.keys()];
        const corrupt = blobs.find((hex) => failures.corrupt.has(hex));
        if (corrupt)
            return { state: 'broken', problem: failures.corrupt.get(corrupt) };
        const unreadable = blobs.find((hex) => failures.unreadable.has(hex));
        if (unreadable)
            return { state: 'unreadable', problem: failures.unreadable.get(unreadable) };
        return result;
    };
}

;// CONCATENATED MODULE: ./src/store/store.ts





class UnsafeStoreError extends (/* unused pure expression or super */ null && (Error)) {
}
/**
 * Opens (creating when absent) the store `<volumePath>/<repoName>`. The volume
 * itself may be a symlink (an admin's choice on a host runner); the store and
 * everything in it must be real directories, so no write goes through a link.
 */
function openStore(volumePath, repoName) {
    if (!fs.existsSync(volumePath))
        fs.mkdirSync(volumePath, { recursive: true });
    if (!fs.statSync(volumePath).isDirectory())
        throw new UnsafeStoreError(`volume-path ${volumePath} is not a directory`);
    const layout = storeLayout(path.join(volumePath, repoName));
    const existing = lstatOrUndefined(layout.root);
    if (existing && !existing.isDirectory()) {
        throw new UnsafeStoreError(`${layout.root} is not a directory (a symlink or a file stands there); the cache is not used`);
    }
    for (const dir of [layout.root, path.dirname(layout.blobs), layout.blobs, layout.staging])
        ensureRealDirectory(dir);
    if (!lstatOrUndefined(layout.ociLayout))
        writeFileAtomic(layout.ociLayout, OCI_LAYOUT_CONTENT);
    return layout;
}
/**
 * Reads the store's index.json; a corrupt one is renamed aside (kept for a
 * look, never deleted) and the store continues empty.
 */
function store_readStoreIndex(lock, layout, logger) {
    try {
        return oci_readIndex(layout.index);
    }
    catch (error) {
        if (!(error instanceof CorruptIndexError))
            throw error;
        lock.keepFresh();
        const aside = `${layout.index}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        external_node_fs_default().renameSync(layout.index, aside);
        logger.warning(`${error.message}; moved it to ${aside} and this build runs cold`);
        return { schemaVersion: 2, manifests: [] };
    }
}
function writeStoreIndex(lock, layout, index) {
    // A holder whose lock was taken over stops here, before its write could undo the new holder's.
    lock.keepFresh();
    files_writeFileAtomic(layout.index, JSON.stringify(index));
}

;// CONCATENATED MODULE: ./src/store/gc.ts









const noWork = () => ({ droppedTags: [], sweptBlobs: 0, sweptBytes: 0, keptBlobs: 0, keptBytes: 0 });
/**
 * Runs `work` with the store's `blobs/sha256` opened without following links
 * (inStore). A link or a missing folder is returned as the reason, never
 * thrown: through a link every blob would look missing, and dropping scopes
 * on that, or sweeping there, is what must never happen.
 */
function withOpenedBlobs(layout, work) {
    try {
        return gc_inStore(layout, layout.blobs, work);
    }
    catch (error) {
        if (error instanceof NotARealDirectory)
            return { aborted: error.message };
        if (error.code === 'ENOENT')
            return { aborted: new Unreadable(layout.blobs, error).message };
        throw error;
    }
}
/**
 * The mark: every blob the entries reach, with its size; entries whose blobs
 * are gone are dropped (they can never be imported), those a dry run's
 * retention drops are skipped; an unreadable entry aborts the whole run.
 */
function mark(lock, entries, checkEntry, skipped, logger) {
    const marked = new Map();
    const kept = [];
    const droppedTags = [];
    for (const descriptor of entries) {
        lock.keepFresh();
        if (skipped.has(oci_tagOf(descriptor) ?? ''))
            continue;
        const entry = checkEntry(descriptor);
        if (entry.state === 'unreadable')
            return { aborted: `scope ${oci_tagOf(descriptor) ?? descriptor.digest}: ${entry.problem}` };
        if (entry.state === 'broken') {
            logger.warning(`Dropping scope ${oci_tagOf(descriptor) ?? '(untagged)'} from the store: ${entry.problem}`);
            droppedTags.push(oci_tagOf(descriptor) ?? descriptor.digest);
            continue;
        }
        entry.blobs.forEach((size, hex) => marked.set(hex, size));
        kept.push(descriptor);
    }
    return { marked, kept, droppedTags };
}
/**
 * Mark and sweep over the store. Marks every blob reachable from every
 * index.json entry (both cache manifest formats); drops entries whose blobs
 * are gone (they can never be imported); deletes only unmarked regular files
 * with sha256-hex names. Marking and sweeping both look in `blobs`, the
 * folder opened once (withOpenedBlobs), so a link swapped in cannot make
 * scopes look broken or blobs unreferenced. `droppedInDryRun`: the scopes a
 * dry run's retention would have dropped (still in index.json), left unmarked
 * so a dry run counts what the real run deletes.
 */
function collectGarbage(lock, layout, logger, dryRun = false, check, droppedInDryRun = [], blobs) {
    if (blobs === undefined) {
        const done = withOpenedBlobs(layout, (opened) => collectGarbage(lock, layout, logger, dryRun, check, droppedInDryRun, opened));
        return 'droppedTags' in done ? done : { ...noWork(), ...done };
    }
    const checkEntry = check?.(blobs) ?? ((descriptor) => oci_checkDescriptor(blobs, descriptor));
    const result = noWork();
    let index;
    try {
        index = oci_readIndex(layout.index);
    }
    catch (error) {
        return { ...result, aborted: `index.json could not be read: ${error_message_errorMessage(error)}` };
    }
    const marks = mark(lock, index.manifests, checkEntry, new Set(dryRun ? droppedInDryRun : []), logger);
    if ('aborted' in marks)
        return { ...result, aborted: marks.aborted };
    result.droppedTags.push(...marks.droppedTags);
    if (marks.droppedTags.length > 0 && !dryRun)
        writeStoreIndex(lock, layout, { ...index, manifests: marks.kept });
    const { marked } = marks;
    try {
        sweep(lock, layout, blobs, marked, dryRun, result);
    }
    catch (error) {
        if (!(error instanceof Unreadable))
            throw error;
        result.aborted = error.message;
    }
    faultPoint('gc:swept');
    return result;
}
/**
 * Deletes the unmarked blobs; throws Unreadable naming the path an I/O error hit,
 * NotARealDirectory when `blobs/` or `blobs/sha256/` is a link: a job that mounts
 * the volume can point them anywhere, so the sweep runs in the folder it opened.
 */
function sweep(lock, layout, blobs, marked, dryRun, result) {
    const io = (file, action, verb) => {
        try {
            return action();
        }
        catch (error) {
            throw new Unreadable(file, error, verb);
        }
    };
    // Marked blobs were just stat-ed by the check: only the ones to delete are stat-ed again.
    for (const entry of io(layout.blobs, () => external_node_fs_default().readdirSync(blobs, { withFileTypes: true }))) {
        // A sweep of a large store outlasts the lock's stale time: without this a waiter would take over mid-sweep.
        lock.keepFresh();
        const name = entry.name;
        if (!layout_isBlobName(name) || !entry.isFile())
            continue;
        const size = marked.get(name);
        if (size !== undefined) {
            result.keptBlobs += 1;
            result.keptBytes += size;
            continue;
        }
        const file = external_node_path_default().join(blobs, name);
        const shown = external_node_path_default().join(layout.blobs, name);
        const stat = io(shown, () => files_lstatOrUndefined(file));
        if (!stat?.isFile())
            continue;
        if (!dryRun)
            io(shown, () => external_node_fs_default().unlinkSync(file), 'delete');
        faultPoint('gc:blob-swept');
        result.sweptBlobs += 1;
        result.sweptBytes += stat.size;
    }
}
/**
 * Runs `work` in `dir` of the store opened without following links; the
 * volume (the store's parent, an admin's path) is the one link allowed.
 */
function gc_inStore(layout, dir, work) {
    return inRealDirectoryUnder(external_node_path_default().dirname(layout.root), dir, work);
}
/**
 * Removes the sub-folders of the store folder `dir` older than `maxAgeMs`:
 * snapshots of jobs that died before their post, ingest folders of dead
 * exports. `dir` and each folder are opened without following links, so a
 * link planted in their place is removed, never what it points to. Returns their names.
 */
function removeOldFolders(lock, layout, dir, maxAgeMs, now = Date.now(), dryRun = false) {
    const removed = [];
    if (!files_lstatOrUndefined(dir)?.isDirectory())
        return removed;
    gc_inStore(layout, dir, (opened) => {
        for (const name of external_node_fs_default().readdirSync(opened)) {
            const stat = files_lstatOrUndefined(external_node_path_default().join(opened, name));
            if (!stat?.isDirectory() || now - stat.mtimeMs < maxAgeMs)
                continue;
            lock.keepFresh();
            if (!dryRun)
                removeTree(opened, name);
            removed.push(name);
        }
    });
    return removed;
}
/** Removes one job's snapshot folder `.staging/<job>`; a link in its place is unlinked, never followed. */
function removeSnapshot(layout, snapshotDir) {
    if (external_node_path_default().dirname(snapshotDir) !== layout.staging)
        throw new Error(`${snapshotDir} is not a snapshot of ${layout.root}`);
    try {
        gc_inStore(layout, layout.staging, (staging) => removeTree(staging, external_node_path_default().basename(snapshotDir)));
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
}

;// CONCATENATED MODULE: ./src/store/retention.ts
/**
 * The bytes of a set of scopes, shared blobs counted once, kept as a count of
 * the scopes holding each blob: an eviction costs its own blobs, not a new
 * union of every scope left (quadratic: 40k scopes outlasted the lock).
 */
class HeldBlobs {
    bytes = 0;
    // A counter object per blob: one map lookup per blob and scope, the hot loop of a large store.
    holders = new Map();
    add(scope) {
        for (const [hex, size] of scope.blobs) {
            const held = this.holders.get(hex);
            if (held)
                held.count += 1;
            else {
                // A blob has one size: every scope's map comes from a stat of the same file.
                this.holders.set(hex, { count: 1 });
                this.bytes += size;
            }
        }
    }
    /** Takes back a scope added before. */
    remove(scope) {
        for (const [hex, size] of scope.blobs) {
            const held = this.holders.get(hex);
            held.count -= 1;
            if (held.count === 0)
                this.bytes -= size;
        }
    }
}
/**
 * Which scopes to drop: those unused for max-age, then least recently used
 * first (the default branch last) until the store fits max-size. Pure but for
 * `onProgress`, called once per scope counted or evicted (the caller keeps its lock fresh there).
 */
function planRetention(scopes, policy, onProgress = () => { }) {
    const keep = new Set([policy.keep ?? []].flat());
    const defaults = new Set([policy.defaultBranch ?? []].flat());
    const expired = scopes.filter((s) => !keep.has(s.tag) && policy.now - s.lastUsed > policy.maxAgeMs).map((s) => s.tag);
    const expiredTags = new Set(expired);
    const remaining = scopes.filter((s) => !expiredTags.has(s.tag));
    const order = remaining.filter((s) => !keep.has(s.tag)).sort((a, b) => Number(defaults.has(a.tag)) - Number(defaults.has(b.tag)) || a.lastUsed - b.lastUsed);
    const held = new HeldBlobs();
    for (const scope of remaining) {
        onProgress();
        held.add(scope);
    }
    const evicted = [];
    for (const candidate of order) {
        if (held.bytes <= policy.maxSizeBytes)
            break;
        onProgress();
        evicted.push(candidate.tag);
        held.remove(candidate);
    }
    return { expired, evicted, bytesAfter: held.bytes };
}

;// CONCATENATED MODULE: ./src/store/snapshot-space.ts




const HOUR = 60 * 60 * 1000;
// GitHub ends a job after 6 h (timeout-minutes' default, and the most a hosted job may run): a snapshot
// untouched for longer has no job left to use it. A self-hosted job given a longer timeout-minutes risks its snapshot.
const JOB_MAX_RUNTIME_MS = 6 * HOUR;
// Gitea's act_runner ends a job after 3 h by default (runner.timeout). When snapshots push the store over
// max-size, a snapshot untouched that long is taken for dead: its job was most likely cancelled, its post never ran.
const PRESSED_SNAPSHOT_MAX_AGE_MS = 3 * HOUR;
const inodeOf = (stat) => `${stat.dev}:${stat.ino}`;
/** The inodes of the store's blobs; a snapshot blob sharing one costs nothing the store does not count. */
function storeInodes(lock, layout) {
    const inodes = new Set();
    inRealDirectoryUnder(external_node_path_default().dirname(layout.root), layout.blobs, (blobs) => {
        for (const entry of external_node_fs_default().readdirSync(blobs, { withFileTypes: true })) {
            if (!layout_isBlobName(entry.name) || !entry.isFile())
                continue;
            lock.keepFresh();
            inodes.add(inodeOf(external_node_fs_default().lstatSync(external_node_path_default().join(blobs, entry.name), { bigint: true })));
        }
    });
    return inodes;
}
/** The blobs of one snapshot the store has no link to; its folders are opened without following links. */
function heldBy(lock, staging, name, inStore) {
    const held = new Map();
    try {
        inRealDirectory(staging, [name, 'blobs', 'sha256'], (blobs) => {
            for (const entry of external_node_fs_default().readdirSync(blobs, { withFileTypes: true })) {
                if (!layout_isBlobName(entry.name) || !entry.isFile())
                    continue;
                lock.keepFresh();
                const stat = external_node_fs_default().lstatSync(external_node_path_default().join(blobs, entry.name), { bigint: true });
                if (!inStore.has(inodeOf(stat)))
                    held.set(inodeOf(stat), Number(stat.size));
            }
        });
    }
    catch (error) {
        // A snapshot still without blobs, or a link planted in a folder's place: it holds nothing of the store's volume.
        if (!(error instanceof NotARealDirectory) && error.code !== 'ENOENT')
            throw error;
    }
    return held;
}
/**
 * What each job snapshot holds on disk beyond the store: hard links keep a
 * blob that retention evicted, and its bytes stay on the volume until the
 * snapshot goes.
 */
function snapshotSpace(lock, layout) {
    if (!external_node_fs_default().lstatSync(layout.staging, { throwIfNoEntry: false })?.isDirectory())
        return [];
    const inStore = external_node_fs_default().lstatSync(layout.blobs, { throwIfNoEntry: false }) ? storeInodes(lock, layout) : new Set();
    return inRealDirectoryUnder(external_node_path_default().dirname(layout.root), layout.staging, (staging) => external_node_fs_default().readdirSync(staging, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ name: entry.name, held: heldBy(lock, staging, entry.name, inStore) })));
}
/** Bytes the snapshots hold beyond the store, a blob linked from several counted once. */
function heldBytes(snapshots) {
    const inodes = new Map();
    for (const snapshot of snapshots)
        for (const [inode, size] of snapshot.held)
            inodes.set(inode, size);
    let bytes = 0;
    for (const size of inodes.values())
        bytes += size;
    return bytes;
}
/**
 * How old a snapshot may get before maintenance removes it. The rule: a
 * snapshot older than a job can run is dead; while the store plus what
 * snapshots alone hold exceeds max-size, one older than Gitea's default job
 * timeout is taken for dead too. Live snapshots are counted, never evicted
 * for: dropping scopes frees none of what a snapshot holds.
 */
function snapshotMaxAgeMs(storeBytes, snapshotBytes, maxSizeBytes) {
    if (storeBytes === undefined || maxSizeBytes === undefined)
        return JOB_MAX_RUNTIME_MS;
    return storeBytes + snapshotBytes > maxSizeBytes ? PRESSED_SNAPSHOT_MAX_AGE_MS : JOB_MAX_RUNTIME_MS;
}

;// CONCATENATED MODULE: ./src/store/maintain.ts














/** Drops expired and over-budget scopes from index.json (by rename). Skipped when any tag cannot be read. */
function applyRetention(lock, layout, retention, options, check, logger) {
    const now = options.now ?? Date.now();
    const index = oci_readIndex(layout.index);
    const lastUsed = readLastUsed(layout);
    const scopes = [];
    for (const descriptor of index.manifests) {
        lock.keepFresh();
        const tag = oci_tagOf(descriptor);
        const result = check(descriptor);
        if (!tag || result.state === 'broken')
            continue; // GC drops broken entries
        if (result.state === 'unreadable') {
            logger.warning(`Retention skipped: scope ${tag}: ${result.problem}`);
            return undefined;
        }
        // A scope with no record (a store from before retention, or a lost .meta) counts as used now: nothing is dropped on a guess.
        scopes.push({ tag, blobs: result.blobs, lastUsed: lastUsed.get(tag) ?? now });
    }
    const plan = planRetention(scopes, { now, ...retention, keep: options.keep }, () => lock.keepFresh());
    const dropped = [...plan.expired, ...plan.evicted];
    if (dropped.length > 0 && !options.dryRun) {
        const droppedTags = new Set(dropped);
        writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((d) => !droppedTags.has(oci_tagOf(d) ?? '')) });
        faultPoint('retention:index-written');
        updateLastUsed(lock, layout, { dropped }, now);
    }
    if (plan.bytesAfter > retention.maxSizeBytes) {
        logger.warning(`The store still exceeds max-size after eviction: the scopes just written (${(options.keep ?? []).join(', ')}) alone are larger than the budget`);
    }
    return plan;
}
/** Removes temp files of atomic writes killed before their rename (every such write holds the lock we hold). */
function removeLeftoverTempFiles(lock, layout, dryRun) {
    let removed = 0;
    for (const dir of [layout.root, layout.meta]) {
        if (!files_lstatOrUndefined(dir)?.isDirectory())
            continue;
        gc_inStore(layout, dir, (opened) => {
            for (const name of external_node_fs_default().readdirSync(opened)) {
                const file = external_node_path_default().join(opened, name);
                if (!TEMP_FILE.test(name) || !files_lstatOrUndefined(file)?.isFile())
                    continue;
                lock.keepFresh();
                if (!dryRun)
                    external_node_fs_default().unlinkSync(file);
                removed += 1;
            }
        });
    }
    return removed;
}
/**
 * Removes the snapshots of jobs that can no longer be running, by the rule of
 * snapshotMaxAgeMs, weighed after GC: an eviction turns the store blobs that
 * snapshots link into bytes only they hold. A dry run weighs the store as it stands.
 */
function removeDeadSnapshots(lock, layout, storeBytes, options, logger) {
    const maxSizeBytes = options.retention?.maxSizeBytes;
    let snapshots;
    try {
        snapshots = snapshotSpace(lock, layout);
    }
    catch (error) {
        if (error instanceof LockLostError)
            throw error;
        logger.warning(`Snapshots not counted against max-size: ${error_message_errorMessage(error)}`);
    }
    const maxAge = snapshots ? snapshotMaxAgeMs(storeBytes, heldBytes(snapshots), maxSizeBytes) : JOB_MAX_RUNTIME_MS;
    const staleSnapshots = removeOldFolders(lock, layout, layout.staging, maxAge, options.now, options.dryRun);
    const removed = new Set(staleSnapshots);
    const snapshotBytes = snapshots && heldBytes(snapshots.filter(({ name }) => !removed.has(name)));
    if (snapshotBytes && storeBytes !== undefined && maxSizeBytes !== undefined && storeBytes + snapshotBytes > maxSizeBytes) {
        logger.info(`Snapshots of running jobs hold ${units_formatBytes(snapshotBytes)} beyond the store: over max-size until those jobs end`);
    }
    return { staleSnapshots, snapshotBytes };
}
/**
 * Retention, then mark-and-sweep, then leftovers of dead jobs. Every blob is looked at in `blobs/sha256` opened once without
 * following links: a store whose folder is a link loses no scope and nothing
 * outside it is read or deleted (the pass stops with one warning).
 */
function maintainStore(lock, layout, options, logger) {
    const done = withOpenedBlobs(layout, (blobs) => maintainOpened(lock, layout, blobs, options, logger));
    if ('gc' in done)
        return done;
    logger.warning(`Garbage collection aborted: ${done.aborted}`);
    return {
        gc: { aborted: done.aborted, droppedTags: [], sweptBlobs: 0, sweptBytes: 0, keptBlobs: 0, keptBytes: 0 },
        staleSnapshots: [],
        staleIngests: [],
        leftoverTempFiles: 0
    };
}
function maintainOpened(lock, layout, blobs, options, logger) {
    const dryRun = options.dryRun ?? false;
    const stats = memoizedCheck(blobs);
    const check = options.contentFailures ? withContentFailures(stats, options.contentFailures) : stats;
    let retention;
    try {
        if (options.retention)
            retention = applyRetention(lock, layout, options.retention, options, check, logger);
    }
    catch (error) {
        if (error instanceof LockLostError)
            throw error;
        logger.warning(`Retention skipped: ${error_message_errorMessage(error)}`);
    }
    const gc = collectGarbage(lock, layout, logger, dryRun, () => check, [...(retention?.expired ?? []), ...(retention?.evicted ?? [])], blobs);
    if (gc.aborted)
        logger.warning(`Garbage collection aborted: ${gc.aborted}`);
    return {
        retention,
        gc,
        // What GC kept is the store's size; when GC stopped early, retention's count of the scopes left is the best known.
        ...removeDeadSnapshots(lock, layout, gc.aborted ? retention?.bytesAfter : gc.keptBytes, options, logger),
        // A store once written by BuildKit directly (the folk recipe) keeps its ingest/ leftovers: dead once older than a job.
        staleIngests: removeOldFolders(lock, layout, external_node_path_default().join(layout.root, 'ingest'), JOB_MAX_RUNTIME_MS, options.now, dryRun),
        leftoverTempFiles: removeLeftoverTempFiles(lock, layout, dryRun)
    };
}

;// CONCATENATED MODULE: ./src/store/volume.ts


/** Mount points listed in /proc/self/mountinfo (field 5, with the kernel's octal escapes undone). */
function mountPoints(mountinfo) {
    const points = new Set();
    for (const line of mountinfo.split('\n')) {
        const field = line.split(' ')[4];
        if (field)
            points.add(field.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8))));
    }
    return points;
}
/** The nearest mount point at or above an absolute path: the filesystem the path lives on. */
function nearestMountPoint(points, realPath) {
    for (let dir = realPath;; dir = path.dirname(dir)) {
        if (points.has(dir) || dir === path.dirname(dir))
            return dir;
    }
}
/**
 * Why the cache would not outlive this job, or undefined. Only inside a
 * container does it matter: act_runner silently drops a volume that is not in
 * `valid_volumes`, and the folder then lives on the container's own root
 * filesystem and dies with it. A volume mounted at or anywhere above
 * volume-path (`/srv/ci` for `/srv/ci/buildx-cache`) keeps it.
 */
function persistenceProblem(volumePath, { mountinfo, inContainer, realPath }) {
    if (!inContainer || mountinfo === undefined)
        return undefined;
    if (nearestMountPoint(mountPoints(mountinfo), realPath) !== '/')
        return undefined;
    return (`volume-path ${volumePath} is on the job container's root filesystem (no volume is mounted at or above it), so the cache is lost when the job ends. ` +
        `Mount a volume there (container.volumes in the workflow) and list it in valid_volumes of the runner's config.`);
}
/** persistenceProblem for this process: reads /proc/self/mountinfo and the container markers. */
function volumePersistenceProblem(volumePath) {
    let mountinfo;
    try {
        mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8');
    }
    catch {
        mountinfo = undefined;
    }
    return persistenceProblem(volumePath, {
        mountinfo,
        inContainer: fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv'),
        realPath: fs.realpathSync(volumePath)
    });
}
/**
 * Free bytes on the filesystem holding `dir`, or undefined where this Node has
 * no fs.statfsSync (added in 18.15; the bundle runs on 18.0 and later).
 */
function freeBytes(dir) {
    return diskStat(dir)?.freeBytes;
}
/** The size and free space of the filesystem holding `dir`; undefined where this Node has no fs.statfsSync. */
function diskStat(dir) {
    const statfs = (external_node_fs_default()).statfsSync;
    if (typeof statfs !== 'function')
        return undefined;
    const { blocks, bavail, bsize } = statfs(dir);
    return { totalBytes: blocks * bsize, freeBytes: bavail * bsize };
}

;// CONCATENATED MODULE: ./src/host/eviction-plan.ts
/**
 * Which caches on the host give way when the host budget is passed: least
 * recently used first across every repository's store and persistent
 * builder, each repository's default branch last. Pure.
 */
const scopeKey = (repo, tag) => `${repo}\0${tag}`;
/** Counts, per store, how many scopes reference each blob: a blob is freed when its count reaches 0. */
function referenceCounts(scopes) {
    const counts = new Map();
    for (const scope of scopes) {
        const store = counts.get(scope.repo) ?? new Map();
        counts.set(scope.repo, store);
        for (const hex of scope.blobs.keys())
            store.set(hex, (store.get(hex) ?? 0) + 1);
    }
    return counts;
}
function orderedCandidates(input) {
    const scopes = input.scopes
        .filter((scope) => !input.protectedScopes.has(scopeKey(scope.repo, scope.tag)))
        .map((scope) => ({ kind: 'scope', scope }));
    const builders = input.builders
        .filter((builder) => builder.bytes > 0 && !input.protectedBuilders.has(builder.name))
        .map((builder) => ({ kind: 'builder', builder }));
    const lastUsed = (c) => (c.kind === 'scope' ? c.scope.lastUsedMs : c.builder.lastUsedMs);
    const isDefault = (c) => (c.kind === 'scope' && c.scope.isDefault ? 1 : 0);
    return [...scopes, ...builders].sort((a, b) => isDefault(a) - isDefault(b) || lastUsed(a) - lastUsed(b));
}
function planHostEviction(input) {
    const counts = referenceCounts(input.scopes);
    let overBudget = input.overBudget;
    let underFloor = input.underFloor;
    const plan = { scopes: [], builders: [], shortBytes: 0 };
    for (const candidate of orderedCandidates(input)) {
        if (overBudget <= 0 && underFloor <= 0)
            break;
        if (candidate.kind === 'builder') {
            // A builder frees nothing on the volume's disk: it only helps the budget.
            if (overBudget <= 0)
                continue;
            const { name, bytes } = candidate.builder;
            const cut = Math.min(bytes, overBudget);
            plan.builders.push({ name, fromBytes: bytes, toBytes: bytes - cut });
            overBudget -= cut;
            continue;
        }
        const { repo, tag, blobs } = candidate.scope;
        const store = counts.get(repo);
        let freed = 0;
        for (const [hex, size] of blobs) {
            const left = (store.get(hex) ?? 1) - 1;
            store.set(hex, left);
            if (left === 0)
                freed += size;
        }
        plan.scopes.push({ repo, tag, bytes: freed });
        overBudget -= freed;
        underFloor -= freed;
    }
    plan.shortBytes = Math.max(0, overBudget, underFloor);
    return plan;
}

;// CONCATENATED MODULE: ./src/config/input-error.ts
/** A bad input or flag: names it, the value given and what is allowed. */
class input_error_InputError extends Error {
    input;
    value;
    allowed;
    constructor(input, value, allowed) {
        // The command-line tool names its flags (`--repo`), the action its inputs.
        super(`${input.startsWith('--') ? 'Option' : 'Input'} '${input}' has an invalid value '${value}': ${allowed}`);
        this.input = input;
        this.value = value;
        this.allowed = allowed;
        this.name = 'InputError';
    }
}

;// CONCATENATED MODULE: ./src/config/disk-space.ts


/** The defaults of BuildKit's DetectDefaultGCCap (cmd/buildkitd/config/gcpolicy.go, gcpolicy_unix.go), taken as they are. */
const BUILDKIT_DEFAULTS = {
    /** DiskSpaceMaxPercentage / DiskSpaceMaxBytes: the most the cache may use, the lesser of the two. */
    maxPercent: 80,
    maxBytes: 100e9,
    /** DiskSpaceFreePercentage: the free space GC keeps on the disk. */
    minFreePercent: 20,
    /** DiskSpaceReservePercentage / DiskSpaceReserveBytes: what GC never takes the cache below, the lesser of the two. */
    reservePercent: 10,
    reserveBytes: 10e9
};
const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;
/** `20%`, `10GiB` or `auto` (undefined: the caller's default); throws an InputError naming `input`. */
function parseDiskSpace(input, text, { maxPercent = 100 } = {}) {
    const value = text.trim();
    if (value === '' || value === 'auto')
        return undefined;
    const percent = PERCENT.exec(value);
    if (percent) {
        const share = Number(percent[1]);
        if (share > 0 && share <= maxPercent)
            return { percent: share, text: value };
        throw new InputError(input, text, `a share of the disk from above 0% to ${maxPercent}% is allowed, or a size such as 20GiB`);
    }
    const bytes = parseSize(value);
    if (bytes !== undefined)
        return { bytes, text: value };
    throw new InputError(input, text, 'a size with a unit (20GiB, 500MB), a share of the disk (20%) or auto is allowed');
}
function diskSpaceBytes(space, diskBytes) {
    return 'bytes' in space ? space.bytes : Math.floor((diskBytes * space.percent) / 100);
}
function formatDiskSpace(space) {
    return space.text ?? ('bytes' in space ? units_formatBytes(space.bytes) : `${space.percent}%`);
}

;// CONCATENATED MODULE: ./src/host/host-budget.ts



/**
 * The host budget on the volume's disk. Unset, each side is BuildKit's own
 * default (DetectDefaultGCCap): at most 80% of the disk and 100GB, 20% kept
 * free. Throws an InputError for a budget larger than the disk, which could
 * never be kept.
 */
function hostBudget(disk, maxSize, minFree) {
    const maxBytes = maxSize
        ? diskSpaceBytes(maxSize, disk.totalBytes)
        : Math.min(Math.floor((disk.totalBytes * BUILDKIT_DEFAULTS.maxPercent) / 100), BUILDKIT_DEFAULTS.maxBytes);
    const minFreeBytes = diskSpaceBytes(minFree ?? { percent: BUILDKIT_DEFAULTS.minFreePercent }, disk.totalBytes);
    if (maxSize && maxBytes > disk.totalBytes) {
        throw new input_error_InputError('host-max-size', formatDiskSpace(maxSize), `at most the volume's disk, ${units_formatBytes(disk.totalBytes)}, or a share of it (80%) is allowed`);
    }
    if (minFree && minFreeBytes >= disk.totalBytes) {
        throw new input_error_InputError('host-min-free', formatDiskSpace(minFree), `less than the volume's disk, ${units_formatBytes(disk.totalBytes)}, or a share of it (20%) is allowed`);
    }
    return { maxBytes, minFreeBytes };
}
/** What the host still lets all caches add: under the budget and above the floor, whichever is tighter; negative when over. */
function hostHeadroom(budget, disk, cacheBytes) {
    return Math.min(budget.maxBytes - cacheBytes, disk.freeBytes - budget.minFreeBytes);
}
/** The most one cache can hold on this disk even with every other cache evicted: host-max-size, and the disk less its floor. */
function hostCap(budget, disk) {
    return Math.max(0, Math.min(budget.maxBytes, disk.totalBytes - budget.minFreeBytes));
}
/**
 * A store's (or builder's) effective budget: its own, never more than the
 * host could give it. Only the cap: what the other repositories hold is the
 * host pass's to weigh, least recently used first, not this cache's to pay for.
 */
function effectiveBudget(input, ownBytes, cap) {
    if (cap >= ownBytes)
        return { bytes: ownBytes };
    return {
        bytes: cap,
        why: `${input} ${units_formatBytes(ownBytes)} is held to ${units_formatBytes(cap)}: host-max-size and host-min-free on the volume's disk leave no more`
    };
}

;// CONCATENATED MODULE: ./src/host/host-scan.ts










const USAGE_FILE = 'usage.json';
function writeStoreUsage(layout, usage) {
    files_ensureRealDirectory(layout.meta);
    files_writeFileAtomic(external_node_path_default().join(layout.meta, USAGE_FILE), JSON.stringify(usage));
}
/** The store's record as post or the CLI's gc last wrote it; undefined when there is none or it cannot be read. */
function readStoreUsage(layout, repo) {
    try {
        const value = JSON.parse(no_follow_readRegularFile(external_node_path_default().join(layout.meta, USAGE_FILE)));
        if (!Number.isFinite(value.bytes) || !Number.isFinite(value.lastUsedMs))
            return undefined;
        const defaultBranch = Array.isArray(value.defaultBranch) ? value.defaultBranch.filter((tag) => typeof tag === 'string') : [];
        return { repo, bytes: value.bytes, lastUsedMs: value.lastUsedMs, defaultBranch };
    }
    catch {
        return undefined;
    }
}
/** A store no post has recorded yet (made by an older release): its blobs counted once, its last use from its scopes. */
function measureStore(layout, repo) {
    const counted = withOpenedBlobs(layout, (blobs) => {
        let bytes = 0;
        for (const entry of external_node_fs_default().readdirSync(blobs, { withFileTypes: true })) {
            if (layout_isBlobName(entry.name) && entry.isFile())
                bytes += files_lstatOrUndefined(external_node_path_default().join(blobs, entry.name))?.size ?? 0;
        }
        return bytes;
    });
    const times = [...readLastUsed(layout).values()];
    return { repo, bytes: typeof counted === 'number' ? counted : 0, lastUsedMs: times.length > 0 ? Math.max(...times) : 0, defaultBranch: [], measured: true };
}
/** The repositories with a store under the volume: real folders holding an OCI layout (never a link). */
function storeNames(volumePath) {
    let names;
    try {
        names = external_node_fs_default().readdirSync(volumePath);
    }
    catch {
        return [];
    }
    return names.filter((name) => !name.startsWith('.') && files_lstatOrUndefined(external_node_path_default().join(volumePath, name))?.isDirectory() && external_node_fs_default().existsSync(external_node_path_default().join(volumePath, name, 'oci-layout')));
}
function builderRecords(volumePath) {
    try {
        return inRealDirectory(volumePath, [RECORDS_DIR], (dir) => external_node_fs_default().readdirSync(dir).flatMap((file) => {
            if (!file.endsWith('.json'))
                return [];
            let record;
            try {
                record = record_parseRecord(no_follow_readRegularFile(external_node_path_default().join(dir, file)));
            }
            catch {
                return [];
            }
            return record ? [{ name: record.name, bytes: record.cacheBytes ?? 0, lastUsedMs: record.lastUsedMs }] : [];
        }));
    }
    catch {
        return [];
    }
}
function scanHost(volumePath) {
    const stores = storeNames(volumePath).map((repo) => {
        const layout = layout_storeLayout(external_node_path_default().join(volumePath, repo));
        return readStoreUsage(layout, repo) ?? measureStore(layout, repo);
    });
    return { stores, builders: builderRecords(volumePath) };
}
/** Every scope of one store with its blobs, for the eviction plan; a store that cannot be read offers none. */
function storeScopes(volumePath, usage) {
    const layout = layout_storeLayout(external_node_path_default().join(volumePath, usage.repo));
    const lastUsed = readLastUsed(layout);
    const defaults = new Set(usage.defaultBranch);
    const scopes = withOpenedBlobs(layout, (blobs) => {
        const check = memoizedCheck(blobs);
        let manifests;
        try {
            manifests = oci_readIndex(layout.index).manifests;
        }
        catch {
            return [];
        }
        return manifests.flatMap((descriptor) => {
            const tag = oci_tagOf(descriptor);
            const result = check(descriptor);
            if (!tag || result.state !== 'intact')
                return [];
            return [{ repo: usage.repo, tag, lastUsedMs: lastUsed.get(tag) ?? usage.lastUsedMs, blobs: result.blobs, isDefault: defaults.has(tag) }];
        });
    });
    return Array.isArray(scopes) ? scopes : [];
}

;// CONCATENATED MODULE: ./src/host/host-pass.ts













/** The host at a glance, the same words in post's host row and the CLI's host line: all caches against host-max-size, the volume's free space against host-min-free. */
function hostWords({ cacheBytes, budget, disk }) {
    return `all caches ${units_formatBytes(cacheBytes)} of ${units_formatBytes(budget.maxBytes)} host-max-size; volume's disk ${units_formatBytes(disk.freeBytes)} free (host-min-free ${units_formatBytes(budget.minFreeBytes)})`;
}
function cacheBytesOf(caches) {
    return caches.stores.reduce((sum, store) => sum + store.bytes, 0) + caches.builders.reduce((sum, builder) => sum + builder.bytes, 0);
}
/** Drops the planned scopes of one store under its lock, collects its garbage and records what it holds now. */
async function evictFromStore(volumePath, usage, tags, logger) {
    const layout = layout_storeLayout(external_node_path_default().join(volumePath, usage.repo));
    await withStoreLock(layout, logger, (lock) => {
        const index = oci_readIndex(layout.index);
        const drop = new Set(tags);
        writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((descriptor) => !drop.has(oci_tagOf(descriptor) ?? '')) });
        updateLastUsed(lock, layout, { dropped: tags });
        const result = maintainStore(lock, layout, {}, logger);
        if (!result.gc.aborted)
            writeStoreUsage(layout, { ...usage, bytes: result.gc.keptBytes + (result.snapshotBytes ?? 0) });
    });
}
async function applyEviction(options, caches, eviction, logger) {
    for (const usage of caches.stores) {
        const tags = eviction.scopes.filter((scope) => scope.repo === usage.repo).map((scope) => scope.tag);
        if (tags.length === 0)
            continue;
        try {
            await evictFromStore(options.volumePath, usage, tags, logger);
        }
        catch (error) {
            logger.warning(`Host budget: ${usage.repo} not reduced: ${error_message_errorMessage(error)}`);
        }
    }
    for (const { name, toBytes } of eviction.builders) {
        const problem = await options.pruneBuilder?.(name, toBytes);
        if (problem)
            logger.warning(`Host budget: builder ${name} not pruned to ${units_formatBytes(toBytes)}: ${problem}`);
    }
}
/** Stores an older release made have no record: counted once now, recorded so no later post counts them again. */
function recordMeasured(volumePath, stores, logger) {
    for (const { repo, measured, ...usage } of stores) {
        if (!measured)
            continue;
        try {
            writeStoreUsage(layout_storeLayout(external_node_path_default().join(volumePath, repo)), usage);
        }
        catch (error) {
            logger.debug(`Host budget: no usage record written for ${repo}: ${error_message_errorMessage(error)}`);
        }
    }
}
/**
 * The caches with the builder the running job builds on as it is now: its
 * record may predate this job's builds (post measures it at most every 10
 * minutes, budgetCheckDue), and it never gives way, so what the others must
 * lose counts what it really holds. Measured only past the budget.
 */
async function withOwnBuilderMeasured(options, caches) {
    const name = options.protect?.builder;
    if (!name || !options.measureBuilder || !caches.builders.some((builder) => builder.name === name))
        return caches;
    const bytes = await options.measureBuilder(name);
    if (bytes === undefined)
        return caches;
    return { ...caches, builders: caches.builders.map((builder) => (builder.name === name ? { ...builder, bytes } : builder)) };
}
function describe(eviction, dryRun) {
    const verb = dryRun ? 'would evict' : 'evicted';
    return [
        ...eviction.scopes.map(({ repo, tag, bytes }) => `Host budget: ${verb} scope ${tag} of ${repo} (${units_formatBytes(bytes)}), least recently used on the host`),
        ...eviction.builders.map(({ name, fromBytes, toBytes }) => `Host budget: ${dryRun ? 'would prune' : 'pruned'} builder ${name} from ${units_formatBytes(fromBytes)} to ${units_formatBytes(toBytes)}`)
    ];
}
/**
 * Keeps every cache on the host within host-max-size and the volume's disk
 * above host-min-free, least recently used first across repositories. Reads
 * only the caches' records while within both (what post pays on every job);
 * takes each store's lock in turn, never two at once. Undefined where the disk
 * cannot be measured (a Node without statfs).
 */
async function enforceHostBudget(options, logger) {
    const disk = diskStat(options.volumePath);
    if (!disk)
        return undefined;
    const budget = hostBudget(disk, options.maxSize, options.minFree);
    let caches = options.caches ?? scanHost(options.volumePath);
    if (!options.dryRun)
        recordMeasured(options.volumePath, caches.stores, logger);
    if (cacheBytesOf(caches) > budget.maxBytes)
        caches = await withOwnBuilderMeasured(options, caches);
    const cacheBytes = cacheBytesOf(caches);
    const overBudget = cacheBytes - budget.maxBytes;
    const underFloor = budget.minFreeBytes - disk.freeBytes;
    if (overBudget <= 0 && underFloor <= 0)
        return { cacheBytes, budget, disk };
    const protect = options.protect;
    const eviction = planHostEviction({
        scopes: caches.stores.flatMap((usage) => storeScopes(options.volumePath, usage)),
        builders: options.pruneBuilder ? caches.builders : [],
        protectedScopes: new Set(protect ? protect.tags.map((tag) => scopeKey(protect.repo, tag)) : []),
        protectedBuilders: new Set(protect?.builder ? [protect.builder] : []),
        overBudget,
        underFloor
    });
    for (const line of describe(eviction, options.dryRun))
        logger.info(line);
    if (eviction.shortBytes > 0) {
        logger.warning(`Host budget: ${units_formatBytes(eviction.shortBytes)} could not be freed: nothing is left to evict but what the running job uses`);
    }
    if (!options.dryRun)
        await applyEviction(options, caches, eviction, logger);
    const after = options.dryRun ? cacheBytes : cacheBytesOf(scanHost(options.volumePath));
    return { cacheBytes: after, budget, disk: options.dryRun ? disk : (diskStat(options.volumePath) ?? disk), eviction };
}

;// CONCATENATED MODULE: ./src/phases/host-step.ts










/**
 * max-size as the host lets this store keep it: never more than
 * host-max-size, nor than the volume's disk less host-min-free. One line when it
 * shrank. Unchanged where the disk cannot be measured. Also hands back the
 * host's caches as read, so the host pass after need not read them again.
 */
function storeBudget(state, runner) {
    const maxSize = state.retention?.maxSizeBytes;
    if (maxSize === undefined || !state.storeRoot)
        return { maxSizeBytes: maxSize };
    const volumePath = external_node_path_default().dirname(state.storeRoot);
    const disk = diskStat(volumePath);
    if (!disk)
        return { maxSizeBytes: maxSize };
    const caches = scanHost(volumePath);
    const effective = effectiveBudget('max-size', maxSize, hostCap(hostBudget(disk, state.host?.maxSize, state.host?.minFree), disk));
    if (effective.why)
        runner.info(effective.why);
    return { maxSizeBytes: effective.bytes, caches };
}
/** The caches as read before, with this job's store as its post just recorded it. */
function withOwnStore(caches, own) {
    return { ...caches, stores: [...caches.stores.filter((store) => store.repo !== own.repo), own] };
}
/** The host row of post's table: every cache on the host against its budget, and the volume's free space against its floor. */
function hostRow(report) {
    return ['host', hostWords(report)];
}
/** The builder's cache as `buildx du` totals it now, recorded (not in a dry run) so the next post need not measure it again. */
async function measureBuilder(volumePath, name, dryRun, runner) {
    const bytes = await builderCacheBytes(dockerCli, name);
    if (bytes !== undefined && !dryRun)
        await recordCacheBytes(volumePath, name, bytes, runner);
    return bytes;
}
/** Post, after its own store: the host budget across every repository, never what this job uses. */
async function hostStep(state, protectTags, runner, caches) {
    if (!state.storeRoot)
        return undefined;
    try {
        return await enforceHostBudget({
            volumePath: external_node_path_default().dirname(state.storeRoot),
            maxSize: state.host?.maxSize,
            minFree: state.host?.minFree,
            protect: { repo: external_node_path_default().basename(state.storeRoot), tags: protectTags, builder: state.builder?.name },
            dryRun: state.dryRun ?? false,
            caches,
            pruneBuilder: (name, toBytes) => pruneBuilderTo(dockerCli, external_node_path_default().dirname(state.storeRoot), name, toBytes, runner),
            measureBuilder: (name) => measureBuilder(external_node_path_default().dirname(state.storeRoot), name, state.dryRun ?? false, runner)
        }, runner);
    }
    catch (error) {
        runner.warning(`Host budget not enforced: ${error_message_errorMessage(error)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/phases/post-plan.ts
/** Why an export is not promoted, or how it is. */
function exportAction(entry, dryRun) {
    if (!entry.writeTag)
        return { do: 'skip', reason: 'read-only job' };
    if (entry.kept)
        return { do: 'skip', reason: 'the store copy is younger than store-refresh (the persistent builder holds the cache)' };
    return dryRun ? { do: 'dry-run' } : { do: 'promote' };
}
function localPlan(state) {
    const exports = state.exports ?? [];
    if (!state.storeRoot || exports.length === 0 || (state.backend !== 'local' && state.backend !== 'local+registry'))
        return undefined;
    const dryRun = state.dryRun ?? false;
    const restored = state.restoredTags ?? [];
    const written = exports.flatMap(({ writeTag }) => (writeTag ? [writeTag] : []));
    const kept = exports.flatMap(({ writeTag, kept }) => (kept && writeTag ? [writeTag] : []));
    return {
        storeRoot: state.storeRoot,
        dryRun,
        exports: exports.map((entry) => ({ entry, action: exportAction(entry, dryRun) })),
        used: [...new Set([...restored, ...kept])],
        kept,
        protect: [...new Set([...restored, ...written])]
    };
}
function planPost(state) {
    return {
        ...(state.bakeFile ? { bakeFile: state.bakeFile } : {}),
        builderBudget: state.builder !== undefined,
        builderReportAlone: state.builder?.persistentStore === false,
        local: localPlan(state),
        registryCheck: (state.backend === 'registry' || state.backend === 'local+registry') && state.registry !== undefined
    };
}

;// CONCATENATED MODULE: ./src/report/gc-words.ts

/**
 * A sweep in words, for post's table and the command-line tool alike. An
 * aborted sweep says why and gives no counts: they would read as a sweep that
 * ran and found nothing.
 */
function sweepWords(gc, dryRun) {
    if (gc.aborted)
        return `aborted: ${gc.aborted}`;
    return `${dryRun ? 'would delete' : 'deleted'} ${gc.sweptBlobs} blobs (${units_formatBytes(gc.sweptBytes)})`;
}
/** What the store keeps after the sweep; undefined when it was aborted (nothing was counted). */
function keptWords(gc) {
    return gc.aborted ? undefined : `${gc.keptBlobs} blobs (${formatBytes(gc.keptBytes)})`;
}

;// CONCATENATED MODULE: ./src/store/content.ts


// A snapshot hard-links the store's blobs and BuildKit writes into the snapshot: a write
// through such a link is a write into the store. Stored content is made read-only, as
// containerd's content store makes every committed blob.
const READ_ONLY = 0o444;
const WRITABLE_BITS = 0o222;
/** Makes a stored blob read-only; a no-op (no chmod) for one that already is. */
function content_makeReadOnly(file, stat) {
    if ((stat.mode & WRITABLE_BITS) !== 0)
        external_node_fs_default().chmodSync(file, READ_ONLY);
}
/**
 * Moves a blob of `size` bytes (checked by the caller) named `hex` into the
 * store, read-only, never rewriting stored content without proof: an existing
 * blob of another size is replaced only by a copy that hashes to its name.
 * Two files of different sizes cannot both match one digest, so only the
 * export's copy is hashed; the lock is refreshed first, and a taken-over one stops the move.
 */
function placeBlob(lock, source, target, hex, size, existing) {
    lock.keepFresh();
    if (existing?.isFile() && existing.size === size)
        return 'present';
    const replacing = existing?.isFile() === true;
    if (replacing && files_sha256File(source) !== hex)
        return 'kept';
    content_makeReadOnly(source, external_node_fs_default().lstatSync(source));
    external_node_fs_default().renameSync(source, target);
    return replacing ? 'replaced' : 'moved';
}

;// CONCATENATED MODULE: ./src/store/exported-entry.ts







/**
 * With two cache exporters in one build (cache-mode local+registry), the
 * BuildKit of dockerd 26 (0.13) can write the other exporter's manifest
 * digest into the local index.json: the entry then names a manifest the local
 * exporter never wrote, while the one it did write sits in the snapshot. That
 * one is found as the only image manifest with BuildKit's cache config among
 * the blobs this export added (a new file has one link; the store's blobs are
 * hard-linked in, with two or more). Zero or several candidates: the entry
 * is left as it is, and its check says what is missing.
 */
function localExportEntry(snapshotBlobs, entry) {
    if (files_lstatOrUndefined(external_node_path_default().join(snapshotBlobs, entry.digest.replace(/^sha256:/, ''))))
        return entry;
    const candidates = [];
    for (const hex of external_node_fs_default().readdirSync(snapshotBlobs)) {
        const file = external_node_path_default().join(snapshotBlobs, hex);
        const stat = files_lstatOrUndefined(file);
        // Anything larger than a manifest can be is a layer, never read.
        if (!stat?.isFile() || stat.nlink !== 1 || stat.size > MAX_MANIFEST_BYTES)
            continue;
        try {
            const parsed = JSON.parse(no_follow_readRegularFile(file));
            if (parsed.mediaType === IMAGE_MANIFEST && parsed.config?.mediaType === CACHE_CONFIG) {
                candidates.push({
                    mediaType: IMAGE_MANIFEST,
                    digest: `sha256:${hex}`,
                    size: stat.size,
                    ...(entry.annotations ? { annotations: entry.annotations } : {})
                });
            }
        }
        catch {
            // Not JSON: a layer.
        }
    }
    return candidates.length === 1 ? candidates[0] : entry;
}
/** The snapshot's entry for `tag` as the local exporter wrote it; undefined when there is none. Throws CorruptIndexError. */
function snapshotEntry(snapshotDir, tag) {
    const snapshot = layout_storeLayout(snapshotDir);
    const entry = oci_findTag(oci_readIndex(snapshot.index), tag);
    return entry ? localExportEntry(snapshot.blobs, entry) : undefined;
}

;// CONCATENATED MODULE: ./src/store/promote.ts










/** What post would promote: the snapshot's entry for `tag`, when it changed and is intact. Needs no lock. */
function pendingPromotion(snapshotDir, tag, baseDigest) {
    const snapshot = layout_storeLayout(snapshotDir);
    let entry;
    try {
        entry = snapshotEntry(snapshotDir, tag);
    }
    catch (error) {
        if (error instanceof CorruptIndexError)
            return { reason: `the snapshot's ${error.message}` };
        throw error;
    }
    // BuildKit exports only after a successful build: no entry or the old one means nothing new to keep.
    if (!entry)
        return { reason: 'no cache was exported (build failed, was cancelled or exported nothing)' };
    if (entry.digest === baseDigest)
        return { reason: 'the cache is unchanged', unchanged: true };
    const check = oci_checkDescriptor(snapshot.blobs, entry);
    if (check.state !== 'intact')
        return { reason: `the exported cache is incomplete: ${check.problem}` };
    return { entry, blobs: check.blobs, bytes: check.bytes };
}
/**
 * Moves the snapshot's blobs the store lacks into it. Both folders are opened
 * without following links: a build step that swapped one for a link moves
 * nothing from or to outside the volume (throws NotARealDirectory).
 */
function moveBlobs(lock, layout, snapshotDir, blobs, logger) {
    const moved = { blobs: 0, bytes: 0 };
    gc_inStore(layout, layout_storeLayout(snapshotDir).blobs, (snapshotBlobs) => gc_inStore(layout, layout.blobs, (storeBlobs) => {
        for (const [hex, sourceSize] of blobs) {
            const target = external_node_path_default().join(storeBlobs, hex);
            const placement = placeBlob(lock, external_node_path_default().join(snapshotBlobs, hex), target, hex, sourceSize, files_lstatOrUndefined(target));
            if (placement === 'replaced')
                logger.warning(`Blob sha256:${hex} in the store had the wrong size and content; replaced by the exported copy`);
            if (placement === 'kept')
                logger.warning(`Blob sha256:${hex} was exported with content that does not match its digest; the store's copy is kept`);
            if (placement === 'present' || placement === 'kept')
                continue;
            moved.blobs += 1;
            moved.bytes += sourceSize;
            faultPoint('promote:blob-moved');
        }
    }));
    return moved;
}
/**
 * Moves the new blobs of `tag` into the store, then swaps the tag's entry into
 * index.json by rename. Blobs land before the index names them, so a kill at
 * any point leaves every tag resolvable (at worst some unreferenced blobs for
 * GC).
 */
function promote(lock, layout, snapshotDir, tag, baseDigest, logger) {
    const pending = pendingPromotion(snapshotDir, tag, baseDigest);
    if (!('entry' in pending))
        return { state: 'skipped', ...pending };
    const { entry, blobs } = pending;
    let moved;
    try {
        moved = moveBlobs(lock, layout, snapshotDir, blobs, logger);
    }
    catch (error) {
        if (error instanceof NotARealDirectory)
            return { state: 'skipped', reason: error.message };
        throw error;
    }
    faultPoint('promote:blobs-moved');
    const stored = oci_checkDescriptor(layout.blobs, entry);
    if (stored.state !== 'intact') {
        return { state: 'skipped', reason: `the store could not take the cache: ${stored.problem}` };
    }
    writeStoreIndex(lock, layout, withTag(store_readStoreIndex(lock, layout, logger), tag, entry));
    faultPoint('promote:index-written');
    return { state: 'promoted', digest: entry.digest, blobsMoved: moved.blobs, bytesMoved: moved.bytes };
}

;// CONCATENATED MODULE: ./src/store/snapshot.ts








/** A snapshot folder name unique to this job attempt, readable in a listing. */
function snapshotName(env, random) {
    const parts = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, env.GITHUB_JOB].filter(Boolean).join('-');
    return `${parts}-${random}`
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^[._-]+/, '')
        .slice(-100);
}
// BuildKit rewrites index.json in place after every cache export, even an unchanged one;
// main dates its copy at the epoch, so post tells "exported the same cache" from "exported nothing".
const UNEXPORTED_TIME = 0;
/** Whether BuildKit exported into the snapshot (its index.json rewritten since main made it). */
function wasExported(snapshotDir) {
    try {
        return external_node_fs_default().lstatSync(layout_storeLayout(snapshotDir).index).mtimeMs > UNEXPORTED_TIME;
    }
    catch {
        return false;
    }
}
/**
 * Makes the job's private view `.staging/<jobId>/`: every store blob
 * hard-linked read-only (so later GC or promotions cannot pull one from under
 * the build, BuildKit writes only new blobs, and a write through a link cannot
 * change stored content), index.json and oci-layout
 * copied.
 */
function createSnapshot(lock, layout, jobId, writeTag, logger) {
    const index = readStoreIndex(lock, layout, logger);
    const snapshot = storeLayout(path.join(layout.staging, jobId));
    fs.mkdirSync(snapshot.root);
    ensureRealDirectory(snapshot.blobs);
    let blobs = 0;
    // The store's blobs/ opened without following a link: a planted link never brings a file from outside into a job's view.
    inStore(layout, layout.blobs, (storeBlobs) => {
        for (const entry of fs.readdirSync(storeBlobs, { withFileTypes: true })) {
            // The directory entry's type decides: symlinks and folders are never linked.
            if (!isBlobName(entry.name) || !entry.isFile())
                continue;
            lock.keepFresh();
            const stored = path.join(storeBlobs, entry.name);
            // The link shares the store's inode: a blob still writable (from a store older than read-only blobs) is made read-only first.
            makeReadOnly(stored, fs.lstatSync(stored));
            fs.linkSync(stored, path.join(snapshot.blobs, entry.name));
            blobs += 1;
        }
    });
    lock.keepFresh();
    writeFileAtomic(snapshot.ociLayout, OCI_LAYOUT_CONTENT);
    writeFileAtomic(snapshot.index, JSON.stringify(index));
    fs.utimesSync(snapshot.index, UNEXPORTED_TIME, UNEXPORTED_TIME);
    const baseDigest = writeTag ? (findTag(index, writeTag)?.digest ?? '') : '';
    return { dir: snapshot.root, baseDigest, blobs };
}
/**
 * The candidate tags that BuildKit can import from the snapshot, in order.
 * A tag absent from index.json fails the build on buildx < 0.33; a tag with a
 * missing or short blob fails it on every version: both are left out.
 */
function importableTags(snapshotDir, candidates, logger) {
    const snapshot = storeLayout(snapshotDir);
    const index = readIndex(snapshot.index);
    const usable = [];
    for (const tag of candidates) {
        const descriptor = findTag(index, tag);
        if (!descriptor) {
            logger.debug(`Scope ${tag}: not in the store`);
            continue;
        }
        const check = checkDescriptor(snapshot.blobs, descriptor);
        if (check.state === 'intact')
            usable.push(tag);
        else
            logger.warning(`Scope ${tag} is not used: ${check.problem}`);
    }
    return usable;
}

;// CONCATENATED MODULE: ./src/store/usage.ts






/**
 * Compares the snapshot's entry for `tag` with the store: a referenced blob the
 * store holds (same name and size) was re-used, any other was written by this
 * build. Before promotion moves the new blobs: it needs the lock so none moves meanwhile.
 */
function exportUsage(_lock, layout, snapshotDir, tag) {
    if (!tag)
        return { state: 'none', reason: 'read-only job' };
    if (!wasExported(snapshotDir))
        return { state: 'none', reason: 'no cache was exported' };
    const snapshot = layout_storeLayout(snapshotDir);
    let entry;
    try {
        entry = snapshotEntry(snapshotDir, tag);
    }
    catch (error) {
        if (error instanceof CorruptIndexError)
            return { state: 'none', reason: `the snapshot's ${error.message}` };
        throw error;
    }
    if (!entry)
        return { state: 'none', reason: 'no cache was exported' };
    const check = oci_checkDescriptor(snapshot.blobs, entry);
    if (check.state !== 'intact')
        return { state: 'none', reason: `the exported cache is incomplete: ${check.problem}` };
    const usage = { state: 'exported', blobs: check.blobs.size, bytes: check.bytes, newBlobs: 0, newBytes: 0 };
    for (const [hex, size] of check.blobs) {
        const inStore = files_lstatOrUndefined(external_node_path_default().join(layout.blobs, hex));
        if (inStore?.isFile() && inStore.size === size)
            continue;
        usage.newBlobs += 1;
        usage.newBytes += size;
    }
    return usage;
}

;// CONCATENATED MODULE: ./src/history/build-records.ts
/**
 * BuildKit's own record of each build, as `docker buildx history ls --format
 * json` prints it (buildx 0.2x; 0.13 has no `history` command): when a build
 * started and ended and how many of its steps came from the cache. What the
 * cache saved is measured on these, never guessed.
 */
/** The builder's records, newest first; without a builder, the current one's (the job's `docker buildx use`). */
function historyLsArgs(builder) {
    return ['buildx', 'history', 'ls', ...(builder ? ['--builder', builder] : []), '--format', 'json'];
}
/** Lines that are not a finished build's record (a running build has no completed_at) are skipped, never filled in. */
function parseBuildRecords(stdout) {
    const records = [];
    for (const line of stdout.split('\n')) {
        let value;
        try {
            value = JSON.parse(line);
        }
        catch {
            continue;
        }
        if (value === null || typeof value !== 'object')
            continue;
        const startedMs = Date.parse(String(value.created_at));
        const completedMs = Date.parse(String(value.completed_at));
        const { cached_steps: cached, total_steps: total } = value;
        if (!Number.isFinite(startedMs) || !Number.isFinite(completedMs) || completedMs < startedMs)
            continue;
        if (typeof cached !== 'number' || typeof total !== 'number')
            continue;
        records.push({
            ref: typeof value.ref === 'string' ? value.ref : '',
            name: typeof value.name === 'string' ? value.name : '',
            startedMs,
            completedMs,
            cached,
            total
        });
    }
    return records;
}
/** How far a build's end may be from its export's index.json (written by the client just after BuildKit completes). */
const ANCHOR_SLACK_MS = 2_000;
/**
 * This job's builds, oldest first: one per anchor (undefined where no build
 * ended near it), or every build inside the window when there is no anchor.
 */
function jobBuilds(records, window) {
    const inside = records.filter((r) => r.startedMs >= window.fromMs - ANCHOR_SLACK_MS && r.completedMs <= window.toMs + ANCHOR_SLACK_MS);
    if (window.anchorsMs.length === 0)
        return inside.filter((r) => r.startedMs >= window.fromMs).sort((a, b) => a.startedMs - b.startedMs);
    return window.anchorsMs.map((anchor) => {
        let nearest;
        for (const record of inside) {
            const distance = Math.abs(record.completedMs - anchor);
            if (distance <= ANCHOR_SLACK_MS && (!nearest || distance < Math.abs(nearest.completedMs - anchor)))
                nearest = record;
        }
        return nearest;
    });
}
/** The builds' own time, summed (bake targets that ran side by side count each), and their steps. */
function buildTotals(builds) {
    return builds.reduce((sum, b) => ({ ms: sum.ms + (b.completedMs - b.startedMs), cached: sum.cached + b.cached, total: sum.total + b.total }), {
        ms: 0,
        cached: 0,
        total: 0
    });
}

;// CONCATENATED MODULE: ./src/history/scope-history.ts
/**
 * What each scope's cache was worth over its last jobs, kept beside the
 * store's other records (`.meta/history.json`) and bounded: JOBS_KEPT jobs per
 * scope, SCOPES_KEPT scopes per repository. Pure: the file is read and written
 * in history-file.ts.
 */
const JOBS_KEPT = 12;
const SCOPES_KEPT = 32;
function emptyHistory() {
    return { scopes: {}, totals: { jobs: 0, hits: 0, cachedSteps: 0, totalSteps: 0, savedMs: 0 } };
}
const finite = (value) => typeof value === 'number' && Number.isFinite(value);
const scope_history_count = (value) => (finite(value) && value >= 0 ? value : 0);
function parseJob(value) {
    if (!value || typeof value !== 'object')
        return undefined;
    const job = value;
    if (!finite(job.at) || (job.timing !== 'builds' && job.timing !== 'job'))
        return undefined;
    const optional = (name) => (finite(job[name]) ? { [name]: job[name] } : {});
    return {
        at: job.at,
        timing: job.timing,
        hit: job.hit === true,
        ...optional('ms'),
        ...optional('cached'),
        ...optional('total'),
        ...optional('newBytes'),
        ...optional('savedMs')
    };
}
function parseCold(value) {
    const cold = value;
    return cold && finite(cold.ms) && finite(cold.at) ? { ms: cold.ms, at: cold.at } : undefined;
}
/** The file as written by any release; what does not parse is left out, and a file that is not one starts the history over. */
function parseWorthHistory(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return emptyHistory();
    }
    const history = emptyHistory();
    if (!value || typeof value !== 'object')
        return history;
    for (const [scope, entry] of Object.entries(value.scopes ?? {})) {
        const jobs = Array.isArray(entry?.jobs) ? entry.jobs.flatMap((job) => parseJob(job) ?? []).slice(-JOBS_KEPT) : [];
        const cold = {};
        for (const timing of ['builds', 'job']) {
            const reference = parseCold(entry?.cold?.[timing]);
            if (reference)
                cold[timing] = reference;
        }
        if (jobs.length > 0)
            history.scopes[scope] = { jobs, cold };
    }
    const totals = value.totals;
    history.totals = {
        jobs: scope_history_count(totals?.jobs),
        hits: scope_history_count(totals?.hits),
        cachedSteps: scope_history_count(totals?.cachedSteps),
        totalSteps: scope_history_count(totals?.totalSteps),
        savedMs: finite(totals?.savedMs) ? totals.savedMs : 0
    };
    return history;
}
/** The job weighed against the scope's cold reference: a cold job saved nothing; a hit saved the difference, where both were timed alike. */
function weigh(history, scope, measured) {
    if (!measured.hit)
        return { ...measured, ...(measured.ms === undefined ? {} : { savedMs: 0 }) };
    const reference = history.scopes[scope]?.cold[measured.timing];
    if (measured.ms === undefined || !reference)
        return measured;
    return { ...measured, savedMs: reference.ms - measured.ms };
}
/** The history with the job added to its scope, trimmed to its bounds; the least recently built scopes go first. */
function recordJob(history, scope, job) {
    const previous = history.scopes[scope] ?? { jobs: [], cold: {} };
    const cold = !job.hit && job.ms !== undefined ? { ...previous.cold, [job.timing]: { ms: job.ms, at: job.at } } : previous.cold;
    const scopes = { ...history.scopes, [scope]: { jobs: [...previous.jobs, job].slice(-JOBS_KEPT), cold } };
    const newest = (name) => scopes[name].jobs.at(-1)?.at ?? 0;
    const kept = Object.keys(scopes)
        .sort((a, b) => newest(b) - newest(a))
        .slice(0, SCOPES_KEPT);
    const { totals } = history;
    return {
        scopes: Object.fromEntries(kept.map((name) => [name, scopes[name]])),
        totals: {
            jobs: totals.jobs + 1,
            hits: totals.hits + (job.hit ? 1 : 0),
            cachedSteps: totals.cachedSteps + (job.cached ?? 0),
            totalSteps: totals.totalSteps + (job.total ?? 0),
            savedMs: totals.savedMs + (job.savedMs ?? 0)
        }
    };
}

;// CONCATENATED MODULE: ./src/history/history-file.ts







/**
 * Where a repository's history lives: beside the store's other records
 * (`<store>/.meta/history.json`, written under the store's lock), or, for a
 * repository without a store (a registry or gha cache, a persistent builder
 * alone), in `<volume-path>/.history/<repo-name>.json` when the volume exists.
 * Nothing is written outside volume-path.
 */
const HISTORY_FILE = 'history.json';
const HISTORY_DIR = '.history';
function storeHistoryFile(storeRoot) {
    return external_node_path_default().join(layout_storeLayout(storeRoot).meta, HISTORY_FILE);
}
function historyPlace(volumePath, repoName, storeRoot) {
    if (storeRoot)
        return { file: storeHistoryFile(storeRoot) };
    if (!external_node_fs_default().existsSync(volumePath))
        return { why: `volume-path ${volumePath} does not exist` };
    return { file: external_node_path_default().join(volumePath, HISTORY_DIR, `${repoName}.json`) };
}
/** The history as last written; empty when there is none, and when it is not a regular file (a link is never followed). */
function readWorthHistory(file) {
    try {
        return parseWorthHistory(no_follow_readRegularFile(file));
    }
    catch {
        return emptyHistory();
    }
}
/** Readers see the old history or the new one, never a part of either. */
function writeWorthHistory(file, history) {
    files_ensureRealDirectory(external_node_path_default().dirname(file));
    files_writeFileAtomic(file, JSON.stringify(history));
}
/** Every repository's history under the volume: each store's, then those kept for repositories without a store. */
function volumeHistories(volumePath) {
    const histories = new Map();
    for (const repo of storeNames(volumePath)) {
        const file = storeHistoryFile(external_node_path_default().join(volumePath, repo));
        if (external_node_fs_default().existsSync(file))
            histories.set(repo, readWorthHistory(file));
    }
    let loose = [];
    try {
        loose = external_node_fs_default().readdirSync(external_node_path_default().join(volumePath, HISTORY_DIR)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
    }
    catch {
        // No repository without a store has been recorded.
    }
    for (const name of loose) {
        const repo = name.slice(0, -'.json'.length);
        if (!histories.has(repo))
            histories.set(repo, readWorthHistory(external_node_path_default().join(volumePath, HISTORY_DIR, name)));
    }
    return histories;
}

;// CONCATENATED MODULE: ./src/history/measure.ts

/**
 * Each image's builds: the one that ended as its export did, when every image
 * exported (on a builder other jobs share, the others' builds are left out);
 * otherwise every build of the job's window, for each.
 */
function buildsPerImage(worth, records, exports, postStartMs) {
    const anchors = worth.images.map((_, i) => exports[i]?.anchorMs);
    const window = { fromMs: worth.mainEndMs, toMs: postStartMs };
    if (anchors.every((anchor) => anchor !== undefined)) {
        return jobBuilds(records, { ...window, anchorsMs: anchors }).map((build) => (build ? [build] : []));
    }
    const all = jobBuilds(records, { ...window, anchorsMs: [] }).flatMap((build) => build ?? []);
    return worth.images.map(() => all);
}
/**
 * What each scope's job took and whether it hit: its time and steps from
 * BuildKit's records where the job's builds are among them; a hit from the
 * export where there is one (a step's result the store held), else from
 * BuildKit's count of cached steps. Otherwise, where the job exported (so its
 * build finished), the time from main to post, with a hit read from the export
 * (a step's result the store held) or, where that cannot be read, from main
 * having restored a scope. A build that left neither (it failed, or never
 * ran) is unseen: nothing is made up for it.
 */
function measureJob(worth, records, exports, postStartMs) {
    const builds = records ? buildsPerImage(worth, records, exports, postStartMs) : [];
    return worth.images.flatMap((image, i) => {
        const scope = image.writeTag ?? image.restoredTag;
        if (!scope)
            return [];
        const facts = exports[i];
        const common = { at: postStartMs, ...(facts?.newBytes !== undefined ? { newBytes: facts.newBytes } : {}) };
        const record = Boolean(image.writeTag);
        // The export says best whether a step came from the cache: BuildKit's own count includes a FROM image the builder already held.
        const exportHit = facts?.reused ? facts.reused.reused > 0 : undefined;
        const own = builds[i] ?? [];
        if (own.length > 0) {
            const { ms, cached, total } = buildTotals(own);
            return [{ scope, record, measured: { ...common, timing: 'builds', ms, cached, total, hit: exportHit ?? cached > 0 } }];
        }
        if (facts?.anchorMs === undefined)
            return [{ scope, unseen: true }];
        const hit = exportHit ?? Boolean(image.restoredTag);
        return [{ scope, record, measured: { ...common, timing: 'job', ms: Math.max(0, postStartMs - worth.mainEndMs), hit } }];
    });
}

;// CONCATENATED MODULE: ./src/history/reused-results.ts





/**
 * Whether a build's steps came from the cache, read from its own export where
 * buildx keeps no build history (0.13): BuildKit's cache config lists each
 * step's result layer, and a step that was cached exports the very layer the
 * store already holds. The base image's layers are only parents of results,
 * so a build whose first step changed every time shows no re-used result
 * even though the base layer is re-used. (A step that ran again but wrote the
 * same bytes looks cached: the fallback's known limit.)
 */
const reused_results_CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0';
// A cache manifest or config is kilobytes; anything larger is not parsed.
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
function readBlobJson(blobs, digest) {
    const hex = digestHex(digest);
    const stat = hex && files_lstatOrUndefined(external_node_path_default().join(blobs, hex));
    if (!hex || !stat || !stat.isFile() || stat.size > MAX_CONFIG_BYTES)
        return undefined;
    return JSON.parse(no_follow_readRegularFile(external_node_path_default().join(blobs, hex)));
}
/** The digests of the steps' result layers in a cache config. */
function resultLayers(config) {
    const layers = config.layers ?? [];
    const indexes = (config.records ?? []).flatMap((record) => [
        ...(record.layers ?? []).flatMap(({ layer }) => (typeof layer === 'number' ? [layer] : [])),
        ...(record.chains ?? []).flatMap(({ layers: chain }) => (Array.isArray(chain) && chain.length > 0 ? [chain.at(-1)] : []))
    ]);
    return [...new Set(indexes.flatMap((i) => layers[i]?.blob ?? []))];
}
/**
 * How many of the export's step results the store held before this build (call
 * under the store lock, before promotion); undefined when the export cannot
 * be read as a BuildKit cache.
 */
function reusedResults(layout, snapshotDir, tag) {
    try {
        const entry = snapshotEntry(snapshotDir, tag);
        const blobs = external_node_path_default().join(snapshotDir, 'blobs', 'sha256');
        const manifest = entry &&
            readBlobJson(blobs, entry.digest);
        if (!manifest)
            return undefined;
        const descriptor = manifest.config?.mediaType === reused_results_CACHE_CONFIG ? manifest.config : manifest.manifests?.find((m) => m.mediaType === reused_results_CACHE_CONFIG);
        const config = descriptor && readBlobJson(blobs, descriptor.digest);
        if (!config)
            return undefined;
        const results = resultLayers(config);
        const reused = results.filter((digest) => {
            const hex = digestHex(digest);
            return hex !== undefined && files_lstatOrUndefined(external_node_path_default().join(layout.blobs, hex))?.isFile() === true;
        });
        return { results: results.length, reused: reused.length };
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/history/worth-words.ts

/**
 * What post says of a scope's cache: one line a person reads at a glance in
 * a plain log (Gitea and Forgejo show no step summary), the same as rows for
 * the step summary, and the hint when the cache does not pay for itself.
 */
const BARS = '▁▂▃▄▅▆▇█';
/** A job over the window with no time: a gap in the sparkline, never a made-up bar. */
const NO_BAR = '·';
/** Fewer jobs than this say nothing about a trend. */
const HINT_MIN_JOBS = 5;
/** A saving smaller than this share of a cold build per job is within what two runs of one build differ by. */
const NOISE_SHARE = 0.1;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** Bars scaled from the shortest to the longest time, oldest first. */
function sparkline(values) {
    const known = values.filter((value) => value !== undefined);
    if (known.length === 0)
        return values.map(() => NO_BAR).join('');
    const [low, high] = [Math.min(...known), Math.max(...known)];
    return values
        .map((value) => (value === undefined ? NO_BAR : BARS[high === low ? 0 : Math.round(((value - low) / (high - low)) * (BARS.length - 1))]))
        .join('');
}
function timed(job) {
    if (job.ms === undefined)
        return 'not timed';
    return job.timing === 'builds' ? `build ${seconds(job.ms)}` : `${seconds(job.ms)} from the cache step to its post`;
}
function cacheUse(job) {
    if (job.cached !== undefined && job.total !== undefined)
        return `${job.cached} of ${job.total} steps cached`;
    return job.hit ? 'hit' : 'no hit';
}
/** The estimate, or why there is none: a number is given only where both times were measured alike. */
function savedWords(job, cold) {
    if (!job.hit)
        return job.ms === undefined ? 'ran cold' : 'ran cold: the reference for the next jobs';
    const reference = cold[job.timing];
    if (job.savedMs === undefined || !reference) {
        return job.ms === undefined ? 'time saved unknown: the build was not timed' : 'time saved unknown: no cold job of this scope recorded yet';
    }
    const versus = `the last cold one's ${seconds(reference.ms)}, an estimate`;
    return job.savedMs >= 0 ? `saved ~${seconds(job.savedMs)} against ${versus}` : `~${seconds(-job.savedMs)} slower than ${versus}`;
}
/** The recent jobs as a sparkline of their times and the hit rate. */
function trendWords(jobs) {
    const hits = jobs.filter((job) => job.hit).length;
    const times = jobs.flatMap((job) => job.ms ?? []);
    const range = times.length > 1 ? ` ${seconds(Math.min(...times))}–${seconds(Math.max(...times))}` : '';
    const noun = jobs.length === 1 ? 'job' : 'jobs';
    return `last ${jobs.length} ${noun} ${sparkline(jobs.map((job) => job.ms))}${range}, hit ${hits} of ${jobs.length} (${Math.round((100 * hits) / jobs.length)}%)`;
}
/** Post's line for one scope; `kept` false: no history is kept (why), so the line speaks of this build only. */
function worthLine(scope, history, kept) {
    const job = history.jobs.at(-1);
    const head = `Cache worth, scope ${scope}: ${timed(job)}, ${cacheUse(job)}, ${savedWords(job, history.cold)}`;
    return kept === true ? `${head}; ${trendWords(history.jobs)}` : `${head} (this build only: ${kept.why})`;
}
/** The recent jobs, newest first, for the step summary. */
function worthRows(history) {
    return history.jobs
        .map((job) => {
        const when = new Date(job.at).toISOString().replace('T', ' ').slice(0, 16);
        const exported = job.newBytes === undefined ? 'nothing exported' : `${units_formatBytes(job.newBytes)} new in the export`;
        return [when, `${timed(job)}; ${cacheUse(job)}; ${exported}; ${savedWords(job, history.cold)}`];
    })
        .reverse();
}
/** Why the scope's cache does not pay for itself over its recent jobs, or undefined when it does (or too few jobs tell). */
function notPayingOff(history) {
    const recent = history.jobs;
    if (recent.length < HINT_MIN_JOBS)
        return undefined;
    const exported = recent.flatMap((job) => job.newBytes ?? []);
    const each = exported.length > 0 ? `, each exporting ~${units_formatBytes(exported.reduce((a, b) => a + b, 0) / exported.length)} anew` : '';
    const hits = recent.filter((job) => job.hit).length;
    if (hits === 0)
        return `never hit in its last ${recent.length} jobs${each}`;
    const reference = history.cold[recent.at(-1).timing];
    const weighed = recent.filter((job) => job.savedMs !== undefined);
    if (!reference || weighed.length < HINT_MIN_JOBS)
        return undefined;
    const saved = weighed.reduce((sum, job) => sum + job.savedMs, 0);
    if (saved >= NOISE_SHARE * reference.ms * weighed.length)
        return undefined;
    const net = saved >= 0 ? `saved ~${seconds(saved)} in all` : `cost ~${seconds(-saved)} more than cold builds`;
    return `hit in ${hits} of its last ${recent.length} jobs and ${net}, under ${NOISE_SHARE * 100}% of a cold build (${seconds(reference.ms)}) per job${each}`;
}
/** The one hint post gives, naming every scope concerned and what to change. */
function hintText(reasons) {
    const scopes = reasons.map(({ scope, why }) => `scope ${scope} was ${why}`).join('; ');
    const pullRequests = reasons.some(({ scope }) => scope.startsWith('pr-'));
    const advice = [
        "mode: min (exports only the final image's layers, a smaller export)",
        `read-only: true for pull requests${pullRequests ? ' (their scopes are written and rarely read again)' : ''}`,
        'or another backend (cache-mode: registry shares one cache between hosts; off skips the export)'
    ];
    return `The build cache is not paying off: ${scopes}. The export costs time on every job. If a step near the top of the Dockerfile changes each build (a build argument, a copied file with a timestamp), move it down; otherwise consider ${advice.join(', ')}.`;
}

;// CONCATENATED MODULE: ./src/metrics/host-metrics.ts







const host_metrics_PREFIX = 'buildkit_cache_keeper_';
function scopeCount(volume, repo) {
    try {
        return oci_readIndex(layout_storeLayout(external_node_path_default().join(volume, repo)).index).manifests.filter((descriptor) => oci_tagOf(descriptor)).length;
    }
    catch {
        return undefined;
    }
}
function readHostFacts(volume) {
    const caches = scanHost(volume);
    return {
        volume,
        stores: caches.stores.map(({ repo, bytes, lastUsedMs }) => ({ repo, bytes, lastUsedMs, scopes: scopeCount(volume, repo) })),
        builders: caches.builders,
        histories: volumeHistories(volume),
        disk: diskStat(volume)
    };
}
const gauge = (name, help, samples) => ({ name: host_metrics_PREFIX + name, help, type: 'gauge', samples });
const counter = (name, help, samples) => ({ name: host_metrics_PREFIX + name, help, type: 'counter', samples });
const host_metrics_seconds = (ms) => ms / 1000;
/** Per scope, over its recent jobs: what a dashboard plots to see a hit rate fall. */
function scopeFamilies(histories) {
    const scopes = [...histories].flatMap(([repo, history]) => Object.entries(history.scopes).map(([scope, { jobs }]) => ({ repo, scope, jobs })));
    const labels = (repo, scope) => ({ repo, scope });
    return [
        gauge('scope_hit_ratio', `Share of a scope's recent builds (its last ${JOBS_KEPT} at most) that found steps in the cache`, scopes.map(({ repo, scope, jobs }) => ({ labels: labels(repo, scope), value: jobs.filter((job) => job.hit).length / jobs.length }))),
        gauge('scope_last_build_seconds', "A scope's last build time (BuildKit's records; where buildx keeps none, the time from the cache step to its post)", scopes.flatMap(({ repo, scope, jobs }) => {
            const ms = jobs.at(-1)?.ms;
            return ms === undefined ? [] : [{ labels: labels(repo, scope), value: host_metrics_seconds(ms) }];
        }))
    ];
}
/** Per repository, from its history's running totals: [name, help, figure], counters first. */
const REPO_FIGURES = [
    ['builds_total', 'Builds recorded by post, one per job and scope written', (h) => h.totals.jobs],
    ['cache_hits_total', 'Recorded builds that found steps in the cache', (h) => h.totals.hits],
    ['steps_cached_total', "Steps BuildKit took from the cache (where buildx keeps BuildKit's build records)", (h) => h.totals.cachedSteps],
    ['steps_total', "Steps BuildKit ran or took from the cache (where buildx keeps BuildKit's build records)", (h) => h.totals.totalSteps]
];
function repoFamilies(histories) {
    const repos = [...histories];
    const each = (pick) => repos.map(([repo, history]) => ({ labels: { repo }, value: pick(history) }));
    return [
        ...REPO_FIGURES.map(([name, help, pick]) => counter(name, help, each(pick))),
        gauge('time_saved_seconds', "Estimated time the cache saved, summed over the recorded builds: each build against its scope's last cold build timed alike; builds whose saving is unknown count nothing, slower ones count against", each((h) => host_metrics_seconds(h.totals.savedMs)))
    ];
}
function hostFamilies(facts) {
    const { stores, builders, disk } = facts;
    const cacheBytes = stores.reduce((sum, s) => sum + s.bytes, 0) + builders.reduce((sum, b) => sum + b.bytes, 0);
    const volume = { path: facts.volume };
    return [
        gauge('store_bytes', "Bytes of a repository's local cache store, as post or gc last recorded", stores.map((s) => ({ labels: { repo: s.repo }, value: s.bytes }))),
        gauge('store_scopes', "Scopes in a repository's local cache store", stores.flatMap((s) => (s.scopes === undefined ? [] : [{ labels: { repo: s.repo }, value: s.scopes }]))),
        gauge('store_last_used_timestamp_seconds', "When a repository's store was last used (Unix time)", stores.flatMap((s) => (s.lastUsedMs > 0 ? [{ labels: { repo: s.repo }, value: host_metrics_seconds(s.lastUsedMs) }] : []))),
        gauge('builder_cache_bytes', "A persistent builder's own BuildKit cache, as last measured", builders.map((b) => ({ labels: { builder: b.name }, value: b.bytes }))),
        gauge('builder_last_used_timestamp_seconds', 'When a persistent builder was last used (Unix time)', builders.flatMap((b) => (b.lastUsedMs > 0 ? [{ labels: { builder: b.name }, value: host_metrics_seconds(b.lastUsedMs) }] : []))),
        gauge('cache_bytes', 'Every store and persistent builder cache on the host together', [{ labels: volume, value: cacheBytes }]),
        gauge('volume_size_bytes', 'Size of the filesystem holding volume-path', disk ? [{ labels: volume, value: disk.totalBytes }] : []),
        gauge('volume_free_bytes', 'Free space on the filesystem holding volume-path', disk ? [{ labels: volume, value: disk.freeBytes }] : []),
        ...repoFamilies(facts.histories),
        ...scopeFamilies(facts.histories)
    ];
}

;// CONCATENATED MODULE: ./src/metrics/prometheus.ts
/**
 * The Prometheus text exposition format (version 0.0.4), as node_exporter's
 * textfile collector reads it: a HELP and TYPE line per family, then one line
 * per sample. Pure.
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const escapeHelp = (text) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
function sampleLine(name, { labels = {}, value }) {
    const pairs = Object.entries(labels).map(([label, text]) => {
        if (!LABEL.test(label))
            throw new Error(`metric ${name}: label name ${JSON.stringify(label)} is not [a-zA-Z_][a-zA-Z0-9_]*`);
        return `${label}="${escapeLabel(text)}"`;
    });
    return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`;
}
/** Families in the order given; a sample that is not a finite number is left out (never written as NaN: it would read as a figure). */
function renderFamilies(families) {
    const lines = [];
    for (const family of families) {
        if (!NAME.test(family.name))
            throw new Error(`metric name ${JSON.stringify(family.name)} is not [a-zA-Z_:][a-zA-Z0-9_:]*`);
        const samples = family.samples.filter(({ value }) => Number.isFinite(value));
        if (samples.length === 0)
            continue;
        lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
        for (const sample of samples)
            lines.push(sampleLine(family.name, sample));
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

;// CONCATENATED MODULE: ./src/metrics/metrics-file.ts



/**
 * The host's metrics file for node_exporter's textfile collector, which reads
 * every `*.prom` of its folder on each scrape: written to a hidden temp file
 * beside it and renamed over it, so a scrape never reads half a file, and one
 * file per host, so posts of several jobs replace each other's copy instead
 * of adding series.
 */
function hostMetricsText(volume) {
    return renderFamilies(hostFamilies(readHostFacts(volume)));
}
/** Readable by node_exporter's own user: the figures are sizes and times, nothing secret. */
function writeMetricsFile(file, text) {
    files_writeFileAtomic(file, text, 0o644);
}

;// CONCATENATED MODULE: ./src/phases/worth-step.ts













/**
 * post: what the cache was worth to this job, per scope: measured, weighed
 * against the scope's history, recorded, and said in one line (with the
 * recent jobs as a table for the step summary); a hint when a scope's cache
 * does not pay for itself; the host's metrics file rewritten when asked.
 */
/**
 * BuildKit's records of the builder the job built on (the persistent one, or
 * the job's current builder), read once for the worth line and the persistent
 * builder's steps; undefined where buildx keeps none (0.13). Never rejects.
 */
async function readBuildRecords(state, runner) {
    if (!state.worth && state.builder?.sinceMs === undefined)
        return undefined;
    try {
        const result = await dockerCli(historyLsArgs(state.builder?.name));
        if (result.code === 0)
            return parseBuildRecords(result.stdout);
        runner.debug(`Build history not read: ${result.stderr.split('\n')[0]}`);
    }
    catch (error) {
        runner.debug(`Build history not read: ${error_message_errorMessage(error)}`);
    }
    return undefined;
}
/** The persistent builder's builds since main attached it, oldest first, as its steps report takes them. */
function builderSteps(records, sinceMs) {
    if (!records || sinceMs === undefined)
        return undefined;
    return records
        .filter((record) => record.startedMs >= sinceMs)
        .sort((a, b) => a.startedMs - b.startedMs)
        .map(({ name, cached, total }) => ({ name, cached, total }));
}
/** Under the store lock, before promotion moves the export's blobs: when it was written, what it added, which results it re-used. */
function exportFacts(layout, entry, usage) {
    if (!entry.writeTag || entry.kept || !wasExported(entry.snapshotDir))
        return {};
    const anchorMs = external_node_fs_default().lstatSync(layout_storeLayout(entry.snapshotDir).index).mtimeMs;
    const reused = reusedResults(layout, entry.snapshotDir, entry.writeTag);
    return { anchorMs, ...(usage.state === 'exported' ? { newBytes: usage.newBytes } : {}), ...(reused ? { reused } : {}) };
}
/** Weighs each scope's job against its history and records those the job wrote (not in a dry run); what each line shows. */
function weighAndRecord(history, measures) {
    let updated = history;
    const shown = [];
    for (const { scope, record, measured } of measures) {
        const job = weigh(updated, scope, measured);
        const cold = updated.scopes[scope]?.cold ?? {};
        if (!record) {
            shown.push({ scope, history: { jobs: [job], cold }, kept: { why: 'a read-only job, weighed against the scope it read and not recorded' } });
            continue;
        }
        updated = recordJob(updated, scope, job);
        shown.push({ scope, history: updated.scopes[scope], kept: true });
    }
    return { history: updated, shown };
}
async function recordHistory(state, measures, runner) {
    const worth = state.worth;
    if (measures.length === 0)
        return [];
    const place = historyPlace(worth.volumePath, worth.repoName, state.storeRoot);
    if (!('file' in place)) {
        return weighAndRecord(emptyHistory(), measures).shown.map((shown) => ({ ...shown, kept: { why: `no history is kept: ${place.why}` } }));
    }
    const update = () => {
        const { history, shown } = weighAndRecord(readWorthHistory(place.file), measures);
        if (!state.dryRun && measures.some(({ record }) => record))
            writeWorthHistory(place.file, history);
        return shown;
    };
    // The store's records are written under its lock (its GC removes what a killed write leaves); a loose history has no lock.
    return state.storeRoot && !state.dryRun ? withStoreLock(layout_storeLayout(state.storeRoot), runner, update) : update();
}
/** Measures the job, records it and says what it was worth; the hint once, for every scope concerned. */
async function weighJob(state, records, exports, runner, postStartMs) {
    const measures = measureJob(state.worth, records, exports, postStartMs);
    for (const { scope } of measures.filter((m) => 'unseen' in m)) {
        runner.info(`Cache worth, scope ${scope}: nothing recorded: post found neither a BuildKit record of this job's build nor a cache export to time it by`);
    }
    const seen = measures.filter((m) => !('unseen' in m));
    const shown = await recordHistory(state, seen, runner);
    for (const { scope, history, kept } of shown)
        await runner.table(worthLine(scope, history, kept), worthRows(history));
    const reasons = shown.flatMap(({ scope, history, kept }) => {
        const why = kept === true ? notPayingOff(history) : undefined;
        return why ? [{ scope, why }] : [];
    });
    if (reasons.length > 0)
        runner.notice(hintText(reasons));
}
async function worthStep(state, records, exports, runner, postStartMs) {
    const worth = state.worth;
    if (!worth)
        return;
    try {
        const found = await records;
        // Timed from when the build records are in: reading them is the steps report's wait too.
        const started = Date.now();
        await weighJob(state, found, exports, runner, postStartMs);
        runner.debug(`What the cache was worth: weighed and recorded in ${Date.now() - started} ms`);
    }
    catch (error) {
        runner.warning(`What the cache saved was not recorded: ${error_message_errorMessage(error)}`);
    }
    if (!worth.metricsFile)
        return;
    try {
        writeMetricsFile(worth.metricsFile, hostMetricsText(worth.volumePath));
        runner.info(`Host metrics written to ${worth.metricsFile}`);
    }
    catch (error) {
        runner.warning(`metrics-file ${worth.metricsFile} not written: ${error_message_errorMessage(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/phases/promote-step.ts



















/** BuildKit leaves partial files in `ingest/` when an export dies (a full disk, most often). */
function unfinishedExportWarning(snapshotDir) {
    const ingest = external_node_path_default().join(snapshotDir, 'ingest');
    const leftovers = external_node_fs_default().existsSync(ingest) ? external_node_fs_default().readdirSync(ingest).length : 0;
    if (leftovers === 0)
        return undefined;
    const free = freeBytes(snapshotDir);
    const space = free === undefined ? '' : `; ${units_formatBytes(free)} free on the cache volume`;
    return `The cache export did not complete (${leftovers} partial uploads left)${space}. The previous cache is kept.`;
}
/** Applies one export's planned action. */
function promotionOf(lock, layout, { entry, action }, runner) {
    const { snapshotDir, writeTag = '' } = entry;
    if (action.do === 'skip')
        return { state: 'skipped', reason: action.reason };
    if (action.do === 'promote')
        return promote(lock, layout, snapshotDir, writeTag, entry.baseDigest ?? '', runner);
    const pending = pendingPromotion(snapshotDir, writeTag, entry.baseDigest ?? '');
    return { state: 'skipped', reason: 'entry' in pending ? `would promote ${writeTag} (dry-run)` : pending.reason };
}
/** Promotes one snapshot's export (or says what a dry run would), with what the build re-used and added. */
function finishExport(lock, layout, planned, runner, seen) {
    const { entry } = planned;
    const usage = exportUsage(lock, layout, entry.snapshotDir, entry.writeTag);
    seen.exports = [...(seen.exports ?? []), exportFacts(layout, entry, usage)];
    const promotion = promotionOf(lock, layout, planned, runner);
    if (promotion.state === 'skipped' && !entry.kept) {
        const warning = unfinishedExportWarning(entry.snapshotDir);
        if (warning)
            runner.warning(warning);
    }
    const promoted = promotion.state === 'promoted'
        ? `${entry.writeTag}: ${promotion.blobsMoved} new blobs, ${units_formatBytes(promotion.bytesMoved)}`
        : `nothing: ${promotion.reason}`;
    // An export of the same cache makes the store's copy as current as a promotion does.
    const current = promotion.state === 'promoted' || (promotion.unchanged === true && wasExported(entry.snapshotDir));
    return { tag: entry.writeTag, promoted, usage, promotion, current };
}
/** The snapshots are done with; a link planted in one's place is unlinked, never followed (removeSnapshot). */
function removeSnapshots(layout, local, runner) {
    for (const { entry } of local.exports) {
        try {
            removeSnapshot(layout, entry.snapshotDir);
        }
        catch (error) {
            runner.warning(`Snapshot ${entry.snapshotDir} not removed: ${error_message_errorMessage(error)}`);
        }
    }
}
/** What the job used and what is current: the scopes read, kept and written marked used, the exported ones marked current. */
function promote_step_recordUse(lock, layout, local, finished, written) {
    if (local.dryRun)
        return;
    updateLastUsed(lock, layout, { used: [...local.used, ...written] });
    updateExported(lock, layout, finished.flatMap(({ tag, current }) => (current && tag ? [tag] : [])));
    faultPoint('post:last-used-written');
}
/**
 * Retention and GC within what the host lets this store keep, then the
 * store's size recorded for the host budget (and handed on, so the host pass
 * need not read every record again).
 */
function maintainWithinHost(lock, layout, state, keep, runner, seen) {
    const dryRun = state.dryRun ?? false;
    const { maxSizeBytes, caches } = storeBudget(state, runner);
    const retention = state.retention && maxSizeBytes !== undefined ? { ...state.retention, maxSizeBytes } : state.retention;
    const result = maintainStore(lock, layout, { retention, keep, dryRun }, runner);
    // What snapshots of running (or dead) jobs alone hold is on the volume too: counted, so cache-size is what the store costs.
    const storeBytes = result.gc.keptBytes + (result.snapshotBytes ?? 0);
    const usage = { bytes: storeBytes, lastUsedMs: runner.now(), defaultBranch: [state.retention?.defaultBranch ?? []].flat() };
    if (!dryRun && !result.gc.aborted)
        writeStoreUsage(layout, usage);
    if (caches)
        seen.caches = withOwnStore(caches, { repo: external_node_path_default().basename(layout.root), ...usage });
    return { result, storeBytes, maxSizeBytes };
}
/** The tags of the store's index.json; none when it cannot be read (the table only). */
function storeTags(layout) {
    try {
        return oci_readIndex(layout.index).manifests.flatMap((descriptor) => oci_tagOf(descriptor) ?? []);
    }
    catch {
        return [];
    }
}
/** Promotes every planned export, then retention and GC, under the store lock; what happened, for the table and the outputs. */
async function promoteStep(local, state, runner, builderCacheBytes, seen) {
    const layout = layout_storeLayout(local.storeRoot);
    try {
        return await withStoreLock(layout, runner, (lock) => {
            const finished = local.exports.map((planned) => finishExport(lock, layout, planned, runner, seen));
            const written = finished.flatMap(({ tag, promotion }) => (promotion.state === 'promoted' && tag ? [tag] : []));
            // Removing the snapshots first frees what a failed export left on a full volume.
            faultPoint('post:before-snapshot-removal');
            removeSnapshots(layout, local, runner);
            promote_step_recordUse(lock, layout, local, finished, written);
            const { result, storeBytes, maxSizeBytes } = maintainWithinHost(lock, layout, state, [...written, ...local.kept], runner, seen);
            const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? []), ...result.gc.droppedTags];
            return {
                dryRun: local.dryRun,
                exports: finished.map(({ tag, promoted, usage }) => ({ tag, promoted, usage })),
                scopesKept: storeTags(layout).filter((tag) => !dropped.includes(tag)),
                scopesDropped: dropped,
                gc: sweepWords(result.gc, local.dryRun),
                ...(result.gc.aborted ? {} : { storeBlobs: result.gc.keptBlobs, storeBytes }),
                maxSizeBytes,
                staleSnapshots: result.staleSnapshots,
                builderCacheBytes,
                builderMaxBytes: state.builder?.maxSizeBytes,
                removedTag: state.removedTag
            };
        });
    }
    finally {
        // Also when the lock could not be had or a step failed: a snapshot left behind only costs disk.
        removeSnapshots(layout, local, runner);
    }
}

;// CONCATENATED MODULE: ./src/registry/deadline.ts
/**
 * All of one step's registry work (main's lookup, post's check of the export
 * and deletion of the manifest it superseded, a closed pull request's
 * deletion) ends within this. A healthy registry needs a few seconds; a slow
 * or hostile one paging its tag list one tag at a time, each page just inside
 * the request timeout, would otherwise hold the job for about 90 minutes. Past
 * it the step warns once and goes on.
 */
const deadline_REGISTRY_DEADLINE_MS = 60_000;
const deadline_deadlineAfter = (limitMs, now = Date.now()) => ({ at: now + limitMs, limitMs });
/** Why a request was cut short or not sent: the same words wherever the deadline ends the work. */
const deadlineProblem = (deadline) => `the registry work of this step passed its limit of ${deadline.limitMs / 1000} s, so the rest of it is skipped`;

;// CONCATENATED MODULE: ./src/registry/pool.ts
async function inPool(items, limit, work, stopAfter = () => false) {
    const results = new Array(items.length).fill(undefined);
    let next = 0;
    let stopped = false;
    const worker = async () => {
        while (next < items.length && !stopped) {
            const index = next++;
            const result = await work(items[index]);
            results[index] = result;
            if (stopAfter(result))
                stopped = true;
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/registry/scopes.ts


/**
 * Resolves `tags` in order until one exists. The first failure ends the walk:
 * a registry that cannot be reached or refuses us will not answer the next tag either.
 */
async function scopes_lookUpScopes(client, tags, writeTag) {
    const result = {};
    for (const tag of tags) {
        const lookup = await client.resolve(tag);
        if (lookup.state === 'failed')
            return { ...result, problem: lookup.problem };
        if (tag === writeTag)
            result.writeDigest = lookup.state === 'found' ? lookup.digest : '';
        if (lookup.state === 'found')
            return { ...result, restored: tag };
    }
    return result;
}
function judgeExport(taggedRef, before, after) {
    if (after.state === 'failed') {
        const row = `not checked: ${after.problem}`;
        return {
            row,
            warning: `The cache export to ${taggedRef} could not be checked (${after.problem}); if the builder could not reach or log in to the registry either, nothing was cached and the next build runs cold`
        };
    }
    if (after.state === 'absent') {
        return {
            row: `missing: no cache arrived at ${taggedRef}`,
            warning: `No cache arrived at ${taggedRef}: the cache export failed or did not run (a failed build, or a builder that cannot reach or log in to the registry; the build log's "exporting cache" step says which). The next build with this scope runs cold`
        };
    }
    if (before === after.digest) {
        // BuildKit re-exports a warm build's cache, often byte for byte: the same digest is what a build with nothing new leaves too.
        return { row: `unchanged at ${taggedRef} (${shortDigest(after.digest)}): nothing new to export, or the export failed (the build log tells which)` };
    }
    const verb = before === undefined ? 'present' : before === '' ? 'written' : 'updated';
    return { row: `${verb} at ${taggedRef} (${shortDigest(after.digest)})` };
}
/** More tags than this are not resolved one by one: the manifest is then kept, never deleted on a guess. */
const MAX_TAGS_RESOLVED = 1000;
// Resolutions in flight at once (inPool).
const RESOLVE_CONCURRENCY = 8;
const ownTags = (own) => (own === undefined ? [] : typeof own === 'string' ? [own] : own);
/** Which tags other than `own` point at `digest`; anything the registry does not answer makes it unknown. */
async function tagsSharing(client, digest, own, limit = MAX_TAGS_RESOLVED) {
    const list = await client.listTags(limit);
    if (list.state === 'failed')
        return { state: 'unknown', problem: list.problem };
    if (list.truncated)
        return { state: 'unknown', problem: `the repository holds more than ${limit} tags, more than the action resolves` };
    const owned = ownTags(own);
    const others = list.tags.filter((tag) => !owned.includes(tag));
    // One failure makes the answer unknown: no further tag is asked.
    const lookups = await inPool(others, RESOLVE_CONCURRENCY, (tag) => client.resolve(tag), (lookup) => lookup.state === 'failed');
    const failed = lookups.findIndex((lookup) => lookup?.state === 'failed');
    const failure = lookups[failed];
    if (failure?.state === 'failed')
        return { state: 'unknown', problem: `${failure.problem} (while resolving ${others[failed]})` };
    // A tag gone since the list was read no longer holds the manifest.
    return { state: 'known', tags: others.filter((_tag, i) => lookups[i]?.state === 'found' && lookups[i].digest === digest) };
}
const listOf = (tags) => (tags.length > 5 ? `${tags.slice(0, 5).join(', ')} and ${tags.length - 5} more` : tags.join(', '));
/** What a user can do about a registry that refuses deletes; undefined where the refusal is a permission (401/403). */
function refusalHint(deletion) {
    if (deletion.status !== 405 && !/UNSUPPORTED/.test(deletion.problem))
        return undefined;
    return 'a distribution registry (docker-registry, registry:2) deletes with REGISTRY_STORAGE_DELETE_ENABLED=true (storage.delete.enabled: true); GHCR deletes package versions only through the GitHub API';
}
/**
 * Deletes the manifest `digest` unless a tag other than `own` points at it: a
 * registry deleting a manifest drops every tag on it, and those may be the
 * user's images. When others share it, only `own` is deleted, where the
 * registry supports deleting a tag (OCI distribution 1.1), else nothing.
 * Tags that cannot be listed or resolved keep the manifest: never delete on a guess.
 */
async function removeManifest(client, digest, own, dryRun) {
    const sharing = await tagsSharing(client, digest, own);
    if (sharing.state === 'unknown') {
        return { state: 'kept', digest, reason: `the tags that may share its manifest could not be checked (${sharing.problem})` };
    }
    const shared = sharing.tags;
    const owned = ownTags(own);
    // Before the dry run: a manifest others hold, with no tag of its own to go, is kept by a real run too.
    if (shared.length > 0 && owned.length === 0)
        return { state: 'kept', digest, reason: `${listOf(shared)} still point at it`, heldByOthers: true };
    if (dryRun)
        return { state: 'would-delete', digest, sharedWith: shared };
    if (shared.length > 0) {
        // Tag by tag; a registry of the older API refuses the first, and then none is gone.
        for (const tag of owned) {
            const byTag = await client.deleteTag(tag);
            if (byTag.state === 'deleted' || byTag.state === 'absent')
                continue;
            const gone = owned.slice(0, owned.indexOf(tag));
            return {
                state: 'kept',
                digest,
                reason: `it points at the same manifest as ${listOf(shared)}, and this registry deletes manifests only by digest, which would delete ${shared.length > 1 ? 'those tags' : shared[0]} too` +
                    (gone.length > 0 ? ` (the tags ${gone.join(', ')} were deleted)` : '')
            };
        }
        return { state: 'deleted', digest, tagOnly: true };
    }
    const deletion = await client.deleteManifest(digest);
    switch (deletion.state) {
        case 'deleted':
        case 'absent':
            return { state: 'deleted', digest, tagOnly: false };
        case 'refused': {
            const hint = refusalHint(deletion);
            return { state: 'refused', digest, problem: deletion.problem, ...(hint ? { hint } : {}) };
        }
        case 'failed':
            return { state: 'failed', digest, problem: deletion.problem };
    }
}
/** A closed pull request's tag: resolved, then its manifest removed by the rule of removeManifest. */
async function deleteScope(client, tag, dryRun) {
    const lookup = await client.resolve(tag);
    if (lookup.state === 'failed')
        return { state: 'failed', problem: lookup.problem };
    if (lookup.state === 'absent')
        return { state: 'absent' };
    return removeManifest(client, lookup.digest, tag, dryRun);
}
/**
 * Scopes removed on request, by the rule of removeManifest. Requested tags on one
 * manifest are removed together: the manifest goes by digest when no tag outside
 * the request points at it, since every tag it would take with it was asked for.
 */
async function removeScopes(client, tags, dryRun) {
    const outcomes = new Map();
    const byDigest = new Map();
    for (const tag of new Set(tags)) {
        const lookup = await client.resolve(tag);
        if (lookup.state === 'found')
            byDigest.set(lookup.digest, [...(byDigest.get(lookup.digest) ?? []), tag]);
        else
            outcomes.set(tag, lookup.state === 'absent' ? { state: 'absent' } : { state: 'failed', problem: lookup.problem });
    }
    for (const [digest, group] of byDigest) {
        const removal = await removeManifest(client, digest, group, dryRun);
        for (const tag of group)
            outcomes.set(tag, removal);
    }
    return [...new Set(tags)].map((tag) => ({ tag, removal: outcomes.get(tag) ?? { state: 'absent' } }));
}

;// CONCATENATED MODULE: ./src/report/removal-words.ts

/**
 * A registry deletion in words, the same for main's ended scope, post's
 * superseded manifest and `registry rm`. `subject` names what was to go: a
 * tagged reference, or which manifest of one.
 */
function removalWords(subject, removal) {
    switch (removal.state) {
        case 'deleted':
            return { line: `${subject}: deleted${removal.tagOnly ? ' (the tag only; other tags share its manifest)' : ` (manifest ${removal.digest})`}` };
        case 'would-delete':
            return {
                line: removal.sharedWith.length > 0
                    ? `${subject}: would delete the tag only (dry-run), where the registry allows it; ${removal.sharedWith.join(', ')} share its manifest ${shortDigest(removal.digest)}`
                    : `${subject}: would delete manifest ${removal.digest} (dry-run)`
            };
        case 'absent':
            return { line: `${subject}: not in the registry` };
        case 'kept':
            // Another tag holding it is the rule working, not a problem.
            return { line: `${subject}: kept, ${removal.reason}`, ...(removal.heldByOthers ? {} : { warning: `The cache ${subject} is kept: ${removal.reason}` }) };
        case 'refused':
        case 'failed': {
            const why = 'hint' in removal && removal.hint ? `${removal.problem}; ${removal.hint}` : removal.problem;
            return { line: `${subject}: not deleted, ${why}`, warning: `The cache ${subject} was not deleted: ${why}` };
        }
    }
}

;// CONCATENATED MODULE: ./src/registry/challenge.ts
/**
 * Parses a `WWW-Authenticate` header value (RFC 7235: `Scheme k=v, k="v, with commas"`),
 * several challenges possibly in one value. Returns the first Bearer or Basic
 * challenge, Bearer preferred, or undefined when there is none we can answer.
 */
function parseChallenge(header) {
    if (!header)
        return undefined;
    const challenges = [];
    // scheme, or key=value with a quoted or plain value; commas separate both.
    const token = /\s*(?:([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))|([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*))\s*,?/y;
    let position = 0;
    while (position < header.length) {
        token.lastIndex = position;
        const match = token.exec(header);
        if (!match || match[0] === '')
            break;
        position = token.lastIndex;
        const [, key, quoted, plain, scheme] = match;
        if (scheme)
            challenges.push({ scheme: scheme.toLowerCase(), params: {} });
        else if (key && challenges.length > 0) {
            challenges[challenges.length - 1].params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (plain ?? '');
        }
    }
    // A realm that is no http(s) URL cannot be asked for a token: such a challenge is not answered (the request fails as unauthorized).
    const bearer = challenges.find((c) => c.scheme === 'bearer' && isHttpUrl(c.params.realm));
    if (bearer) {
        const { realm, service, scope } = bearer.params;
        return { scheme: 'bearer', realm, ...(service ? { service } : {}), ...(scope ? { scope } : {}) };
    }
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (basic)
        return { scheme: 'basic', ...(basic.params.realm ? { realm: basic.params.realm } : {}) };
    return undefined;
}
function isHttpUrl(text) {
    try {
        return text !== undefined && /^https?:$/.test(new URL(text).protocol);
    }
    catch {
        return false;
    }
}
/** The token request of the distribution token flow: the realm with service and scope as query. */
function tokenUrl(challenge, fallbackScope) {
    const url = new URL(challenge.realm);
    if (challenge.service)
        url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', challenge.scope ?? fallbackScope);
    return url.toString();
}

;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: ./src/registry/transport.ts



const KiB = 1024;
const MiB = 1024 * KiB;
/**
 * The most one answer's body may hold, by what was asked for: a manifest as
 * much as a manifest may be (MAX_MANIFEST_BYTES); a tag list page of 16 MiB holds about half a million
 * tags; a token is a few kilobytes, as is a delete's or an error's answer. Bodies
 * are read as a stream and cut there: read whole, a registry answering 512 MiB
 * would cost the job three times that in memory.
 */
const BODY_LIMIT = { manifest: MAX_MANIFEST_BYTES, tagList: 16 * MiB, small: 64 * KiB };
class TransportError extends Error {
    final;
    constructor(message, 
    /** The registry's other endpoint would fare no better: it timed out, answered too much, or the deadline passed. */
    final) {
        super(message);
        this.final = final;
    }
}
const isTimeout = (error) => ['TimeoutError', 'AbortError'].includes(error.name);
function transportProblem(error, url, verifyTls) {
    const err = error;
    const problem = err.cause?.code ?? err.cause?.message ?? err.code ?? err.message;
    // HTTPS spoken to a plain-HTTP (or self-signed) registry fails in the TLS handshake; say what fixes it.
    if (verifyTls && url.startsWith('https:') && /SSL|EPROTO|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(problem)) {
        return (`${problem} (a registry served over plain HTTP or with a self-signed certificate needs registry-insecure: true; ` +
            "a certificate chain through intermediates its CA has revoked is refused too, and BuildKit v0.34.1 and newer refuse it as well: renew the registry's certificate chain)");
    }
    return problem;
}
/** How long one request may take: its own timeout, or what is left before the deadline when that is less (`binding` then). */
function budget(timeoutMs, deadline) {
    const left = deadline ? deadline.at - Date.now() : Infinity;
    return deadline && left < timeoutMs ? { ms: Math.max(0, left), binding: deadline } : { ms: timeoutMs };
}
/** One request and its body, both within the budget and the body within `limit`; every failure a TransportError naming the host. */
async function exchange(request) {
    const host = new URL(request.url).host;
    const { ms, binding } = budget(request.timeoutMs, request.deadline);
    if (binding && ms === 0)
        throw new TransportError(`${host}: ${deadlineProblem(binding)}`, true);
    const signal = AbortSignal.timeout(ms);
    try {
        const { method, url, headers } = request;
        const response = !request.verifyTls && url.startsWith('https:')
            ? await unverifiedHttps(method, url, headers, signal)
            : await request.fetch(url, { method, headers, redirect: 'follow', signal });
        return { status: response.status, headers: response.headers, body: await readCapped(response, request.limit, url) };
    }
    catch (error) {
        if (error instanceof TransportError)
            throw error;
        if (signal.aborted || isTimeout(error))
            throw new TransportError(`${host}: ${binding ? deadlineProblem(binding) : `no answer within ${ms / 1000} s`}`, true);
        throw new TransportError(`${host}: ${transportProblem(error, request.url, request.verifyTls)}`, false);
    }
}
const sizeOf = (bytes) => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`);
/**
 * The body chunk by chunk, given up as soon as it passes `limit` or declares
 * more: the registry cannot make the action hold more than that. Leaving the
 * loop early cancels the stream, which drops the connection.
 */
async function readCapped({ body, headers }, limit, url) {
    // A HEAD answer declares the length of a body it never sends: only a body that comes is judged.
    const declared = Number(headers.get('content-length') ?? 0);
    const chunks = [];
    let size = 0;
    for await (const chunk of body ?? []) {
        size += chunk.byteLength;
        if (size > limit || declared > limit)
            throw new TransportError(`${url}: the answer is larger than ${sizeOf(limit)}, the most the action reads there`, true);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
}
/**
 * One HTTPS request without certificate verification, for a host the user
 * marked insecure (Node's fetch has no per-request TLS option, and undici is no
 * dependency). Redirects are not followed: the manifest and tag calls get none.
 * Resolves on the headers; the body is read, bounded, as fetch's is.
 */
function unverifiedHttps(method, url, headers, signal) {
    return new Promise((resolve, reject) => {
        const request = external_node_https_default().request(url, { method, headers, rejectUnauthorized: false, signal }, (response) => {
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
                for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
                    answerHeaders.append(name, one);
            }
            resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: response });
        });
        request.on('error', reject);
        request.end();
    });
}

;// CONCATENATED MODULE: ./src/registry/client.ts




// A registry that does not answer within this must not stall the job: main and post go on without it.
const REQUEST_TIMEOUT_MS = 5000;
const client_DIGEST = /^sha256:[a-f0-9]{64}$/;
// Tags asked for per page of a tags list; registries cap it themselves (Docker Hub at 100).
const TAGS_PAGE = 100;
/**
 * Pages of a tag list read at most. A thousand pages hold every repository the
 * action lists (the CLI's 10 000 tags at 10 a page); more is a registry leading
 * us on, page after page, and the list is then a failure, never a guess.
 */
const MAX_TAG_PAGES = 1000;
/** The tags of one page of a tag list; undefined when it is not JSON. */
function pageTags(body) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        return Array.isArray(parsed.tags) ? parsed.tags.filter((tag) => typeof tag === 'string') : [];
    }
    catch {
        return undefined;
    }
}
/**
 * The few calls of the OCI distribution API the action needs (resolve a tag,
 * list tags, delete a manifest or a tag), with the registries' auth: a 401 challenge answered by
 * Basic credentials or by the token flow (realm GET with Basic credentials, then Bearer).
 */
class RegistryClient {
    repo;
    options;
    authorization;
    /** The endpoint that answered first; every later request goes there. */
    endpoint;
    credentialsPromise;
    fetch;
    timeoutMs;
    constructor(repo, options) {
        this.repo = repo;
        this.options = options;
        this.fetch = options.fetch ?? globalThis.fetch;
        this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    }
    /** The digest a tag points at, by HEAD (GET and hashing when the registry sends no digest header). */
    async resolve(tag) {
        try {
            const url = this.path(`manifests/${encodeURIComponent(tag)}`);
            const headers = { Accept: MANIFEST_TYPES.join(', ') };
            const head = await this.send('HEAD', url, headers, 'pull', BODY_LIMIT.manifest);
            if (head.status === 404)
                return { state: 'absent' };
            if (head.status !== 200)
                return { state: 'failed', problem: this.statusProblem(head, 'reading', tag) };
            const digest = head.headers.get('docker-content-digest') ?? '';
            if (client_DIGEST.test(digest))
                return { state: 'found', digest };
            const get = await this.send('GET', url, headers, 'pull', BODY_LIMIT.manifest);
            if (get.status === 404)
                return { state: 'absent' };
            if (get.status !== 200)
                return { state: 'failed', problem: this.statusProblem(get, 'reading', tag) };
            return { state: 'found', digest: `sha256:${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(get.body).digest('hex')}` };
        }
        catch (error) {
            if (error instanceof TransportError)
                return { state: 'failed', problem: error.message };
            throw error;
        }
    }
    /** The manifest a tag (or digest) names, by GET; its digest from the header, else hashed from the bytes. */
    async readManifest(reference) {
        try {
            const url = this.path(`manifests/${encodeURIComponent(reference)}`);
            const answer = await this.send('GET', url, { Accept: MANIFEST_TYPES.join(', ') }, 'pull', BODY_LIMIT.manifest);
            if (answer.status === 404)
                return { state: 'absent' };
            if (answer.status !== 200)
                return { state: 'failed', problem: this.statusProblem(answer, 'reading', reference) };
            const header = answer.headers.get('docker-content-digest') ?? '';
            const digest = client_DIGEST.test(header) ? header : `sha256:${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(answer.body).digest('hex')}`;
            return { state: 'found', digest, mediaType: (answer.headers.get('content-type') ?? '').split(';')[0].trim(), body: answer.body };
        }
        catch (error) {
            if (error instanceof TransportError)
                return { state: 'failed', problem: error.message };
            throw error;
        }
    }
    /**
     * The repository's tags, page after page as the `Link: <...>; rel="next"`
     * header leads (distribution's `n`/`last`), stopping once more than `limit` are known.
     */
    async listTags(limit) {
        try {
            // A set: a page of a million repeated tags costs one entry, and no quadratic search.
            const tags = new Set();
            let next = `${this.path('tags/list')}?n=${TAGS_PAGE}`;
            for (let pages = 0; next; pages++) {
                if (pages === MAX_TAG_PAGES)
                    return { state: 'failed', problem: `the registry's tag list of ${this.repo.repository} runs past ${MAX_TAG_PAGES} pages` };
                const answer = await this.send('GET', next, { Accept: 'application/json' }, 'pull', BODY_LIMIT.tagList);
                if (answer.status !== 200)
                    return { state: 'failed', problem: this.statusProblem(answer, 'listing the tags of', this.repo.repository) };
                const page = pageTags(answer.body);
                if (!page)
                    return { state: 'failed', problem: `the registry's tag list of ${this.repo.repository} is not JSON` };
                const known = tags.size;
                for (const tag of page)
                    if (tags.add(tag).size > limit)
                        return { state: 'listed', tags: [...tags].slice(0, limit), truncated: true };
                // A page with nothing new would loop for ever on a registry that ignores `last`.
                next = tags.size > known ? nextPage(answer.headers.get('link')) : undefined;
            }
            return { state: 'listed', tags: [...tags], truncated: false };
        }
        catch (error) {
            if (error instanceof TransportError)
                return { state: 'failed', problem: error.message };
            throw error;
        }
    }
    /** Deletes a manifest by digest; the registry then also drops every tag that points at it. */
    deleteManifest(digest) {
        return this.delete(digest);
    }
    /** Deletes one tag only (OCI distribution 1.1); registries of the older API refuse it. */
    deleteTag(tag) {
        return this.delete(encodeURIComponent(tag));
    }
    async delete(reference) {
        try {
            const answer = await this.send('DELETE', this.path(`manifests/${reference}`), {}, 'delete', BODY_LIMIT.small);
            if (answer.status === 202 || answer.status === 200 || answer.status === 204)
                return { state: 'deleted' };
            if (answer.status === 404)
                return { state: 'absent' };
            return { state: 'refused', status: answer.status, problem: this.statusProblem(answer, 'deleting', reference) };
        }
        catch (error) {
            if (error instanceof TransportError)
                return { state: 'failed', problem: error.message };
            throw error;
        }
    }
    path(rest) {
        return `/v2/${this.repo.repository}/${rest}`;
    }
    statusProblem(answer, doing, what) {
        const detail = errorDetail(answer.body);
        if (answer.status === 401 || answer.status === 403) {
            return `the registry refused ${doing} ${what} (${answer.status}${detail}): ${this.authorization ? 'the credentials lack the permission' : `no credentials for ${this.repo.host} in the Docker config`}`;
        }
        if (answer.status === 405)
            return `the registry does not allow ${doing} ${what} (405${detail}; deletes may be disabled)`;
        return `the registry answered ${answer.status} when ${doing} ${what}${detail}`;
    }
    /** One request to the registry (`path` from `/v2/`); on a 401 answers the challenge once and repeats it. */
    async send(method, path, headers, action, limit) {
        const first = await this.reach(method, path, this.withAuthorization(headers), limit);
        if (first.status !== 401)
            return first;
        const challenge = parseChallenge(first.headers.get('www-authenticate'));
        if (!challenge)
            return first;
        const authorization = await this.answer(challenge, action);
        if (!authorization)
            return first;
        this.authorization = authorization;
        return this.reach(method, path, this.withAuthorization(headers), limit);
    }
    /**
     * The first request tries the endpoints in order and keeps the first that
     * answers at all, as dockerd does for an insecure registry (HTTPS, then HTTP).
     * A final failure ends the search (a timeout: the host is not answering, whatever
     * the scheme; an answer too large; the deadline).
     */
    async reach(method, path, headers, limit) {
        if (this.endpoint)
            return this.request(method, `${this.endpoint.url}${path}`, headers, limit, this.endpoint.verifyTls);
        const problems = [];
        for (const endpoint of this.repo.endpoints) {
            try {
                const answer = await this.request(method, `${endpoint.url}${path}`, headers, limit, endpoint.verifyTls);
                this.endpoint = endpoint;
                return answer;
            }
            catch (error) {
                if (!(error instanceof TransportError))
                    throw error;
                problems.push(this.repo.endpoints.length > 1 ? `${error.message} (${new URL(endpoint.url).protocol.replace(':', '')})` : error.message);
                if (error.final)
                    break;
            }
        }
        throw new TransportError(problems.join('; '), false);
    }
    withAuthorization(headers) {
        return this.authorization ? { ...headers, Authorization: this.authorization } : headers;
    }
    async answer(challenge, action) {
        this.credentialsPromise ??= this.options.credentials().then((credentials) => {
            if (credentials)
                this.options.secret?.(credentials.password);
            return credentials;
        });
        const credentials = await this.credentialsPromise;
        const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
        if (challenge.scheme === 'basic')
            return basic;
        // The token flow: anonymous when there are no credentials (public pulls work that way).
        const scope = `repository:${this.repo.repository}:${action}`;
        const realm = tokenUrl(challenge, scope);
        // The registry's own host keeps its certificate setting for the token too (Gitea serves both).
        const verifyTls = new URL(realm).host !== this.repo.host || (this.endpoint?.verifyTls ?? true);
        const answer = await this.request('GET', realm, basic ? { Authorization: basic } : {}, BODY_LIMIT.small, verifyTls);
        if (answer.status !== 200)
            return undefined;
        let parsed;
        try {
            parsed = JSON.parse(answer.body.toString('utf8'));
        }
        catch {
            return undefined;
        }
        const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
        if (typeof token !== 'string' || token === '')
            return undefined;
        this.options.secret?.(token);
        return `Bearer ${token}`;
    }
    request(method, url, headers, limit, verifyTls = true) {
        return exchange({ method, url, headers, verifyTls, limit, timeoutMs: this.timeoutMs, deadline: this.options.deadline, fetch: this.fetch });
    }
    /** The same repository and login, with every request from now on ending by `deadline`: the caller's limit on all its registry work. */
    withDeadline(deadline) {
        return new RegistryClient(this.repo, { ...this.options, deadline });
    }
}
/** The `rel="next"` target of a `Link` header (RFC 8288), as a path on the registry; credentials never go to another host. */
function nextPage(link) {
    if (!link)
        return undefined;
    for (const part of link.split(/,(?=\s*<)/)) {
        const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
        if (!match || !/(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]))
            continue;
        const target = new URL(match[1], 'http://registry.invalid');
        return target.pathname.startsWith('/v2/') ? `${target.pathname}${target.search}` : undefined;
    }
    return undefined;
}
/** The first error message of a distribution error body (`{"errors":[{"code","message"}]}`), for the log. */
function errorDetail(body) {
    try {
        const parsed = JSON.parse(body.toString('utf8'));
        const first = parsed.errors?.[0];
        return first ? `, ${[first.code, first.message].filter(Boolean).join(': ')}` : '';
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/registry/reference.ts
// Docker Hub is what a ref without a host means; its API and its login key differ from its name.
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
// The names a ref may give Docker Hub by: the docker CLI sends every one of them to its API host.
const DOCKER_HUB_NAMES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API, 'registry.hub.docker.com']);
/**
 * Hosts spoken to over plain HTTP without being asked: loopback, which dockerd
 * (insecure-registries 127.0.0.0/8) and containerd (localhost) also treat as insecure.
 */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
/**
 * How dockerd reaches a registry: loopback over plain HTTP; a host marked
 * insecure over HTTPS without checking its certificate first (a self-signed
 * registry), then plain HTTP; every other host over HTTPS, certificate checked.
 */
function endpointsFor(host, insecure) {
    if (isLoopbackHost(host))
        return [{ url: `http://${host}`, verifyTls: true }];
    if (insecure)
        return [
            { url: `https://${host}`, verifyTls: false },
            { url: `http://${host}`, verifyTls: true }
        ];
    return [{ url: `https://${host}`, verifyTls: true }];
}
/**
 * Splits an image repository reference (no tag, no digest: inputs.ts has
 * validated it) the way Docker does: the first component is a host when it
 * has a dot or a port or is `localhost`; otherwise the repository is on Docker
 * Hub, where a one-part name is an official image under `library/`.
 */
function parseRegistryRef(ref, { insecure = false } = {}) {
    const slash = ref.indexOf('/');
    const first = slash > 0 ? ref.slice(0, slash) : '';
    const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
    const host = hasHost ? first : DOCKER_HUB;
    const path = hasHost ? ref.slice(slash + 1) : ref;
    if (DOCKER_HUB_NAMES.has(host.toLowerCase())) {
        // docker.io itself answers the API with a redirect to the website, not with the registry.
        return { host: DOCKER_HUB, endpoints: [{ url: `https://${DOCKER_HUB_API}`, verifyTls: true }], repository: path.includes('/') ? path : `library/${path}` };
    }
    return { host, endpoints: endpointsFor(host, insecure), repository: path };
}

;// CONCATENATED MODULE: ./src/registry/credentials.ts


// docker login stores Docker Hub under its v1 index URL, whatever name the user gave.
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
/** The job's Docker configuration file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` (as the docker CLI reads it). */
function dockerConfigPath(env, homedir) {
    return env.DOCKER_CONFIG ? external_node_path_default().join(env.DOCKER_CONFIG, 'config.json') : external_node_path_default().join(env.HOME || homedir, '.docker', 'config.json');
}
/** A config key (`https://git.example.com/v2/`, `git.example.com`, `http://127.0.0.1:5000`) as the bare host it names. */
function hostOfKey(key) {
    const host = key
        .trim()
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return DOCKER_HUB_NAMES.has(host) ? DOCKER_HUB : host;
}
function decodeAuth(auth) {
    const text = Buffer.from(auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0)
        return undefined;
    return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\n$/, '') };
}
/**
 * How the docker CLI would find credentials for `host`: a per-host helper
 * first, then the file's own `auths` entry, then the default store helper.
 * The file entry is taken before the store so a `docker/login-action` login
 * written to the file is used even where a store is configured but absent.
 */
function findCredentials(config, host) {
    const wanted = hostOfKey(host);
    const serverUrl = wanted === DOCKER_HUB ? DOCKER_HUB_KEY : wanted;
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOfKey(key) === wanted)?.[1];
    if (helper)
        return { kind: 'helper', helper, serverUrl };
    const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOfKey(key) === wanted)?.[1];
    if (entry?.auth) {
        const credentials = decodeAuth(entry.auth);
        if (credentials)
            return { kind: 'config', credentials };
        return { kind: 'unsupported', reason: `the auth entry for ${wanted} in the Docker config is not base64 of user:password` };
    }
    if (entry?.username && entry.password)
        return { kind: 'config', credentials: { username: entry.username, password: entry.password } };
    if (entry?.identitytoken) {
        return { kind: 'unsupported', reason: `the Docker config holds an identity token for ${wanted}, which this action does not use` };
    }
    if (config.credsStore)
        return { kind: 'helper', helper: config.credsStore, serverUrl };
    return { kind: 'none' };
}
/** A credential helper's answer (`{"ServerURL","Username","Secret"}`); `<token>` as user means an identity token. */
function parseHelperOutput(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string' || parsed.Secret === '')
        return undefined;
    if (parsed.Username === '<token>')
        return { unsupported: 'the credential helper returned an identity token, which this action does not use' };
    return { username: parsed.Username, password: parsed.Secret };
}
/** Helper names become a program name: anything but a plain word is refused. */
function helperProgram(helper) {
    return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper) ? `docker-credential-${helper}` : undefined;
}

;// CONCATENATED MODULE: ./src/registry/docker-login.ts


/**
 * The login for `host` in the Docker config `file`, read the way the docker CLI
 * reads it (the same file docker/login-action writes). Problems are said once, as
 * information: the registry is then asked without credentials, and what it answers is what the user sees.
 */
async function dockerLogin(host, file, io) {
    let config;
    try {
        config = JSON.parse(io.readFile(file));
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        io.info(missing
            ? `No Docker config at ${file}: the registry is asked without credentials`
            : `Docker config ${file} not read (${error_message_errorMessage(error)}): the registry is asked without credentials`);
        return undefined;
    }
    const source = findCredentials(config, host);
    switch (source.kind) {
        case 'config':
            io.info(`Registry credentials for ${host}: from ${file}`);
            return source.credentials;
        case 'none':
            io.info(`No credentials for ${host} in ${file}: the registry is asked without credentials`);
            return undefined;
        case 'unsupported':
            io.info(`Registry credentials for ${host} not used: ${source.reason}`);
            return undefined;
        case 'helper': {
            const program = helperProgram(source.helper);
            if (!program) {
                io.info(`Credential helper name '${source.helper}' in ${file} is not a plain name; not run`);
                return undefined;
            }
            const result = await io.helperGet(program, source.serverUrl);
            const answer = result.code === 0 ? parseHelperOutput(result.stdout) : undefined;
            if (answer && 'username' in answer) {
                io.info(`Registry credentials for ${host}: from ${program}`);
                return answer;
            }
            const why = answer ? answer.unsupported : result.code === 0 ? 'it gave no usable answer' : (result.stderr.trim() || `exit ${result.code}`).split('\n')[0];
            io.info(`Credential helper ${program} gave no credentials for ${host} (${why}): the registry is asked without credentials`);
            return undefined;
        }
    }
}

;// CONCATENATED MODULE: ./src/runner/registry-access.ts







/** A client for the repository `registry-ref` names, authenticated with the job's Docker credentials, tokens masked. */
function registry_access_registryClientFor(registryRef, insecure, runner) {
    const repo = parseRegistryRef(registryRef, { insecure });
    const io = { readFile: (file) => external_node_fs_default().readFileSync(file, 'utf8'), helperGet: credentialHelperGet, info: (message) => runner.info(message) };
    return new RegistryClient(repo, {
        credentials: () => dockerLogin(repo.host, dockerConfigPath(runner.env, external_node_os_default().homedir()), io),
        secret: (value) => runner.setSecret(value)
    });
}

;// CONCATENATED MODULE: ./src/phases/registry-cache.ts





/**
 * Main, registry and inline modes: which listed scope exists in the registry
 * (the outputs restored-scope and cache-hit), and the written tag's digest for
 * post. A registry main cannot reach or log in to is one warning: BuildKit
 * still reads and writes it at build time, with its own network and login.
 */
async function lookUpRegistryCache(inputs, plan, runner) {
    const ref = inputs.registryRef ?? '';
    const state = { ref, insecure: inputs.registryInsecure, ...(inputs.dryRun ? { dryRun: true } : {}) };
    const tags = [...new Set([...(plan.writeTag ? [plan.writeTag] : []), ...plan.readTags])];
    let found;
    try {
        found = await lookUpScopes(registryClientFor(ref, inputs.registryInsecure, runner).withDeadline(deadlineAfter(REGISTRY_DEADLINE_MS)), tags, plan.writeTag);
    }
    catch (error) {
        found = { problem: errorMessage(error) };
    }
    if (found.problem) {
        runner.warning(`The registry cache ${ref} could not be looked up: ${found.problem}. restored-scope stays empty and cache-hit false; the build still uses the cache if its builder can reach the registry`);
    }
    else {
        runner.info(found.restored ? `Registry cache found: ${ref}:${found.restored}` : `No scope of ${tags.join(', ')} exists in ${ref} yet: the build runs cold`);
    }
    return { restoredTag: found.restored ?? '', state: { ...state, ...(found.writeDigest !== undefined ? { writeDigest: found.writeDigest } : {}) } };
}
/**
 * Post, registry mode: did this job's export arrive? One row for the log table; a warning when nothing arrived.
 * When the export moved the tag off the manifest main saw, that manifest is deleted unless another tag
 * still points at it: a registry cache then holds one manifest per live scope, and the registry's GC reclaims the blobs.
 * Every request ends by `limitMs` from now; one cut short leaves its step not checked or the manifest kept, with one warning.
 */
async function checkRegistryExport(state, runner, limitMs = deadline_REGISTRY_DEADLINE_MS) {
    const { registry, writeTag } = state;
    if (!registry || !writeTag)
        return [];
    const taggedRef = `${registry.ref}:${writeTag}`;
    const client = registry_access_registryClientFor(registry.ref, registry.insecure, runner).withDeadline(deadline_deadlineAfter(limitMs));
    const after = await client.resolve(writeTag);
    const verdict = judgeExport(taggedRef, registry.writeDigest, after);
    if (verdict.warning)
        runner.warning(verdict.warning);
    else
        runner.info(`Cache export: ${verdict.row}`);
    const rows = [['registry export', verdict.row]];
    const before = registry.writeDigest;
    if (before && after.state === 'found' && after.digest !== before) {
        const superseded = removalWords(`${taggedRef} before this build`, await removeManifest(client, before, undefined, registry.dryRun ?? false));
        if (superseded.warning)
            runner.warning(superseded.warning);
        else
            runner.info(`Superseded manifest: ${superseded.line}`);
        rows.push(['superseded', superseded.line]);
    }
    return rows;
}

;// CONCATENATED MODULE: ./src/phases/post.ts












/** The bake definition lives only as long as the job. */
function removeBakeFile(file, runner) {
    try {
        external_node_fs_default().rmSync(file, { force: true });
    }
    catch (error) {
        runner.debug(`Bake file ${file} not removed: ${error_message_errorMessage(error)}`);
    }
}
/** The persistent builder without a store to promote into (no volume): its own cache is the whole report. */
async function builderAloneReport(state, builderCacheBytes, runner) {
    if (!state.builder || builderCacheBytes === undefined)
        return;
    await runner.table('Persistent builder cache', [builderCacheRow(builderCacheBytes, state.builder.maxSizeBytes)]);
}
/** Promotion into the store, then the host budget outside the store's lock (the host pass takes each store's lock in turn); the table and outputs. */
async function localStep(local, state, runner, builderCacheBytes, seen) {
    const activity = await runner.group('Promoting the new cache', () => promoteStep(local, state, runner, builderCacheBytes, seen));
    const host = await hostStep(state, local.protect, runner, seen.caches);
    for (const [name, value] of Object.entries(cacheActivityOutputs(activity)))
        runner.setOutput(name, value);
    await runner.table('Build cache promotion', [...cacheActivityRows(activity), ...(host ? [hostRow(host)] : [])]);
}
/** Applies post's plan (post-plan.ts). Post never fails the job: the build already succeeded or failed on its own merits. */
async function run(runner = actionsRunner) {
    const postStartMs = runner.now();
    try {
        const state = loadJobState(runner);
        if (!state) {
            runner.info('Nothing to do: main did not prepare a cache');
            return;
        }
        const plan = planPost(state);
        if (plan.bakeFile)
            removeBakeFile(plan.bakeFile, runner);
        // buildx history ls (~0.1 s) runs while the store's work is done; only a budget prune waits for it.
        const records = readBuildRecords(state, runner);
        const steps = state.builder ? records.then((found) => builderSteps(found, state.builder?.sinceMs)) : undefined;
        const builderCacheBytes = plan.builderBudget && state.builder ? await budgetStep(state.builder, runner, { beforePrune: steps }) : undefined;
        const seen = {};
        if (plan.local)
            await localStep(plan.local, state, runner, builderCacheBytes, seen);
        if (plan.builderReportAlone)
            await builderAloneReport(state, builderCacheBytes, runner);
        if (plan.registryCheck) {
            const rows = await runner.group('Checking the registry cache export', () => checkRegistryExport(state, runner));
            if (rows.length > 0)
                await runner.table('Build cache export', rows);
        }
        await reportSteps(await steps, runner);
        await worthStep(state, records, seen.exports ?? [], runner, postStartMs);
    }
    catch (error) {
        runner.warning(`Cache post step: ${error_message_errorMessage(error)}`);
    }
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(520);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map