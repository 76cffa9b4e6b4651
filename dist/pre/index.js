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

/***/ 25:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _phases_pre_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(318);

await (0,_phases_pre_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 318:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

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

;// CONCATENATED MODULE: ./src/error-message.ts
/** What to print of anything thrown: an Error's message, anything else (a string, a rejected value) as text. */
function error_message_errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
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

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/config/configure-checks.ts
/**
 * What BuildKit checks in a cache entry's attributes when it configures the
 * cache exporter, before ignore-error applies (control/control.go:483-502 in
 * v0.32.2: a configuration error fails the whole build; ignore-error covers
 * only the export after the build, solver/llbsolver/export.go:139-141). The
 * action never hands the build an attribute that fails here: `cache-options`
 * are checked against this table when the inputs are read, and main fails
 * naming the input, the value and what BuildKit takes.
 *
 * The rule, per case: what the action can tell from the strings alone is
 * checked before it emits them (this table, the runtime token in
 * backends/gha-runtime.ts, a local tag missing from the snapshot); what needs
 * the network or the daemon's own environment (registry and bucket
 * credentials, reachability) is left to the export, which ignore-error covers.
 */
const BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const POSITIVE = /^[1-9]\d*$/;
// Go's time.ParseDuration: a sequence of decimal numbers with units.
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;
const CONFIGURE_CHECKS = {
    compression: {
        valid: (value) => ['uncompressed', 'gzip', 'estargz', 'zstd'].includes(value),
        allowed: 'must be one of uncompressed, gzip, estargz, zstd',
        where: 'util/compression/attrs.go'
    },
    'compression-level': { valid: (value) => /^\d+$/.test(value), allowed: 'must be a whole number', where: 'util/compression/attrs.go' },
    'force-compression': { valid: (value) => BOOL.test(value), allowed: 'must be true or false', where: 'util/compression/attrs.go' },
    upload_parallelism: { valid: (value) => POSITIVE.test(value), allowed: 'must be a positive whole number', where: 'cache/remotecache/s3/s3.go' },
    retry_mode: { valid: (value) => value === 'standard' || value === 'adaptive', allowed: 'must be standard or adaptive', where: 'cache/remotecache/s3/s3.go' },
    retry_max_attempts: { valid: (value) => POSITIVE.test(value), allowed: 'must be a positive whole number', where: 'cache/remotecache/s3/s3.go' },
    version: { valid: (value) => POSITIVE.test(value), allowed: 'must be a positive whole number (the gha API version)', where: 'cache/remotecache/gha/gha.go' },
    timeout: { valid: (value) => GO_DURATION.test(value), allowed: 'must be a Go duration such as 10m or 90s', where: 'cache/remotecache/gha/gha.go' }
};
/** Why BuildKit would refuse `key=value` while configuring the cache, or undefined. */
function configureProblem(key, value) {
    const check = Object.hasOwn(CONFIGURE_CHECKS, key) ? CONFIGURE_CHECKS[key] : undefined;
    if (!check || check.valid(value))
        return undefined;
    return `${key} ${check.allowed}: BuildKit checks it when it configures the cache (${check.where}), before ignore-error applies, and the build would fail`;
}
/**
 * Attributes a backend cannot be configured without. s3 falls back to
 * AWS_BUCKET / AWS_REGION in BuildKit's own environment (s3.go:77-91), which a
 * docker-container builder does not share with the job: the action asks for them.
 */
const REQUIRED_OPTIONS = { s3: ['bucket', 'region'] };

;// CONCATENATED MODULE: ./src/config/input-error.ts
/** A bad input or flag: names it, the value given and what is allowed. */
class InputError extends Error {
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

;// CONCATENATED MODULE: ./src/config/cache-options.ts


/**
 * What happens to a `cache-options` key that the action also writes in some
 * entry. BuildKit keeps whichever copy of a repeated key it reads last, so a
 * key is never emitted twice: it is either refused at input time, naming the
 * input that controls it, or the user's value replaces the action's in place.
 *
 * - Refused: `type`, `src`, `dest`, `tag`, `ref`, `scope` and `name` say
 *   where the cache lives. The action derives them from cache-mode,
 *   volume-path, registry-ref, repo-name, scope and key, and the store, the
 *   snapshot and the scope fallbacks rely on them; they are refused in every
 *   mode (in a backend that does not use one, it is a sign of a mix-up).
 * - Refused: `mode` and `ignore-error` have inputs of their own.
 * - Overridable (`true` or `false`): `image-manifest` and `oci-mediatypes`.
 *   The registry mode writes both `true` (the fix for `400 Bad request` on
 *   export), but a registry that refuses OCI image manifests needs them off.
 *   BuildKit refuses an image manifest without OCI media types, so that pair
 *   is refused too.
 */
const ACTION_ATTRIBUTES = {
    type: { refused: "the backend is chosen by the input 'cache-mode'" },
    src: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
    dest: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
    tag: { refused: "the tag is the scope, from the inputs 'scope' and 'key'" },
    ref: { refused: "the reference is the input 'registry-ref' with the scope as its tag" },
    scope: { refused: "the gha scope is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
    name: { refused: "the s3 name is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
    mode: { refused: "use the input 'mode' (max or min)" },
    'ignore-error': { refused: "use the input 'ignore-error' (true or false)" },
    'image-manifest': { overridable: ['true', 'false'] },
    'oci-mediatypes': { overridable: ['true', 'false'] }
};
// A cache option's key is BuildKit's attribute name; its value may not carry
// the separators of the entry it is appended to.
const OPTION_KEY = /^[a-z][a-z0-9_-]*$/;
const OPTION_VALUE = /^[^,\s"]*$/;
/** One `key=value` item, checked on its own and against the keys before it. */
function parseOption(item, pairs) {
    const eq = item.indexOf('=');
    const key = eq > 0 ? item.slice(0, eq).trim() : '';
    const value = eq > 0 ? item.slice(eq + 1).trim() : '';
    if (!OPTION_KEY.test(key) || !OPTION_VALUE.test(value)) {
        throw new InputError('cache-options', item, 'key=value attributes, one per line or comma-separated, without spaces or quotes, are allowed');
    }
    if (value === '')
        throw new InputError('cache-options', item, `${key} needs a value after '='; leave ${key} out to get BuildKit's default`);
    if (pairs.some(([seen]) => seen === key))
        throw new InputError('cache-options', item, `${key} is given twice; give each key once`);
    const policy = ACTION_ATTRIBUTES[key];
    if (policy && 'refused' in policy)
        throw new InputError('cache-options', item, `${key} is set by the action itself: ${policy.refused}`);
    if (policy && !policy.overridable.includes(value)) {
        throw new InputError('cache-options', item, `${key} overrides the action's value and must be ${policy.overridable.join(' or ')}`);
    }
    const problem = configureProblem(key, value);
    if (problem)
        throw new InputError('cache-options', item, problem);
    return [key, value];
}
/** What the items say together: an image manifest needs OCI media types; a backend's required keys are there. */
function checkTogether(given, cacheMode, text) {
    // Registry mode writes image-manifest=true unless overridden.
    const imageManifest = given.get('image-manifest') ?? (cacheMode === 'registry' || cacheMode === 'local+registry' ? 'true' : undefined);
    if (given.get('oci-mediatypes') === 'false' && imageManifest === 'true') {
        const pair = given.has('image-manifest') ? 'image-manifest=true,oci-mediatypes=false' : 'oci-mediatypes=false';
        throw new InputError('cache-options', pair, 'BuildKit needs OCI media types for an image manifest: with oci-mediatypes=false also give image-manifest=false');
    }
    const missing = (REQUIRED_OPTIONS[cacheMode] ?? []).filter((key) => !given.has(key));
    if (missing.length > 0) {
        throw new InputError('cache-options', text.trim(), `cache-mode ${cacheMode} needs ${missing.map((key) => `${key}=`).join(' and ')}: BuildKit otherwise looks in its own environment, which the builder does not share with the job, and fails the build when it configures the cache, before ignore-error applies`);
    }
}
/** Attributes for every entry; keys the action writes itself are refused or overridden as ACTION_ATTRIBUTES decides. */
function cacheOptions(text, cacheMode) {
    const pairs = [];
    const items = text
        .split(/[\n,]/)
        .map((part) => part.trim())
        .filter(Boolean);
    for (const item of items)
        pairs.push(parseOption(item, pairs));
    checkTogether(new Map(pairs), cacheMode, text);
    return pairs;
}

// EXTERNAL MODULE: ./node_modules/bytes-iec/index.js
var bytes_iec = __nccwpck_require__(921);
var bytes_iec_default = /*#__PURE__*/__nccwpck_require__.n(bytes_iec);
// EXTERNAL MODULE: ./node_modules/ms/index.js
var ms = __nccwpck_require__(744);
var ms_default = /*#__PURE__*/__nccwpck_require__.n(ms);
;// CONCATENATED MODULE: ./src/config/units.ts


// Both parsers accept a bare number (bytes, milliseconds); a bare number in a
// workflow is almost always a missing unit, so a unit is required here.
const SIZE_PATTERN = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;
const DURATION_PATTERN = /^\s*\d+(\.\d+)?\s*(s|m|h|d|w)\s*$/i;
/** Bytes in `10GiB` (binary) or `10GB` (decimal); undefined when not a size with a unit. */
function parseSize(text) {
    if (!SIZE_PATTERN.test(text))
        return undefined;
    const value = bytes_iec_default().parse(text.trim());
    return value !== null && value > 0 ? value : undefined;
}
/** Milliseconds in `14d`, `6h`, `90m`, `30s`, `2w`; undefined when not a duration with a unit. */
function parseDuration(text) {
    if (!DURATION_PATTERN.test(text))
        return undefined;
    const value = ms_default()(text.trim().replace(/\s+/g, ''));
    return typeof value === 'number' && value > 0 ? value : undefined;
}
function units_formatBytes(value) {
    return bytes.format(value, { mode: 'binary', decimalPlaces: 1 }) ?? `${value} B`;
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

;// CONCATENATED MODULE: ./src/config/disk-space.ts


/** The defaults of BuildKit's DetectDefaultGCCap (cmd/buildkitd/config/gcpolicy.go, gcpolicy_unix.go), taken as they are. */
const disk_space_BUILDKIT_DEFAULTS = {
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
function disk_space_formatDiskSpace(space) {
    return space.text ?? ('bytes' in space ? formatBytes(space.bytes) : `${space.percent}%`);
}

;// CONCATENATED MODULE: ./src/config/metrics-path.ts


/** node_exporter's textfile collector reads only `*.prom` files of its folder. */
const PROM = /\.prom$/;
/** The metrics-file input or the CLI's --output: an absolute path ending in .prom; undefined when empty. */
function validMetricsFile(value, name) {
    const file = value.trim();
    if (file === '')
        return undefined;
    if (!external_node_path_default().isAbsolute(file) || !PROM.test(file)) {
        throw new InputError(name, value, "an absolute path ending in .prom, in node_exporter's --collector.textfile.directory");
    }
    return file;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/config/repo-name.ts

/**
 * The default store and builder name for a repository: owner and name,
 * joined by `__`, which Gitea, Forgejo and GitHub all refuse inside an owner
 * name, so `org-a/app` and `org-b/app` (or `org/a__b` and `org__a/b`) never
 * share a store or a builder on an instance-wide runner.
 */
const OWNER_SEPARATOR = '__';
/** A store name: one path segment (at most 100 letters, digits, ., _ or -, not starting with . or -), so nothing named by it lies outside the volume. */
const REPO_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;
const HASH_LENGTH = 10;
/** `owner__repo`; a name that is no valid path segment (too long, odd characters) is cleaned and gets a hash of the original. Undefined without an owner. */
function repoNameFromRepository(repository) {
    const [owner, name, ...rest] = (repository ?? '').trim().split('/');
    if (!owner || !name || rest.length > 0)
        return undefined;
    const joined = `${owner}${OWNER_SEPARATOR}${name}`;
    // An owner with `__` (no forge allows one) would make the split ambiguous: it gets the hash too.
    if (!owner.includes(OWNER_SEPARATOR) && REPO_NAME.test(joined))
        return joined;
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${owner}/${name}`).digest('hex').slice(0, HASH_LENGTH);
    const cleaned = joined
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 100 - HASH_LENGTH - 1);
    return `${cleaned || 'repo'}-${hash}`;
}
/** The name older releases derived (the repository alone), to point the user at a store made under it. */
function legacyRepoName(repository) {
    const name = (repository ?? '').trim().split('/').pop();
    return name && REPO_NAME.test(name) ? name : undefined;
}
/**
 * A store under the repository's bare name (what older releases derived) is
 * never read by default: on an instance-wide runner another owner's
 * repository of the same name may have made it. The notice says how to adopt
 * it when it is the repository's own. Undefined when there is nothing to say.
 */
function legacyStoreNotice(volumePath, repository, current, isStore) {
    const legacy = legacyRepoName(repository);
    if (!legacy || legacy === current)
        return undefined;
    const legacyDir = `${volumePath}/${legacy}`;
    const currentDir = `${volumePath}/${current}`;
    if (!isStore(legacyDir) || isStore(currentDir))
        return undefined;
    return (`A store made under the old default name exists at ${legacyDir} and is not read: stores are now named for owner and repository (${current}), ` +
        `so another owner's '${legacy}' cannot be read. If it is this repository's, adopt it once with: mv ${legacyDir} ${currentDir}`);
}

;// CONCATENATED MODULE: ./src/config/inputs.ts









const CACHE_MODES = ['local', 'registry', 'local+registry', 'gha', 'inline', 's3', 'off', 'auto'];
/** Modes that keep (part of) the cache in the image repository registry-ref names. */
const REGISTRY_MODES = ['registry', 'local+registry', 'inline'];
const EXPORT_MODES = ['max', 'min'];
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
// docker/distribution's reference grammar without tag or digest: optional host[:port], then lowercase path components.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY_REF = new RegExp(`^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
function raw(values, name) {
    return values[name]?.trim() || INPUT_DEFAULTS[name];
}
function oneOf(values, name, allowed) {
    const value = raw(values, name);
    if (!allowed.includes(value)) {
        throw new InputError(name, value, `allowed values are ${allowed.join(', ')}`);
    }
    return value;
}
function inputs_boolean(values, name) {
    const value = raw(values, name);
    if (BOOLEAN_TRUE.includes(value))
        return true;
    if (BOOLEAN_FALSE.includes(value))
        return false;
    throw new InputError(name, value, 'allowed values are true or false');
}
/** Bytes in a size; throws an InputError naming `input` (an action input, or a `--flag` of the command-line tool). */
function validSize(value, input) {
    const parsed = parseSize(value);
    if (parsed === undefined) {
        throw new InputError(input, value, 'a positive size with a unit is allowed, such as 500MiB, 10GiB or 20GB');
    }
    return parsed;
}
/** Milliseconds in a duration; throws an InputError naming `input` (an action input, or a `--flag`). */
function validDuration(value, input) {
    const parsed = parseDuration(value);
    if (parsed === undefined) {
        throw new InputError(input, value, 'a positive duration with a unit (s, m, h, d, w) is allowed, such as 30m, 6h or 14d');
    }
    return parsed;
}
function size(values, name) {
    return validSize(raw(values, name), name);
}
function duration(values, name) {
    return validDuration(raw(values, name), name);
}
/** A duration, or 0 (export every build). */
function storeRefresh(values) {
    const value = raw(values, 'store-refresh');
    if (/^\s*0+\s*$/.test(value))
        return 0;
    const parsed = parseDuration(value);
    if (parsed === undefined)
        throw new InputError('store-refresh', value, 'a duration with a unit (s, m, h, d, w) such as 30m or 1h, or 0 to export the store copy on every build, is allowed');
    return parsed;
}
function list(value) {
    return (value ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
// buildx's own target name grammar (bake/bake.go, targetNamePattern); the length cap keeps a snapshot folder name short.
const BAKE_TARGET = /^[a-zA-Z0-9_-]{1,100}$/;
function bakeTargets(values) {
    const targets = list(values['bake-targets']);
    const seen = new Set();
    for (const target of targets) {
        if (!BAKE_TARGET.test(target)) {
            throw new InputError('bake-targets', target, 'one bake target name per line, of letters, digits, _ or - (at most 100), is allowed');
        }
        if (seen.has(target))
            throw new InputError('bake-targets', target, 'each target may be listed once');
        seen.add(target);
    }
    return targets;
}
function volumePath(values) {
    const value = raw(values, 'volume-path');
    const allowed = 'an absolute path below the root, without . or .. segments, commas, quotes or spaces, is allowed, such as /opt/buildx-cache';
    // The path ends up inside a comma-separated cache entry, so separators are refused rather than quoted.
    if (!external_node_path_default().isAbsolute(value) || /[,"'\s=]/.test(value) || value.split('/').some((part) => part === '..' || part === '.')) {
        throw new InputError('volume-path', value, allowed);
    }
    const normalized = external_node_path_default().normalize(value).replace(/\/+$/, '');
    if (normalized === '')
        throw new InputError('volume-path', value, allowed);
    return normalized;
}
/** A store name: one path segment, so nothing named by it lies outside the volume. `input` names where it came from. */
function validRepoName(value, input) {
    if (!REPO_NAME.test(value) || value === '.' || value === '..') {
        throw new InputError(input, value, 'one path segment of letters, digits, ., _ or - (at most 100, not starting with . or -) is allowed');
    }
    return value;
}
function repoName(values, repository) {
    const given = values['repo-name']?.trim();
    if (given)
        return validRepoName(given, 'repo-name');
    const derived = repoNameFromRepository(repository);
    if (!derived) {
        throw new InputError('repo-name (from GITHUB_REPOSITORY)', repository ?? '', 'GITHUB_REPOSITORY must be owner/name; or set repo-name');
    }
    return derived;
}
/** An image repository without tag or digest; throws an InputError naming `input` (the action input, or a `--flag`). */
function validRegistryRef(value, input) {
    if (!REGISTRY_REF.test(value)) {
        throw new InputError(input, value, 'an image repository without tag or digest is allowed, such as git.example.com/org/app-cache (lowercase path)');
    }
    return value;
}
function registryRef(values) {
    const value = values['registry-ref']?.trim();
    if (!value)
        return undefined;
    return validRegistryRef(value, 'registry-ref');
}
// A driver option is buildx's `key=value` (image=, network=, env.NAME=, memory=, ...). It travels as
// one argv element, so only a missing key or a line break could make it mean something else.
const DRIVER_OPT = /^[A-Za-z][A-Za-z0-9._-]*=\S.*$/;
function driverOpts(values) {
    const opts = list(values['builder-driver-opts']);
    for (const opt of opts) {
        if (!DRIVER_OPT.test(opt)) {
            throw new InputError('builder-driver-opts', opt, 'one key=value per line is allowed, such as image=registry.example.com/moby/buildkit:v0.32.2 or network=host');
        }
        if (opt.startsWith('name='))
            throw new InputError('builder-driver-opts', opt, 'the builder name is set by the action itself');
    }
    return opts;
}
/** Parses every input; throws an InputError naming the first bad one. */
function parseInputs(values, env = {}) {
    const inputs = readInputs(values, env);
    return { inputs, warnings: crossChecks(inputs) };
}
/** Each input on its own, validated by name. */
function readInputs(values, env) {
    return {
        cacheMode: oneOf(values, 'cache-mode', CACHE_MODES),
        repoName: repoName(values, env.GITHUB_REPOSITORY),
        volumePath: volumePath(values),
        scope: values.scope?.trim() || undefined,
        fallbackScopes: values['fallback-scopes']?.trim() ? list(values['fallback-scopes']) : undefined,
        key: values.key?.trim() || undefined,
        mode: oneOf(values, 'mode', EXPORT_MODES),
        registryRef: registryRef(values),
        registryInsecure: inputs_boolean(values, 'registry-insecure'),
        cacheOptions: cacheOptions(values['cache-options'] ?? '', oneOf(values, 'cache-mode', CACHE_MODES)),
        ignoreError: inputs_boolean(values, 'ignore-error'),
        readOnly: inputs_boolean(values, 'read-only'),
        maxSize: size(values, 'max-size'),
        maxAge: duration(values, 'max-age'),
        pruneBuilders: inputs_boolean(values, 'prune-builders'),
        builderMaxAge: duration(values, 'builder-max-age'),
        dryRun: inputs_boolean(values, 'dry-run'),
        persistentBuilder: inputs_boolean(values, 'persistent-builder'),
        builderDriverOpts: driverOpts(values),
        builderMaxSize: size(values, 'builder-max-size'),
        buildkitdConfig: values['buildkitd-config']?.trim() || undefined,
        freshBuild: inputs_boolean(values, 'fresh-build'),
        storeRefreshMs: storeRefresh(values),
        trustPullRequests: inputs_boolean(values, 'trust-pull-requests'),
        bakeTargets: bakeTargets(values),
        hostMaxSize: parseDiskSpace('host-max-size', values['host-max-size'] ?? ''),
        // A floor of 100% would leave no room for any cache; BuildKit takes any share below it.
        hostMinFree: parseDiskSpace('host-min-free', values['host-min-free'] ?? '', { maxPercent: 99 }),
        metricsFile: validMetricsFile(values['metrics-file'] ?? '', 'metrics-file')
    };
}
/** What inputs mean together: a combination that cannot work throws; one with an input that does nothing warns. */
function crossChecks(inputs) {
    const warnings = [];
    const needsRef = REGISTRY_MODES.includes(inputs.cacheMode);
    if (needsRef && !inputs.registryRef) {
        throw new InputError('registry-ref', '', `a repository such as git.example.com/org/app-cache is required with cache-mode ${inputs.cacheMode}`);
    }
    if (!needsRef && inputs.registryRef) {
        warnings.push(`Input 'registry-ref' is ignored with cache-mode ${inputs.cacheMode}`);
    }
    if (!needsRef && inputs.registryInsecure) {
        warnings.push(`Input 'registry-insecure' is ignored with cache-mode ${inputs.cacheMode}`);
    }
    if (inputs.cacheMode === 'inline' && inputs.cacheOptions.length > 0) {
        warnings.push("Input 'cache-options' is ignored for the inline exporter, which takes no attributes; it still applies to cache-from");
    }
    if (inputs.buildkitdConfig && !external_node_path_default().isAbsolute(inputs.buildkitdConfig)) {
        throw new InputError('buildkitd-config', inputs.buildkitdConfig, 'an absolute path to a buildkitd.toml');
    }
    if (!inputs.persistentBuilder && inputs.buildkitdConfig) {
        warnings.push("Input 'buildkitd-config' is ignored without persistent-builder: true");
    }
    if (!inputs.persistentBuilder && inputs.builderDriverOpts.length > 0) {
        warnings.push("Input 'builder-driver-opts' is ignored without persistent-builder: true");
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/runner/inputs.ts


function getInputs(runner) {
    const raw = {};
    for (const name of INPUT_NAMES)
        raw[name] = runner.input(name);
    return parseInputs(raw, runner.env);
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
function builderOfContainer(container) {
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
function buildx_args_createArgs(name, driverOpts, configFile, use = true) {
    const flags = [...driverOpts.flatMap((opt) => ['--driver-opt', opt]), ...(configFile ? ['--buildkitd-config', configFile] : []), ...(use ? ['--use'] : [])];
    return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...flags];
}
/** Makes the builder the job's current one, as setup-buildx-action's `use: true` does: a build without `--builder` lands on it. */
function buildx_args_useArgs(name) {
    return ['buildx', 'use', name];
}
/** A fresh build: this repository's builder forgets its whole cache, cache mounts included (never another builder's). */
function buildx_args_clearCacheArgs(name) {
    return ['buildx', 'prune', '--builder', name, '--all', '--force'];
}
/** With bootstrap, buildx starts the node (creating its container when gone) and waits until BuildKit answers. */
function buildx_args_inspectArgs(name, bootstrap) {
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
function buildx_args_budgetFlag(pruneHelp) {
    return /--reserved-space\b/.test(pruneHelp) ? '--reserved-space' : '--keep-storage';
}
/** Prunes the builder's least recently used cache (internal records too) until it fits in `bytes`. */
function buildx_args_pruneArgs(name, bytes, flag) {
    return ['buildx', 'prune', '--builder', name, '--force', '--all', flag, String(Math.floor(bytes))];
}
/** The builder's disk usage: `docker buildx du` (every buildx version prints the same table). */
function buildx_args_duArgs(name) {
    return ['buildx', 'du', '--builder', name];
}
/** Lists every node container of this action's builders (stopped ones too); `builderOfNode` keeps only exact names. */
function nodeListArgs() {
    return ['ps', '-a', '--filter', 'name=^buildx_buildkit_cachekeeper-', '--format', '{{.Names}}'];
}
/** Whether the builder's node container runs: `docker container inspect` prints `true` or `false`; a missing container fails. */
function buildx_args_runningArgs(name) {
    return ['container', 'inspect', '--format', '{{.State.Running}}', builderContainer(name)];
}
/** Whether the node container exists at all (its name, or a failure when gone). */
function existsArgs(name) {
    return ['container', 'inspect', '--format', '{{.Name}}', buildx_names_builderContainer(name)];
}

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
function name_persistentBuilderName(repoName) {
    const cleaned = repoName
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^[-_]+/, '');
    const exact = cleaned === repoName && cleaned.length > 0 && cleaned.length <= MAX_REPO_PART;
    if (exact)
        return PREFIX + cleaned;
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(repoName).digest('hex').slice(0, 8);
    const head = cleaned.slice(0, MAX_REPO_PART - 9).replace(/[-_]+$/, '');
    return PREFIX + (head ? `${head}-${hash}` : hash);
}
function isPersistentBuilder(name) {
    return PERSISTENT_BUILDER.test(name);
}
/** The builder whose node container this is, or undefined for anything else (docker's name filter matches substrings). */
function builderOfNode(container) {
    const name = builderOfContainer(container);
    return name !== undefined && isPersistentBuilder(name) ? name : undefined;
}

;// CONCATENATED MODULE: ./src/builders/persistent/record.ts


function parseRecord(text) {
    try {
        const value = JSON.parse(text);
        const ok = typeof value.name === 'string' &&
            isPersistentBuilder(value.name) &&
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
const BUDGET_CHECK_INTERVAL_MS = (/* unused pure expression or super */ null && (10 * 60e3));
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
const NODE_RECORD_INTERVAL_MS = (/* unused pure expression or super */ null && (60 * 60e3));
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
function record_driverOptsNote(recorded, wanted) {
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
function record_canSkipBootstrap(running, record) {
    return running && record?.buildkit !== undefined;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
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

;// CONCATENATED MODULE: ./src/store/files.ts




/** Temp files writeFileAtomic leaves when killed before its rename; every such write runs under the store lock. */
const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;
/** Writes a file so readers see the old or the new content, never a part: temp file, fsync, rename. `mode`: as fs.openSync's (0o666 less the umask when not given). */
function files_writeFileAtomic(file, content, mode) {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    const fd = fs.openSync(temp, 'wx', mode);
    try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
    }
    finally {
        fs.closeSync(fd);
    }
    faultPoint(`write:${path.basename(file)}:before-rename`);
    fs.renameSync(temp, file);
}
/** Creates a directory (and parents) and refuses one that is a symlink or a file, so nothing is written through a link. */
function ensureRealDirectory(dir) {
    external_node_fs_default().mkdirSync(dir, { recursive: true });
    const stat = external_node_fs_default().lstatSync(dir);
    if (!stat.isDirectory())
        throw new Error(`${dir} is not a directory (a symlink or a file stands there)`);
}
function lstatOrUndefined(file) {
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
function sha256File(file) {
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(1024 * 1024);
    const fd = fs.openSync(file, 'r');
    try {
        for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;)
            hash.update(buffer.subarray(0, read));
    }
    finally {
        fs.closeSync(fd);
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
    const relative = path.relative(base, dir);
    if (relative.startsWith('..') || path.isAbsolute(relative))
        throw new Error(`${dir} is not under ${base}`);
    return inRealDirectory(base, relative ? relative.split(path.sep) : [], work);
}
/**
 * Removes `name` in the real directory `parent` (a path from inRealDirectory):
 * a file or link is unlinked (a link never followed), a folder emptied one
 * opened level at a time, then removed. A folder swapped for a link midway
 * makes the open or the rmdir fail: nothing outside is ever touched.
 */
function removeTree(parent, name) {
    const entry = path.join(parent, name);
    let stat;
    try {
        stat = fs.lstatSync(entry);
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
            const inside = path.join(PROC_FD, String(fd));
            for (const child of fs.readdirSync(inside))
                removeTree(inside, child);
        }
        finally {
            fs.closeSync(fd);
        }
    }
    else {
        for (const child of fs.readdirSync(entry))
            removeTree(entry, child);
    }
    try {
        fs.rmdirSync(entry);
    }
    catch (error) {
        if (no_follow_code(error) !== 'ENOENT')
            throw error;
    }
}
function unlinkIfThere(file) {
    try {
        fs.unlinkSync(file);
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
function readRegularFile(file) {
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
function records_io_withRecordsLock(volumePath, logger, work) {
    ensureRealDirectory(recordsDir(volumePath));
    return withDirLock(external_node_path_default().join(recordsDir(volumePath), '.lock'), logger, work);
}
/**
 * Whether the records folder is there (false: nothing recorded yet). Any job
 * can write the volume: a `.builders` that is a symlink or a file would aim
 * the lock, the records and their removal elsewhere, so it throws.
 */
function recordsDirExists(volumePath) {
    const stat = lstatOrUndefined(recordsDir(volumePath));
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
        const record = parseRecord(readRegularFile(external_node_path_default().join(dir, file)));
        return record && `${record.name}.json` === file ? record : undefined;
    }
    catch {
        return undefined;
    }
}
/** The builder's record as it stands (no lock: a reader never sees half a record). */
function records_io_builderRecord(volumePath, name) {
    try {
        return inRecordsDir(volumePath, (dir) => readRecordFile(dir, `${name}.json`));
    }
    catch {
        return undefined;
    }
}
/** Every valid record on the volume (each named for the builder it describes). */
function allRecords(volumePath) {
    return inRecordsDir(volumePath, (dir) => external_node_fs_default().readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .flatMap((file) => readRecordFile(dir, file) ?? []));
}
/** The record whole or not at all (writeFileAtomic); the lock is refreshed first, and a taken-over one stops the write. */
function records_io_writeRecord(lock, volumePath, record) {
    lock.keepFresh();
    inRecordsDir(volumePath, (dir) => writeFileAtomic(path.join(dir, `${record.name}.json`), JSON.stringify(record)));
}
/** Drops a builder's record: only a regular file in the real records folder, never what a link points at. */
function removeRecord(lock, volumePath, name) {
    lock.keepFresh();
    inRecordsDir(volumePath, (dir) => {
        const file = external_node_path_default().join(dir, `${name}.json`);
        if (lstatOrUndefined(file)?.isFile())
            external_node_fs_default().unlinkSync(file);
    });
}
/** Changes a builder's record under the records lock; nothing when there is none. The record as it was before. */
async function changeRecord(volumePath, name, change, logger) {
    if (!recordsDirExists(volumePath))
        return undefined;
    return records_io_withRecordsLock(volumePath, logger, (lock) => {
        const record = records_io_builderRecord(volumePath, name);
        if (record)
            records_io_writeRecord(lock, volumePath, { ...record, ...change });
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
async function records_io_readNodeRecord(cli, name) {
    const dir = external_node_fs_default().mkdtempSync(external_node_path_default().join(external_node_os_default().tmpdir(), 'cachekeeper-record-'));
    try {
        const copied = await cli(['cp', `${buildx_names_builderContainer(name)}:${record_RECORD_IN_CONTAINER}`, dir]);
        if (copied.code !== 0)
            return undefined;
        // docker cp copies a link or a FIFO as it is: only a regular file is read.
        const record = parseRecord(readRegularFile(external_node_path_default().join(dir, external_node_path_default().basename(record_RECORD_IN_CONTAINER))));
        return record?.name === name ? record : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        external_node_fs_default().rmSync(dir, { recursive: true, force: true });
    }
}
/** Writes the record into the node container; `docker cp` swaps the whole file, and a torn read only postpones retirement. */
async function records_io_writeNodeRecord(cli, record) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'));
    try {
        const file = path.join(dir, 'record.json');
        fs.writeFileSync(file, JSON.stringify(record));
        return (await cli(['cp', file, `${builderContainer(record.name)}:${RECORD_IN_CONTAINER}`])).code === 0;
    }
    finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/persistent/remove.ts


/** Drops whatever is left of a builder: buildx's record, the container and its state (the local store holds the cache). */
async function remove_removeBuilder(cli, name) {
    await cli(rmArgs(name));
    await cli(['rm', '-f', buildx_names_builderContainer(name)]);
    await cli(['volume', 'rm', '-f', builderStateVolume(name)]);
}
/** Removes an unused builder; false (with a warning) when its container is still there afterwards. */
async function retireBuilder(cli, name, logger) {
    await remove_removeBuilder(cli, name);
    if ((await cli(existsArgs(name))).code !== 0)
        return true;
    logger.warning(`Unused builder ${name} could not be removed; it is tried again by the next job`);
    return false;
}

;// CONCATENATED MODULE: ./src/builders/persistent/retire.ts





/** Whether a record says its builder is unused by `now`. */
const unused = (record, now) => unusedBuilders([record], now).length > 0;
/**
 * Removes the recorded builders unused for their max-age: only names this
 * action made and recorded, their container and `_state` volume. Jobs without
 * the volume record their use in the node container only: the newer of the
 * two records decides. Returns the names (would be) removed.
 */
async function retireUnusedBuilders(cli, volumePath, options, logger) {
    if (!recordsDirExists(volumePath))
        return [];
    return records_io_withRecordsLock(volumePath, logger, async (lock) => {
        const now = options.now ?? Date.now();
        const candidates = [];
        for (const record of allRecords(volumePath).filter((record) => unused(record, now)))
            if (unused(newerRecord(record, await records_io_readNodeRecord(cli, record.name)), now))
                candidates.push(record);
        if (options.dryRun)
            return candidates.map((record) => record.name);
        for (const { name } of candidates) {
            lock.keepFresh();
            if (await retireBuilder(cli, name, logger))
                removeRecord(lock, volumePath, name);
        }
        return candidates.map((record) => record.name);
    });
}
/**
 * retireUnusedBuilders for a job without a persistent volume: the node
 * containers of this action's builders, each judged by the record it holds.
 * A container without a readable record is never removed (nothing says it is
 * unused); each record is read again just before removal, so a job that
 * attached it meanwhile keeps it. Returns the names (would be) removed.
 */
async function retireUnusedNodeBuilders(cli, options, logger) {
    const listed = await cli(nodeListArgs());
    if (listed.code !== 0)
        return [];
    const now = options.now ?? Date.now();
    const isUnused = async (name) => {
        const record = await records_io_readNodeRecord(cli, name);
        return record !== undefined && unused(record, now);
    };
    const retired = [];
    for (const name of listed.stdout.split('\n').flatMap((line) => builderOfNode(line) ?? [])) {
        if (!(await isUnused(name)))
            continue;
        if (options.dryRun)
            retired.push(name);
        else if ((await isUnused(name)) && (await retireBuilder(cli, name, logger)))
            retired.push(name);
    }
    return retired;
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
class DockerUnavailable extends Error {
}

;// CONCATENATED MODULE: ./src/runner/exec.ts







/**
 * The one place that runs commands: quiet, and a non-zero exit is a result, not an exception.
 * A job container without the docker CLI is common (act_runner's default images): that is
 * said in one plain sentence instead of exec's "Unable to locate executable file" paragraph.
 */
const exec_dockerCli = async (args) => {
    if (!(await which('docker', false))) {
        throw new DockerUnavailable('docker CLI not found on PATH; install it in the job container (or mount the host one) for builder pruning, or set prune-builders: false');
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
    const out = external_node_fs_default().openSync(stdoutFile, 'w', 0o600);
    const err = external_node_fs_default().openSync(stderrFile, 'w', 0o600);
    let started;
    try {
        const child = (0,external_node_child_process_namespaceObject.spawn)('docker', args, { detached: true, stdio: ['ignore', out, err], env });
        // Its 'error' comes a tick later; a child with no pid was never started (no docker on the job's PATH).
        child.on('error', () => undefined);
        child.unref();
        started = child.pid !== undefined;
    }
    finally {
        external_node_fs_default().closeSync(out);
        external_node_fs_default().closeSync(err);
    }
    if (!started) {
        for (const file of [stdoutFile, stderrFile])
            external_node_fs_default().rmSync(file, { force: true });
        throw new DockerUnavailable('docker CLI not found on PATH');
    }
}
/** Runs a Docker credential helper's `get`, the server URL on its standard input; a missing program is a result too. */
async function credentialHelperGet(program, serverUrl) {
    try {
        const { exitCode, stdout, stderr } = await exec.getExecOutput(program, ['get'], { silent: true, ignoreReturnCode: true, input: Buffer.from(serverUrl) });
        return { code: exitCode, stdout, stderr };
    }
    catch (error) {
        return { code: 127, stdout: '', stderr: errorMessage(error) };
    }
}

;// CONCATENATED MODULE: ./src/backends/cache-entries.ts

const NO_ENTRIES = { cacheFrom: [], cacheTo: [] };
/** Joins attributes; a later pair with a key already present replaces its value in place, so every key appears once. */
function entry(attributes) {
    const merged = new Map();
    for (const [key, value] of attributes)
        if (value !== undefined)
            merged.set(key, value);
    return [...merged].map(([key, value]) => `${key}=${value}`).join(',');
}
function exportAttributes(request) {
    return [['mode', request.mode], ['ignore-error', request.ignoreError ? 'true' : undefined], ...request.options];
}
function localEntries(request) {
    const { writeTag, readTags, options } = request;
    const dir = request.snapshotDir;
    if (!dir)
        throw new Error('local cache entries need the snapshot directory');
    return {
        cacheFrom: readTags.map((tag) => entry([['type', 'local'], ['src', dir], ['tag', tag], ...options])),
        cacheTo: writeTag ? [entry([['type', 'local'], ['dest', dir], ['tag', writeTag], ...exportAttributes(request)])] : []
    };
}
function registryEntries(backend, request) {
    const { writeTag, readTags, options } = request;
    const ref = request.registryRef;
    if (!ref)
        throw new Error(`cache-mode ${backend} needs registry-ref`);
    const cacheFrom = (writeTag ? [writeTag, ...readTags] : readTags).map((tag) => entry([['type', 'registry'], ['ref', `${ref}:${tag}`], ...options]));
    if (!writeTag)
        return { cacheFrom, cacheTo: [] };
    // BuildKit's inline exporter takes no attributes: it embeds the cache in the pushed image.
    if (backend === 'inline')
        return { cacheFrom, cacheTo: ['type=inline'] };
    const cacheTo = entry([
        ['type', 'registry'],
        ['ref', `${ref}:${writeTag}`],
        ['mode', request.mode],
        ['image-manifest', 'true'],
        ['oci-mediatypes', 'true'],
        ['ignore-error', request.ignoreError ? 'true' : undefined],
        ...options
    ]);
    return { cacheFrom, cacheTo: [cacheTo] };
}
/**
 * The host's own store first; the registry for what it lacks, and for the branch scopes other hosts read.
 * Both exports write an image manifest with OCI media types: BuildKit 0.13 (dockerd 26) hands a build's
 * exporters one cache manifest, so a local export of the other format would name a manifest it never wrote.
 */
function twoTierEntries(request) {
    const sameFormat = [
        ['image-manifest', 'true'],
        ['oci-mediatypes', 'true']
    ];
    const local = {
        cacheFrom: localEntries(request).cacheFrom,
        cacheTo: localEntries({ ...request, options: [...sameFormat, ...request.options] }).cacheTo
    };
    const fromRegistry = registryEntries('registry', { ...request, writeTag: undefined, readTags: request.registryReadTags ?? [] }).cacheFrom;
    const toRegistry = request.registryWriteTag ? registryEntries('registry', { ...request, writeTag: request.registryWriteTag, readTags: [] }).cacheTo : [];
    return { cacheFrom: [...local.cacheFrom, ...fromRegistry], cacheTo: [...local.cacheTo, ...toRegistry] };
}
/** gha names a cache by `scope`, s3 by `name`: both prefixed with the repository, since one service holds many. */
function serviceEntries(backend, request) {
    const { writeTag, readTags, options } = request;
    const nameKey = backend === 'gha' ? 'scope' : 'name';
    const named = (tag) => `${request.repoName}-${tag}`;
    return {
        cacheFrom: (writeTag ? [writeTag, ...readTags] : readTags).map((tag) => entry([['type', backend], [nameKey, named(tag)], ...options])),
        cacheTo: writeTag ? [entry([['type', backend], [nameKey, named(writeTag)], ...exportAttributes(request)])] : []
    };
}
/** Entries for a resolved backend (`auto` is resolved before this is called). */
function cacheEntries(backend, request) {
    switch (backend) {
        case 'off':
            return NO_ENTRIES;
        case 'local':
            return localEntries(request);
        case 'registry':
        case 'inline':
            return registryEntries(backend, request);
        case 'local+registry':
            return twoTierEntries(request);
        case 'gha':
        case 's3':
            return serviceEntries(backend, request);
    }
}
/** Picks the backend for `auto`: gha where GitHub hosts the runner, local elsewhere. */
function cache_entries_resolveBackend(mode, env) {
    if (mode !== 'auto')
        return mode;
    const githubHosted = env.RUNNER_ENVIRONMENT === 'github-hosted' && !isGiteaLike(env);
    return githubHosted ? 'gha' : 'local';
}

;// CONCATENATED MODULE: ./src/builders/persistent/buildx-record.ts

/** What a create is given that its record keeps: the driver-opts and the buildkitd.toml. */
function buildx_record_createDigest(driverOpts, buildkitdConfig) {
    return createHash('sha256')
        .update(JSON.stringify([driverOpts, buildkitdConfig ?? '']))
        .digest('hex');
}
/**
 * The one check every write-back of buildx's record passes, whether the record
 * was kept on the shared volume or in the node container: anyone who can write
 * either could otherwise plant a builder made from their image or config for
 * another repository. The record must be exactly what `buildx create` makes
 * from this job's inputs: this builder's name and node, the docker-container
 * driver, this job's endpoint, builder-driver-opts as buildx parses them, no
 * buildkitd flag but the one buildx adds itself, and this job's buildkitd.toml
 * (buildx rewrites it, so it is compared setting by setting: tomlEntries).
 * Fields buildx does not write from these inputs (platforms, more nodes, a
 * dynamic group, fields of other versions) refuse it too: refusing costs one create.
 */
function buildx_record_restorableInstance(instance, wanted) {
    if (!instance)
        return { ok: false, reason: 'none kept' };
    if (instance.madeWith !== buildx_record_createDigest(wanted.driverOpts, wanted.buildkitdConfig))
        return { ok: false, reason: 'made with other driver-opts or buildkitd.toml' };
    let value;
    try {
        value = JSON.parse(instance.json);
    }
    catch {
        return { ok: false, reason: 'not JSON' };
    }
    const reason = groupMismatch(value, wanted);
    return reason ? { ok: false, reason } : { ok: true, json: instance.json };
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const onlyKeys = (value, allowed) => Object.keys(value).every((key) => allowed.includes(key));
/** buildx writes an empty list or map as null; either is "none". */
const isEmpty = (value) => value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
/** buildx's NodeGroup: this builder, docker-container, one node. */
function groupMismatch(group, wanted) {
    if (!isObject(group) || !onlyKeys(group, ['Name', 'Driver', 'Nodes', 'Dynamic']))
        return 'not a builder record of buildx';
    if (group.Name !== wanted.name)
        return `it names builder ${JSON.stringify(group.Name)}`;
    if (group.Driver !== 'docker-container')
        return `driver ${JSON.stringify(group.Driver)}`;
    if (group.Dynamic !== undefined && group.Dynamic !== false)
        return 'a dynamic builder';
    if (!Array.isArray(group.Nodes) || group.Nodes.length !== 1)
        return 'not exactly one node';
    return nodeMismatch(group.Nodes[0], wanted);
}
// buildx 0.13+ adds this flag itself to a docker-container builder unless the config grants it; the action passes none.
const BUILDX_OWN_FLAGS = (/* unused pure expression or super */ null && (['--allow-insecure-entitlement=network.host']));
/** buildx's Node: its name, endpoint, driver-opts, flags and files, each as create makes them from the inputs. */
function nodeMismatch(node, wanted) {
    if (!isObject(node) || !onlyKeys(node, ['Name', 'Endpoint', 'Platforms', 'DriverOpts', 'Flags', 'Files']))
        return 'not a node of buildx';
    if (node.Name !== `${wanted.name}0`)
        return `node ${JSON.stringify(node.Name)}`;
    if (node.Endpoint !== wanted.endpoint)
        return `endpoint ${JSON.stringify(node.Endpoint)}`;
    if (!isEmpty(node.Platforms))
        return 'platforms the action never sets';
    const driverOpts = driverOptsMap(wanted.driverOpts);
    if (!driverOpts || !sameMap(node.DriverOpts, driverOpts))
        return 'driver-opts other than builder-driver-opts';
    const flags = node.Flags;
    const ownFlags = isEmpty(flags) || (Array.isArray(flags) && flags.length === BUILDX_OWN_FLAGS.length && flags.every((flag, i) => flag === BUILDX_OWN_FLAGS[i]));
    if (!ownFlags)
        return 'buildkitd flags the action never sets';
    return filesMismatch(node.Files, wanted.buildkitdConfig);
}
/** buildx keeps the buildkitd.toml (base64, rewritten by go-toml) in Files; with no config, none. */
function filesMismatch(files, config) {
    if (config === undefined)
        return isEmpty(files) ? undefined : 'files though no buildkitd.toml is given';
    if (!isObject(files) || !onlyKeys(files, ['buildkitd.toml']) || typeof files['buildkitd.toml'] !== 'string')
        return 'files other than one buildkitd.toml';
    const kept = tomlEntries(Buffer.from(files['buildkitd.toml'], 'base64').toString('utf8'));
    const given = tomlEntries(config);
    const same = kept !== undefined && given !== undefined && kept.length === given.length && kept.every((entry, i) => entry === given[i]);
    return same ? undefined : 'another buildkitd.toml';
}
function sameMap(recorded, wanted) {
    if (isEmpty(recorded))
        return Object.keys(wanted).length === 0;
    if (!isObject(recorded))
        return false;
    const keys = Object.keys(recorded);
    return keys.length === Object.keys(wanted).length && keys.every((key) => Object.hasOwn(wanted, key) && recorded[key] === wanted[key]);
}
/**
 * builder-driver-opts as buildx stores them: each option is CSV, each field
 * `key=value`, a later key wins. Undefined for a quoted option, whose CSV this
 * does not parse: its record is then never written back.
 */
function driverOptsMap(driverOpts) {
    const map = {};
    for (const opt of driverOpts) {
        if (opt.includes('"'))
            return undefined;
        for (const field of opt.split(',')) {
            const at = field.indexOf('=');
            if (at <= 0)
                return undefined;
            map[field.slice(0, at)] = field.slice(at + 1);
        }
    }
    return map;
}
/**
 * The settings of a buildkitd.toml, one sorted `["table","key"]=value` line
 * each, so that the file buildx keeps (go-toml rewrites it: parent tables
 * added, comments dropped, keys sorted, strings double-quoted) compares equal
 * to the one it was made from. Only the plain TOML buildkitd configs use is
 * read (tables, arrays of tables, booleans, integers, strings without escapes,
 * one-line arrays of those); anything else gives undefined, and a record whose
 * config cannot be compared is not written back. Each `[[table]]` counts as a
 * setting: an empty GC policy added is a change.
 */
function tomlEntries(text) {
    if (text.includes('\\'))
        return undefined;
    const entries = [];
    const arrays = new Map();
    let table = [];
    for (const raw of text.split('\n')) {
        const line = withoutComment(raw);
        if (line === undefined)
            return undefined;
        if (line === '')
            continue;
        const header = /^(\[\[?)(.*?)(\]\]?)$/.exec(line);
        const pair = header ? undefined : /^((?:[^="']|"[^"]*"|'[^']*')+?)=(.*)$/.exec(line);
        if (header) {
            const parts = keyPath(header[2]);
            const isArray = header[1] === '[[';
            if (!parts || isArray !== (header[3] === ']]'))
                return undefined;
            table = tablePath(parts, arrays, isArray);
            if (isArray)
                entries.push(JSON.stringify(table));
            continue;
        }
        const key = pair ? keyPath(pair[1]) : undefined;
        const value = pair ? tomlValue(pair[2]) : undefined;
        if (!key || value === undefined)
            return undefined;
        entries.push(`${JSON.stringify([...table, ...key])}=${value}`);
    }
    return entries.sort();
}
/** A line without its comment; undefined when a quote stays open (a multi-line string, not read here). */
function withoutComment(line) {
    let quote;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === quote)
                quote = undefined;
        }
        else if (c === '"' || c === "'")
            quote = c;
        else if (c === '#')
            return line.slice(0, i).trim();
    }
    return quote ? undefined : line.trim();
}
/** A dotted key (`registry."127.0.0.1:5000"`) as its parts, quotes removed; undefined when it is not one. */
function keyPath(text) {
    const part = /\s*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')\s*(\.|$)/y;
    const parts = [];
    let match;
    while (part.lastIndex < text.length && (match = part.exec(text))) {
        parts.push(match[1] ?? match[2] ?? match[3]);
        if (match[4] === '.' && part.lastIndex === text.length)
            return undefined;
    }
    return parts.length > 0 && part.lastIndex === text.length ? parts : undefined;
}
/** A table's path, each array of tables followed by the index of its element (`[[a]]` twice: a#0, a#1; `[a.b]` then belongs to a#1). */
function tablePath(parts, arrays, isArray) {
    const path = [];
    parts.forEach((part, i) => {
        path.push(part);
        const key = JSON.stringify(path);
        if (isArray && i === parts.length - 1)
            arrays.set(key, (arrays.get(key) ?? -1) + 1);
        const index = arrays.get(key);
        if (index !== undefined)
            path.push(index);
    });
    return path;
}
/** A value in one spelling: true/false, an integer, a string as JSON, a one-line array of those; undefined for anything else. */
function tomlValue(text) {
    const value = text.trim();
    if (/^(?:true|false)$/.test(value))
        return value;
    if (/^[+-]?\d+$/.test(value))
        return BigInt(value).toString();
    const quoted = /^"([^"]*)"$/.exec(value) ?? /^'([^']*)'$/.exec(value);
    if (quoted)
        return JSON.stringify(quoted[1]);
    if (!value.startsWith('[') || !value.endsWith(']'))
        return undefined;
    const inner = value.slice(1, -1).trim().replace(/,$/, '');
    if (inner === '')
        return '[]';
    const items = inner.split(',').map((item) => (item.trim().startsWith('[') ? undefined : tomlValue(item)));
    return items.every((item) => item !== undefined) ? `[${items.join(',')}]` : undefined;
}

;// CONCATENATED MODULE: ./src/builders/persistent/buildx-config.ts





/**
 * buildx's own files for this job: its folder, its record of the builder
 * (`instances/<name>`) and its `current` file. A new job container starts with
 * none of them; an earlier job's record is restored when it is exactly what
 * this job's create would write (restorableInstance).
 */
/** The folder buildx keeps its records in for this job: `$BUILDX_CONFIG`, else `$DOCKER_CONFIG/buildx`, else `~/.docker/buildx`. */
function buildx_config_buildxConfigDir(env, home = os.homedir()) {
    return env.BUILDX_CONFIG || `${env.DOCKER_CONFIG || `${home}/.docker`}/buildx`;
}
/** The endpoint buildx keys its current builder by, when this job's Docker is the default one; undefined when a context decides. */
function defaultEndpoint(env) {
    if (env.DOCKER_CONTEXT)
        return undefined;
    return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}
/**
 * Whether buildx's `current` file already makes `name` the current builder of
 * this job's Docker endpoint (`{"Key":"unix:///var/run/docker.sock","Name":…}`), or of every one (`Global`):
 * then `buildx use` would change nothing. Anything else, unreadable or another
 * endpoint included, says no, and `buildx use` runs.
 */
function isCurrentBuilder(currentFile, name, endpoint) {
    if (currentFile === undefined)
        return false;
    try {
        const current = JSON.parse(currentFile);
        return current.Name === name && (current.Global === true || (endpoint !== undefined && current.Key === endpoint));
    }
    catch {
        return false;
    }
}
/** buildx's `current` file as `create --use` writes it for this endpoint. */
function currentFileFor(name, endpoint) {
    return JSON.stringify({ Key: endpoint, Name: name, Global: false });
}
/** Where buildx keeps its record of a builder in this job's buildx folder. */
function instanceFile(name, env) {
    return path.join(buildx_config_buildxConfigDir(env), 'instances', name);
}
function currentFile(env) {
    try {
        return fs.readFileSync(path.join(buildx_config_buildxConfigDir(env), 'current'), 'utf8');
    }
    catch {
        return undefined;
    }
}
/** buildx's own record of the builder in this job's buildx folder: then `buildx create` would only say it exists. */
function buildx_config_buildxKnows(name, env = process.env) {
    return fs.existsSync(instanceFile(name, env));
}
/** Whether buildx's `current` file already names the builder for this job's Docker (a read, no call). */
function buildx_config_isCurrentAlready(name, env = process.env) {
    return isCurrentBuilder(currentFile(env), name, defaultEndpoint(env));
}
/** The builder buildx's `current` file names ('' or undefined: the default one). */
function buildx_config_currentBuilderName(env = process.env) {
    try {
        const name = JSON.parse(currentFile(env) ?? '{}').Name;
        return typeof name === 'string' && name !== '' ? name : undefined;
    }
    catch {
        return undefined;
    }
}
/** buildx's record of the builder as the create just made it, for later jobs to restore. */
function buildx_config_readInstance(name, madeWith, env = process.env) {
    try {
        return { json: fs.readFileSync(instanceFile(name, env), 'utf8'), madeWith };
    }
    catch {
        return undefined;
    }
}
/**
 * Writes buildx's record of the builder and makes it current, as `buildx
 * create --use` would have, from the record a create wrote in an earlier job;
 * false (create runs) when the recorded one is not what this job's inputs
 * would create (restorableInstance, whichever copy it came from), or cannot
 * be written.
 */
function buildx_config_restoreInstance(wanted, recorded, logger, env = process.env) {
    const { name } = wanted;
    const endpoint = defaultEndpoint(env);
    if (endpoint === undefined)
        return false;
    const restorable = restorableInstance(recorded, { name, endpoint, driverOpts: wanted.driverOpts, buildkitdConfig: wanted.buildkitdConfig });
    if (!restorable.ok) {
        if (recorded)
            logger.info(`buildx's kept record of builder ${name} not restored (${restorable.reason}); buildx create runs (a live node keeps its config)`);
        return false;
    }
    try {
        fs.mkdirSync(path.dirname(instanceFile(name, env)), { recursive: true });
        // buildx's own files are its user's alone (0600), as buildx writes them.
        writeFileAtomic(instanceFile(name, env), restorable.json, 0o600);
        writeFileAtomic(path.join(buildx_config_buildxConfigDir(env), 'current'), currentFileFor(name, endpoint), 0o600);
        return true;
    }
    catch {
        fs.rmSync(instanceFile(name, env), { force: true });
        return false;
    }
}

;// CONCATENATED MODULE: ./src/builders/persistent/buildx-output.ts
/** What the docker and buildx calls print, read as far as it matters here; lines that are not what is looked for are skipped, never guessed. */
/** The last non-empty line of a command's stderr: docker and buildx print the cause last. */
function buildx_output_lastLine(text) {
    return text.trim().split('\n').filter(Boolean).pop() ?? '';
}
/** Why a call failed, in one line: its last stderr line, else its exit code. */
function buildx_output_failure(result) {
    return buildx_output_lastLine(result.stderr) || `exit ${result.code}`;
}
/** `buildx create` of a name this buildx configuration already records: as good as made. */
function buildx_output_isExistingInstance(stderr) {
    return /existing instance/i.test(stderr);
}
const DU_UNITS = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** Bytes in du's `Total:` line (decimal units, as docker prints them); undefined when there is none. */
function buildx_output_parseDuTotal(stdout) {
    const match = /^Total:\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB)\s*$/m.exec(stdout);
    return match ? Math.round(Number(match[1]) * DU_UNITS[match[2]]) : undefined;
}
/** What `buildx prune` says it reclaimed ("Total: 1.2GB"), as printed; undefined when it printed no total. */
function buildx_output_reclaimedTotal(stdout) {
    return /^Total:\s*(.+)$/m.exec(stdout)?.[1]?.trim();
}
/** The fields of `docker buildx inspect` that matter here (buildx 0.13 says "Buildkit:", later ones "BuildKit version:"). */
function buildx_output_parseInspect(stdout) {
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
function buildx_output_isNameConflict(error) {
    return /container name .* is already in use/i.test(error);
}
/** What buildx says of a builder its configuration has no record of (buildx 0.13 and later). */
function buildx_output_isUnknownBuilder(error) {
    return /no builder .* found|failed to find instance|not found/i.test(error);
}

;// CONCATENATED MODULE: ./src/builders/persistent/attach.ts












async function bootstrapOnce(cli, name) {
    const result = await cli(inspectArgs(name, true));
    const inspected = parseInspect(result.stdout);
    const ok = result.code === 0 && inspected.status === 'running';
    return { ok, buildkit: inspected.buildkit, error: lastLine(result.stderr) || `status ${inspected.status ?? 'unknown'}` };
}
/** A bootstrap that lost the race for the container name found someone else's node: it attaches to that one. */
async function bootstrap(cli, name) {
    const started = await bootstrapOnce(cli, name);
    return !started.ok && isNameConflict(started.error) ? { ...(await bootstrapOnce(cli, name)), raced: true } : started;
}
/** Whether the node container runs; a container that cannot be inspected (gone) does not. */
async function isRunning(cli, name) {
    const result = await cli(runningArgs(name));
    return result.code === 0 && result.stdout.trim() === 'true';
}
/**
 * The `buildx create` calls of one attach and what they left: whether buildx's
 * current file names the builder (`--use`), and the record a create wrote.
 * buildx finds an existing `buildx_buildkit_<name>0` container at bootstrap.
 */
class Creation {
    cli;
    options;
    current;
    instance;
    madeWith;
    constructor(cli, options, current) {
        this.cli = cli;
        this.options = options;
        this.current = current;
        this.madeWith = createDigest(options.driverOpts, options.buildkitdConfig);
    }
    /** Makes buildx's record (current); a record made meanwhile in this job container is as good as ours. The problem, if any. */
    async make() {
        const { buildkitdConfig, name, driverOpts } = this.options;
        // buildx copies the file into its own record at create: it need not outlive the call.
        const dir = buildkitdConfig ? fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-buildkitd-')) : undefined;
        const file = dir ? path.join(dir, 'buildkitd.toml') : undefined;
        if (file)
            fs.writeFileSync(file, buildkitdConfig ?? '');
        const result = await this.cli(createArgs(name, driverOpts, file)).finally(() => {
            if (dir)
                fs.rmSync(dir, { recursive: true, force: true });
        });
        if (result.code !== 0)
            return isExistingInstance(result.stderr) ? undefined : failure(result);
        this.current = true;
        this.instance = readInstance(name, this.madeWith, this.options.env);
        return undefined;
    }
}
/** Where a recreated builder's cache comes from. */
function warmth(options) {
    return options.volumePath ? 'it starts from the local store' : 'it starts cold (no persistent volume-path holds a copy)';
}
/** A builder that will not start and whose container is not running: removed and made again, once. */
async function recreate(cli, options, creation, error, logger) {
    logger.warning(`Builder ${options.name} did not start (${error}); recreating it, ${warmth(options)}`);
    await removeBuilder(cli, options.name);
    creation.current = false;
    const problem = await creation.make();
    if (problem)
        return { reason: `docker buildx create: ${problem}` };
    const started = await bootstrap(cli, options.name);
    return started.ok ? { started, recreated: true } : { reason: `docker buildx inspect --bootstrap: ${started.error}` };
}
/** Bootstraps the node: made when buildx does not know it, never removed while it runs (it may serve another job's build). */
async function bootstrapped(cli, options, creation, logger) {
    const { name } = options;
    let started = await bootstrap(cli, name);
    if (!started.ok && isUnknownBuilder(started.error)) {
        const problem = await creation.make();
        if (problem)
            return { reason: `docker buildx create: ${problem}` };
        started = await bootstrap(cli, name);
    }
    if (started.ok)
        return { started, recreated: false };
    if (!(await isRunning(cli, name)))
        return recreate(cli, options, creation, started.error, logger);
    // Running but not answering (a bootstrap also times out under load): once more, then build without it.
    started = await bootstrap(cli, name);
    if (started.ok)
        return { started, recreated: false };
    return {
        reason: `its container ${builderContainer(name)} is running (perhaps serving another job's build) but did not answer (${started.error}); it is left alone, remove it if this persists`
    };
}
/** A builder that answers, or why there is none; the caller writes the record. */
async function startBuilder(cli, options, previous, logger) {
    const { name } = options;
    // A new buildx configuration (a new job container): the record an earlier job's create wrote, when it is what create would write now.
    const creation = new Creation(cli, options, !options.buildxKnows && restoreInstance(options, previous?.buildx, logger, options.env));
    // buildx does not say whether bootstrap found the container or made it; docker does. A new job container has no buildx record
    // of the builder: making it runs beside the inspect; one this buildx folder already holds (a host runner, a reused job
    // container) is read, not made again. A node that runs, whose BuildKit the record already names, needs no bootstrap.
    const [state, problem] = await Promise.all([cli(runningArgs(name)), options.buildxKnows || creation.current ? undefined : creation.make()]);
    const existed = state.code === 0;
    const ready = (how, buildkit) => ({
        state: 'ready',
        name,
        how,
        buildkit,
        current: creation.current,
        instance: creation.instance
    });
    if (!problem && canSkipBootstrap(existed && state.stdout.trim() === 'true', previous))
        return ready('attached', previous?.buildkit);
    const outcome = await bootstrapped(cli, options, creation, logger);
    if ('reason' in outcome)
        return { state: 'unavailable', reason: outcome.reason };
    const how = outcome.started.raced ? 'attached' : outcome.recreated ? 'recreated' : existed ? 'attached' : 'created';
    return ready(how, outcome.started.buildkit);
}
/** The record attach writes for the builder it made ready. */
function nextRecord(options, result, previous) {
    const attached = result.how === 'attached' && previous !== undefined;
    return {
        name: options.name,
        repoName: options.repoName,
        lastUsedMs: options.now ?? Date.now(),
        maxAgeMs: options.maxAgeMs,
        // An existing container keeps the options it was made with, and the prune flag post learnt for it.
        driverOpts: attached ? previous.driverOpts : options.driverOpts,
        ...(result.buildkit ? { buildkit: result.buildkit } : {}),
        ...(attached && previous.budgetFlag ? { budgetFlag: previous.budgetFlag } : {}),
        // A node made in this job starts unmeasured: its first post measures it.
        ...(attached && previous.budgetCheckedMs !== undefined && previous.cacheBytes !== undefined
            ? { budgetCheckedMs: previous.budgetCheckedMs, cacheBytes: previous.cacheBytes }
            : {}),
        // A create in this job wrote buildx's record afresh; else the one kept is still the builder's.
        ...(result.instance ? { buildx: result.instance } : previous?.buildx ? { buildx: previous.buildx } : {}),
        // The node container's copy is as old as before (a node made in this job has none yet).
        ...(attached && previous.nodeRecordMs !== undefined ? { nodeRecordMs: previous.nodeRecordMs } : {})
    };
}
/** Starts the builder from its previous record and returns it ready with its next record (not yet written). */
async function attachFrom(cli, options, previous, logger) {
    const note = driverOptsNote(previous?.driverOpts, options.driverOpts);
    if (note)
        logger.info(note);
    const result = await startBuilder(cli, options, previous, logger);
    return result.state === 'ready' ? { ...result, record: nextRecord(options, result, previous) } : result;
}
/**
 * Re-attaches the repository's builder, or creates it, and bootstraps it.
 * With a volume, under the host-wide lock; without one, Docker's name rule
 * makes two first jobs share one container. A builder that will not start is
 * removed and made again once, but only when its container is not running: a
 * running one may be serving another job's build right now (a bootstrap also
 * times out under load), and jobs without the shared volume do not take the
 * lock. Never throws.
 */
async function attach_attachBuilder(cli, options, logger) {
    const { name, volumePath } = options;
    try {
        if (!volumePath) {
            const result = await attachFrom(cli, options, await readNodeRecord(cli, name), logger);
            if (result.state === 'ready' && result.record)
                await writeNodeRecord(cli, result.record);
            return result;
        }
        return await withRecordsLock(volumePath, logger, async (lock) => {
            const result = await attachFrom(cli, options, builderRecord(volumePath, name), logger);
            if (result.state === 'ready' && result.record)
                writeRecord(lock, volumePath, result.record);
            return result;
        });
    }
    catch (error) {
        return { state: 'unavailable', reason: errorMessage(error) };
    }
}
/** Makes the builder the job's current one, so `docker buildx build` without `--builder` uses it; the reason when it failed. */
async function attach_useBuilder(cli, name) {
    const result = await cli(useArgs(name));
    return result.code === 0 ? undefined : failure(result);
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
            return { ok: false, flag, detail: failure(result), bytes: before };
        const total = reclaimedTotal(result.stdout);
        return { ok: true, flag, detail: total ? `${total} reclaimed` : 'nothing to reclaim', bytes: await builderCacheBytes(cli, name) };
    }
    catch (error) {
        return { ok: false, detail: errorMessage(error) };
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
async function budget_clearBuilderCache(cli, name) {
    const result = await cli(clearCacheArgs(name));
    return result.code === 0 ? undefined : failure(result);
}

;// CONCATENATED MODULE: ./src/builders/persistent/gc-config.ts

/**
 * The GC policy the builder is made with: one policy over every record
 * (`all = true`; BuildKit 0.31+'s defaults drop cache mounts, local sources
 * and git checkouts 48 h after they pass 512 MB, whatever the budget), kept by
 * least recent use within builder-max-size (`maxUsedSpace`) while Docker's disk
 * has host-min-free free (`minFreeSpace`: past it BuildKit 0.17+ prunes on its
 * own, keeping min(maxUsedSpace, total - missing free space), never less than
 * `reservedSpace`). `keepBytes` is the one size BuildKit < 0.17 reads (it
 * ignores the rest). 0.17+ takes `keepBytes` as `reservedSpace` when that is
 * unset: a reserve GC never prunes below, which would void the floor. So
 * `reservedSpace` is set apart, to BuildKit's own default share (gcReserveBytes).
 */
function gcConfig(maxBytes, minFree) {
    const bytes = Math.floor(maxBytes);
    const policy = { all: true, keepBytes: bytes, reservedSpace: gcReserveBytes(bytes), maxUsedSpace: bytes, minFreeSpace: minFreeSpaceValue(minFree) };
    return [
        '# Written by buildkit-cache-keeper: the builder keeps its cache (cache mounts included) within builder-max-size, and host-min-free free on its disk.',
        '[worker.oci]',
        '  gc = true',
        `  gckeepstorage = ${bytes}`,
        '',
        '[[worker.oci.gcpolicy]]',
        ...Object.entries(policy).map(([key, value]) => `  ${key} = ${value}`),
        ''
    ].join('\n');
}
/** What GC never prunes the builder below, floor or not: BuildKit's default reserve, 10% (of the budget here), at most 10 GB; never 0 (a keep of 0 prunes all). */
function gcReserveBytes(maxBytes) {
    return Math.max(1, Math.min(Math.floor((maxBytes * BUILDKIT_DEFAULTS.reservePercent) / 100), BUILDKIT_DEFAULTS.reserveBytes));
}
/** minFreeSpace as BuildKit's DiskSpace parses it: bytes as an integer, a share as "N%" with N whole (rounded up: never less free than asked). */
function minFreeSpaceValue(minFree) {
    const floor = minFree ?? { percent: BUILDKIT_DEFAULTS.minFreePercent };
    return 'bytes' in floor ? String(Math.floor(floor.bytes)) : `"${Math.ceil(floor.percent)}%"`;
}
/**
 * The buildkitd.toml the builder is made with: the user's own (the
 * buildkitd-config input, or buildx's `buildkitd.default.toml`, which an
 * explicit `--buildkitd-config` would otherwise replace) with the GC policy
 * appended. A config that sets any worker section keeps its own GC: TOML
 * forbids a second `[worker.oci]`, and the user's policy is theirs to choose.
 */
function gc_config_builderConfig(base, maxBytes, minFree) {
    const own = base?.trim() ?? '';
    if (/^\s*\[+\s*worker[.\]]/m.test(own))
        return { text: own + '\n', gc: 'theirs' };
    return { text: (own ? own + '\n\n' : '') + gcConfig(maxBytes, minFree), gc: 'added' };
}

;// CONCATENATED MODULE: ./src/phases/builder-attach-step.ts













/**
 * Why there is no store to keep the builder's durable copy in, or undefined
 * when there is one. Only a volume-path that does not exist counts (a job
 * container without the volume mounted, the default /opt/buildx-cache
 * absent): a folder on the root filesystem is a persistent store on a host
 * runner, and in a job container the mount-point warning already says so.
 */
function storeProblem(volumePath) {
    return external_node_fs_default().existsSync(volumePath) ? undefined : `volume-path ${volumePath} does not exist.`;
}
/** buildx's own default buildkitd.toml, which an explicit --buildkitd-config replaces: its settings (registries, mirrors) are kept. */
function buildxDefaultConfig(env) {
    const file = path.join(buildxConfigDir(env), 'buildkitd.default.toml');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}
/** The buildkitd.toml the builder is made with; a user's file that cannot be read fails main, naming the input. */
function buildkitdConfigFor(inputs, runner) {
    let base;
    if (inputs.buildkitdConfig) {
        try {
            base = fs.readFileSync(inputs.buildkitdConfig, 'utf8');
        }
        catch (error) {
            throw new Error(`Input 'buildkitd-config' ${inputs.buildkitdConfig} cannot be read: ${errorMessage(error)}; give the absolute path of a buildkitd.toml`, {
                cause: error
            });
        }
    }
    else
        base = buildxDefaultConfig(runner.env);
    const config = builderConfig(base, inputs.builderMaxSize, inputs.hostMinFree);
    const floor = inputs.hostMinFree ? formatDiskSpace(inputs.hostMinFree) : `${BUILDKIT_DEFAULTS.minFreePercent}%`;
    runner.info(config.gc === 'added'
        ? `A new builder keeps its cache, cache mounts included, within ${formatBytes(inputs.builderMaxSize)}, and ${floor} of its disk free (buildkitd GC policy)`
        : 'A new builder uses the GC policy of its own buildkitd.toml (it has a [worker] section)');
    return config.text;
}
/** The builder made ready, or undefined with a warning, the job's own builder made current again. */
async function attach(inputs, name, buildkitdConfig, persistentStore, runner) {
    const options = {
        name,
        repoName: inputs.repoName,
        driverOpts: inputs.builderDriverOpts,
        maxAgeMs: inputs.maxAge,
        volumePath: persistentStore ? inputs.volumePath : undefined,
        buildkitdConfig,
        buildxKnows: buildxKnows(name, runner.env),
        env: runner.env,
        now: runner.now()
    };
    const before = currentBuilderName(runner.env);
    const result = await attachBuilder(dockerCli, options, runner);
    if (result.state === 'ready')
        return result;
    // Its create made it current (--use): the job's builds go back to the builder they had.
    if (before !== name && isCurrentAlready(name, runner.env))
        await useBuilder(dockerCli, before ?? 'default');
    // The build goes on with whatever builder the job has; only the speed-up is lost.
    runner.warning(`The persistent builder ${name} is not used for this build: ${result.reason}`);
    return undefined;
}
/** The BuildKit advice for this builder: an old one's warning, and the version remote cache exports want. */
function adviseBuildkit(buildkit, inputs, runner) {
    const outdated = buildkitWarning(buildkit);
    if (outdated)
        runner.warning(outdated);
    const advice = remoteCacheAdvice(buildkit, resolveBackend(inputs.cacheMode, runner.env));
    if (advice)
        runner.notice(advice);
}
/** fresh-build: the builder's cache cleared; what happened, for the table. */
async function freshBuild(inputs, name, runner) {
    if (!inputs.freshBuild)
        return undefined;
    if (inputs.dryRun)
        return 'cache would be cleared (dry-run)';
    const problem = await clearBuilderCache(dockerCli, name);
    if (!problem)
        return 'cache cleared';
    runner.warning(`fresh-build: the cache of builder ${name} was not cleared (${problem}); steps may still come from it`);
    return `cache not cleared: ${problem}`;
}
/** What post rewrites into the node container's record: what attach recorded (the BuildKit, so the next job skips the bootstrap; the builder's own driver-opts). */
function keptRecord(inputs, result) {
    const record = result.record;
    if (!record)
        return { repoName: inputs.repoName, driverOpts: inputs.builderDriverOpts, maxAgeMs: inputs.maxAge };
    return {
        repoName: record.repoName,
        driverOpts: record.driverOpts,
        maxAgeMs: record.maxAgeMs,
        ...(record.buildkit ? { buildkit: record.buildkit } : {}),
        ...(record.budgetFlag ? { budgetFlag: record.budgetFlag } : {}),
        ...(record.buildx ? { buildx: record.buildx } : {})
    };
}
/** main: the repository's persistent builder, made or re-attached, and made the job's current builder; undefined (with a warning) when it cannot be had. */
async function attachStep(inputs, runner, persistentStore = true) {
    if (!inputs.persistentBuilder)
        return undefined;
    const buildkitdConfig = buildkitdConfigFor(inputs, runner);
    return runner.group('Attaching the persistent builder', async () => {
        const name = persistentBuilderName(inputs.repoName);
        const sinceMs = runner.now();
        const result = await attach(inputs, name, buildkitdConfig, persistentStore, runner);
        if (!result)
            return undefined;
        adviseBuildkit(result.buildkit, inputs, runner);
        // As setup-buildx-action's use: true: a `docker buildx build` without --builder lands on it. A create
        // in this job did so with --use, and buildx's current file may already name it: no call then.
        const notUsed = result.current || isCurrentAlready(name, runner.env) ? undefined : await useBuilder(dockerCli, name);
        if (notUsed)
            runner.warning(`docker buildx use ${name} failed (${notUsed}): builds without builder: ${name} run elsewhere`);
        const fresh = await freshBuild(inputs, name, runner);
        await runner.table('Persistent builder', [
            ['builder', name],
            ['how', result.how],
            ['BuildKit', result.buildkit ?? 'unknown'],
            ['current builder', notUsed ? 'no' : 'yes'],
            ...(fresh ? [['fresh-build', fresh]] : [])
        ]);
        const { volumePath, builderMaxSize: maxSizeBytes, dryRun } = inputs;
        return { name, volumePath, maxSizeBytes, dryRun, persistentStore, record: keptRecord(inputs, result), sinceMs, how: result.how };
    });
}

;// CONCATENATED MODULE: ./src/phases/builder-retire-step.ts




/** pre (or main without pre): remove this action's builders unused for their max-age. Never throws. */
async function retireStep(inputs, runner) {
    if (!inputs.pruneBuilders)
        return;
    try {
        const options = { dryRun: inputs.dryRun };
        // Without a volume only jobs that use the persistent builder look for its records in Docker: the others pay no docker call for it.
        const withoutVolume = storeProblem(inputs.volumePath) !== undefined;
        if (withoutVolume && !inputs.persistentBuilder)
            return;
        const names = withoutVolume
            ? await retireUnusedNodeBuilders(exec_dockerCli, options, runner)
            : await retireUnusedBuilders(exec_dockerCli, inputs.volumePath, options, runner);
        const verb = inputs.dryRun ? 'would remove' : 'removed';
        for (const name of names)
            runner.info(`${verb} unused persistent builder ${name}`);
    }
    catch (error) {
        runner.warning(`Unused persistent builders were not removed: ${error_message_errorMessage(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/builders/select.ts


/**
 * Which builders are stale. Only docker/setup-buildx-action's generated names
 * qualify (`buildx_buildkit_builder-<uuid>0`): any other name is someone's
 * deliberate builder. Pure: the caller lists containers and volumes.
 */
/** What docker's name filter matches first; BUILDER_CONTAINER then keeps only the exact generated names. */
const SETUP_BUILDX_PREFIX = 'buildx_buildkit_builder-';
const BUILDER_CONTAINER = /^buildx_buildkit_builder-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}0$/;
/** Why a generated-name builder was left alone, so the log can say the action saw it. */
const KEPT_REASONS = ['younger than builder-max-age', 'stopped within the grace', 'being removed by docker'];
// Upper bound of the grace; pruneBuilders caps it at builder-max-age, so a small max-age (tests, cron) shortens it too.
const DEFAULT_GRACE_MS = 5 * 60 * 1000;
function isBuilderContainer(name) {
    return BUILDER_CONTAINER.test(name);
}
function isBuilderVolume(name) {
    return name.endsWith(STATE_SUFFIX) && isBuilderContainer(name.slice(0, -STATE_SUFFIX.length));
}
const RUNNING = new Set(['running', 'paused', 'restarting']);
/** Why a generated-name builder is kept, or undefined when it is stale. */
function keptReason(container, policy) {
    const age = policy.now - container.createdMs;
    if (container.status === 'removing')
        return 'being removed by docker';
    if (RUNNING.has(container.status))
        return age > policy.maxAgeMs ? undefined : 'younger than builder-max-age';
    return age > policy.graceMs ? undefined : 'stopped within the grace';
}
function selectStale(containers, volumes, policy) {
    const age = (createdMs) => policy.now - createdMs;
    const stale = [];
    const kept = [];
    for (const container of containers.filter((c) => isBuilderContainer(c.name))) {
        const reason = keptReason(container, policy);
        if (reason)
            kept.push({ container, reason });
        else
            stale.push(container);
    }
    const present = new Set(containers.map((c) => c.name));
    const staleNames = new Set(stale.map((c) => c.name));
    const volumeNames = new Set(volumes.map((v) => v.name));
    const ofStale = [...staleNames].map((name) => name + STATE_SUFFIX).filter((name) => volumeNames.has(name));
    const orphans = volumes
        .filter((v) => isBuilderVolume(v.name))
        .filter((v) => !present.has(v.name.slice(0, -STATE_SUFFIX.length)) && age(v.createdMs) > policy.graceMs)
        .map((v) => v.name);
    return { containers: stale, volumes: [...ofStale, ...orphans], kept };
}
/**
 * One log line per kept builder: its name, state, age and the rule that kept
 * it, so a user who sees it in `docker ps` knows the action saw it.
 */
function describeKept(kept, policy) {
    const { container, reason } = kept;
    const age = formatDuration(policy.now - container.createdMs);
    const limit = reason === 'younger than builder-max-age'
        ? ` (${formatDuration(policy.maxAgeMs)})`
        : reason === 'stopped within the grace'
            ? ` of ${formatDuration(policy.graceMs)}: a job may be creating it right now`
            : '';
    return `kept container ${container.name}: ${container.status}, created ${age} ago, ${reason}${limit}`;
}

;// CONCATENATED MODULE: ./src/builders/prune.ts



/**
 * Test-only: when set (to `key=value` or `key`), pruning lists only containers
 * and volumes carrying that label, so the test suite on a runner host never
 * touches builders it did not create. The name pattern still decides what is
 * a builder and what is stale. Not an input: users have no reason to set it.
 */
const PRUNE_LABEL_ENV = 'BUILDKIT_CACHE_KEEPER_TEST_PRUNE_LABEL';
function pruneLabelFromEnv(env) {
    return env[PRUNE_LABEL_ENV]?.trim() || undefined;
}
const NOTHING = { containers: [], volumes: [], notRemoved: { containers: [], volumes: [] }, kept: [] };
// Another pruner (a concurrent job on the same host) got there first: that is success.
const ALREADY_GONE = /No such (container|volume)|is already in progress|not found/i;
async function docker(cli, args) {
    let result;
    try {
        result = await cli(args);
    }
    catch (error) {
        if (error instanceof DockerUnavailable)
            throw error;
        throw new DockerUnavailable(`the docker CLI could not be run: ${error_message_errorMessage(error)}`);
    }
    if (result.code !== 0 && /Cannot connect to the Docker daemon|permission denied|error during connect/i.test(result.stderr)) {
        throw new DockerUnavailable(result.stderr.trim().split('\n')[0]);
    }
    if (result.code !== 0)
        throw new Error(`docker ${args[0]} ${args[1] ?? ''}: ${result.stderr.trim()}`);
    return result.stdout;
}
/** Names of one kind that look like builders (one list call; the label narrows it for tests). */
async function listNames(cli, kind, onlyLabel) {
    const list = kind === 'container' ? ['ps', '-a'] : ['volume', 'ls'];
    const label = onlyLabel ? ['--filter', `label=${onlyLabel}`] : [];
    const format = kind === 'container' ? '{{.Names}}' : '{{.Name}}';
    return (await docker(cli, [...list, '--filter', `name=${SETUP_BUILDX_PREFIX}`, ...label, '--format', format]))
        .split('\n')
        .map((name) => name.trim())
        .filter(Boolean);
}
// A concurrent pruner may still be removing the container that holds a volume.
const IN_USE = /volume is in use/i;
const IN_USE_RETRIES = 5;
const IN_USE_DELAY_MS = 400;
/**
 * Removes `names` in one batch call (retrying volumes another pruner still
 * holds). docker's messages do not always name the object (a storage driver
 * error names the container's id), so after a real failure the names still
 * listed are the ones that failed, unless docker said another pruner has
 * them; a name is reported removed only when docker said so or it is gone.
 */
async function removeAll(cli, kind, names, onlyLabel, logger) {
    if (names.length === 0)
        return { removed: [], failed: [] };
    const command = kind === 'container' ? ['rm', '-f'] : ['volume', 'rm', '-f'];
    const messages = [];
    // Gone already, or being removed by a concurrent pruner right now (docker still lists it meanwhile).
    const handledElsewhere = [];
    let pending = names;
    for (let attempt = 0;; attempt++) {
        const result = await cli([...command, ...pending]);
        const all = result.stderr
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean);
        handledElsewhere.push(...all.filter((line) => ALREADY_GONE.test(line)));
        const lines = all.filter((line) => !ALREADY_GONE.test(line));
        if (result.code !== 0 && all.length === 0)
            messages.push(`docker ${command.join(' ')} exited ${result.code}`);
        const busy = lines.filter((line) => IN_USE.test(line));
        messages.push(...lines.filter((line) => !IN_USE.test(line)));
        pending = pending.filter((name) => busy.some((line) => line.includes(name)));
        if (busy.length === 0)
            break;
        if (attempt === IN_USE_RETRIES || pending.length === 0) {
            messages.push(...busy);
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, IN_USE_DELAY_MS));
    }
    if (messages.length === 0)
        return { removed: names, failed: [] };
    const said = messages.length ? ` docker said: ${messages.join(' / ')}` : '';
    let present;
    try {
        present = new Set(await listNames(cli, kind, onlyLabel));
    }
    catch (error) {
        logger.warning(`Builder pruning: could not tell which of ${names.length} ${kind}s were removed (${error_message_errorMessage(error)}); none is reported as removed.${said}`);
        return { removed: [], failed: names };
    }
    const failed = names.filter((name) => present.has(name) && !handledElsewhere.some((line) => line.includes(name)));
    if (failed.length > 0)
        logger.warning(`Builder pruning: could not remove ${kind} ${failed.join(', ')}.${said}`);
    else
        logger.debug(`Builder pruning: docker reported${said}, but every ${kind} is gone or being removed`);
    return { removed: names.filter((name) => !failed.includes(name)), failed };
}
/**
 * Lists objects of one kind whose names pass `wanted`, then inspects them in
 * one call. An object removed between the two calls makes inspect exit 1;
 * what it printed for the rest is still used.
 */
async function inspectNamed(cli, kind, wanted, format, onlyLabel) {
    const names = (await listNames(cli, kind, onlyLabel)).filter(wanted);
    if (names.length === 0)
        return [];
    const result = await cli([kind, 'inspect', '--format', format, ...names]);
    return result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('|'));
}
async function listContainers(cli, onlyLabel) {
    const rows = await inspectNamed(cli, 'container', isBuilderContainer, '{{.Name}}|{{.State.Status}}|{{.Created}}', onlyLabel);
    return rows.map(([name, status, created]) => ({ name: name.replace(/^\//, ''), status, createdMs: Date.parse(created) }));
}
async function listVolumes(cli, onlyLabel) {
    const rows = await inspectNamed(cli, 'volume', isBuilderVolume, '{{.Name}}|{{.CreatedAt}}', onlyLabel);
    return rows.map(([name, created]) => ({ name, createdMs: Date.parse(created) }));
}
/**
 * Removes stale setup-buildx builders and their `_state` volumes in two batch
 * calls. Never throws: docker being unusable is reported in `unavailable`.
 */
async function pruneBuilders(cli, options, logger) {
    try {
        const { onlyLabel } = options;
        const [containers, volumes] = await Promise.all([listContainers(cli, onlyLabel), listVolumes(cli, onlyLabel)]);
        const policy = { now: options.now ?? Date.now(), maxAgeMs: options.maxAgeMs, graceMs: Math.min(DEFAULT_GRACE_MS, options.maxAgeMs) };
        const stale = selectStale(containers, volumes, policy);
        const kept = stale.kept.map((k) => ({ name: k.container.name, reason: k.reason, description: describeKept(k, policy) }));
        const staleContainers = stale.containers.map((c) => c.name);
        logger.debug(`Builders seen: ${containers.length} containers, ${volumes.length} volumes; stale: ${staleContainers.length}, ${stale.volumes.length}`);
        if (options.dryRun)
            return { ...NOTHING, containers: staleContainers, volumes: stale.volumes, kept };
        // Containers first: a volume still attached to a container cannot be removed,
        // so the volumes of containers that failed are not even tried.
        const removedContainers = await removeAll(cli, 'container', staleContainers, onlyLabel, logger);
        const held = new Set(removedContainers.failed.map((name) => `${name}_state`));
        const removedVolumes = await removeAll(cli, 'volume', stale.volumes.filter((name) => !held.has(name)), onlyLabel, logger);
        return {
            containers: removedContainers.removed,
            volumes: removedVolumes.removed,
            notRemoved: { containers: removedContainers.failed, volumes: [...removedVolumes.failed, ...stale.volumes.filter((name) => held.has(name))] },
            kept
        };
    }
    catch (error) {
        if (error instanceof DockerUnavailable)
            return { ...NOTHING, unavailable: error.message };
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/report/prune-report.ts

/** What a builder prune did, for the job's log and summary and for the CLI alike: a line per builder, then the counts. */
async function reportPrune(result, dryRun, reporter) {
    const verb = dryRun ? 'would remove' : 'removed';
    for (const name of result.containers)
        reporter.info(`${verb} container ${name}`);
    for (const name of result.volumes)
        reporter.info(`${verb} volume ${name}`);
    for (const kept of result.kept)
        reporter.info(kept.description);
    const rows = [
        [`containers ${verb}`, String(result.containers.length)],
        [`volumes ${verb}`, String(result.volumes.length)]
    ];
    const { notRemoved } = result;
    if (notRemoved.containers.length + notRemoved.volumes.length > 0) {
        rows.push(['containers not removed', String(notRemoved.containers.length)], ['volumes not removed', String(notRemoved.volumes.length)]);
    }
    rows.push(['builders kept', keptSummary(result.kept.map((k) => k.reason))]);
    await reporter.table('Stale builders', rows);
}
/** "2 (1 younger than builder-max-age, 1 stopped within the grace)", or "0"; reasons always in the same order. */
function keptSummary(reasons) {
    if (reasons.length === 0)
        return '0';
    const counts = KEPT_REASONS.map((reason) => [reason, reasons.filter((r) => r === reason).length]).filter(([, count]) => count > 0);
    return `${reasons.length} (${counts.map(([reason, count]) => `${count} ${reason}`).join(', ')})`;
}

;// CONCATENATED MODULE: ./src/phases/prune-step.ts




/** Prunes stale builders; returns how many were removed (or would be, in dry-run). Never throws. */
async function pruneStep(inputs, runner) {
    if (!inputs.pruneBuilders) {
        runner.info('Builder pruning is off (prune-builders: false)');
        return 0;
    }
    return runner.group('Pruning stale builders', async () => {
        try {
            const onlyLabel = pruneLabelFromEnv(runner.env);
            if (onlyLabel)
                runner.info(`Only builders labelled ${onlyLabel} are considered (${PRUNE_LABEL_ENV}, set by the test suite)`);
            const result = await pruneBuilders(exec_dockerCli, { maxAgeMs: inputs.builderMaxAge, dryRun: inputs.dryRun, onlyLabel }, runner);
            if (result.unavailable) {
                runner.warning(`Stale builders were not pruned: ${result.unavailable}`);
                return 0;
            }
            await reportPrune(result, inputs.dryRun, runner);
            return result.containers.length;
        }
        catch (error) {
            runner.warning(`Stale builders were not pruned: ${error_message_errorMessage(error)}`);
            return 0;
        }
    });
}

;// CONCATENATED MODULE: ./src/builders/persistent/cache-total.ts




/** docker exec's own refusals when the container does not run or does not exist (exit 1, where the command's own failures exit 126/127 or its code). */
const NODE_DOWN = /is not running|No such container|is paused|is restarting/i;
function cacheProbeArgs(name) {
    return ['exec', buildx_names_builderContainer(name), 'buildctl', 'du'];
}
/** What an exec of cacheProbeArgs says; undefined while it is still running (no total and nothing on stderr yet). */
function cacheTotalOf(stdout, stderr, exitCode) {
    const bytes = parseDuTotal(stdout);
    if (bytes !== undefined)
        return { bytes, nodeDown: false };
    if (exitCode === undefined && stderr.trim() === '')
        return undefined;
    return { bytes: undefined, nodeDown: NODE_DOWN.test(stderr) };
}
/** Asks now and waits for the answer. */
async function cache_total_builderCacheTotal(cli, name) {
    try {
        const result = await cli(cacheProbeArgs(name));
        return cacheTotalOf(result.stdout, result.stderr, result.code) ?? { bytes: undefined, nodeDown: false };
    }
    catch {
        return { bytes: undefined, nodeDown: false };
    }
}
const OUT = 'du.out';
const ERR = 'du.err';
/** pre: starts the probe in `dir` (a new folder of the job's own) and returns at once. */
function startCacheProbe(start, name, dir) {
    start(cacheProbeArgs(name), external_node_path_default().join(dir, OUT), external_node_path_default().join(dir, ERR));
}
/** The answer in `dir`, undefined while the probe runs; throws when pre left no files there. */
function answerIn(dir) {
    return cacheTotalOf(fs.readFileSync(path.join(dir, OUT), 'utf8'), fs.readFileSync(path.join(dir, ERR), 'utf8'));
}
/** How often main looks for pre's answer while the probe still runs. */
const POLL_MS = 10;
/**
 * main: what pre's probe in `dir` found, waited for up to `waitMs` while it
 * still runs (a job whose main follows pre at once): one exec finishing beats
 * a second one beside it. Undefined when no answer came in time or pre left
 * nothing; the folder is removed either way.
 */
async function cache_total_awaitCacheProbe(dir, waitMs) {
    const deadline = performance.now() + waitMs;
    try {
        for (;;) {
            const answer = answerIn(dir);
            if (answer || performance.now() >= deadline)
                return answer;
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
    }
    catch {
        return undefined;
    }
    finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/phases/cache-probe-step.ts








/**
 * Whether the persistent builder still holds its cache, asked in pre and read
 * in main (keepStoreCopy in store-copy-step.ts uses the answer). Apart from
 * store-copy-step so that pre's bundle carries only this.
 */
/** The modes whose plan may keep a store copy on the persistent builder (`auto` may resolve to local). */
const STORE_MODES = ['local', 'local+registry', 'auto'];
const PROBE_PREFIX = 'cachekeeper-probe-';
/**
 * pre: where main may keep a store copy on the persistent builder, starts the
 * probe of the builder's cache in the background (cache-total.ts) and hands
 * its folder to main. Pre cannot see the event's plan: main drops an answer
 * it does not need. Never throws.
 */
function startProbeStep(inputs, runner) {
    if (!inputs.persistentBuilder || inputs.freshBuild || inputs.storeRefreshMs === 0 || !STORE_MODES.includes(inputs.cacheMode))
        return;
    let dir;
    try {
        dir = external_node_fs_default().mkdtempSync(external_node_path_default().join(runner.env.RUNNER_TEMP || external_node_os_default().tmpdir(), PROBE_PREFIX));
        startCacheProbe((args, out, err) => startDetached(args, out, err, runner.env), name_persistentBuilderName(inputs.repoName), dir);
        runner.saveState(names_STATE_KEYS.cacheProbe, dir);
    }
    catch (error) {
        if (dir)
            external_node_fs_default().rmSync(dir, { recursive: true, force: true });
        runner.debug(`The builder's cache was not probed in the background (${error_message_errorMessage(error)}); main asks it`);
    }
}
/** How long main waits for pre's answer while the probe still runs (it takes 0.05-0.1 s on an idle host), before asking itself. */
const PROBE_WAIT_MS = 2000;
/**
 * main: the builder's cache as pre's probe found it (waited for while it
 * still runs), else asked now (pre did not run, as for `uses: ./`, or gave no
 * answer in time). Pre's folder is removed whether or not the answer is
 * needed (`wanted`).
 */
function measuredCache(name, wanted, runner) {
    const dir = runner.getState(STATE_KEYS.cacheProbe);
    const fromPre = dir !== '' && path.basename(dir).startsWith(PROBE_PREFIX);
    if (!wanted) {
        if (fromPre)
            fs.rmSync(dir, { recursive: true, force: true });
        return undefined;
    }
    return (fromPre ? awaitCacheProbe(dir, PROBE_WAIT_MS) : Promise.resolve(undefined)).then((answer) => {
        runner.debug(answer ? `The builder's cache as pre's probe found it: ${answer.bytes ?? 'unknown'} bytes` : "No answer from pre's probe: main asks the builder");
        return answer ?? builderCacheTotal(dockerCli, name);
    });
}

;// CONCATENATED MODULE: ./src/phases/pre.ts







async function run(runner = actionsRunner) {
    try {
        const { inputs } = getInputs(runner);
        startProbeStep(inputs, runner);
        // Independent docker work (stale setup-buildx builders; this action's unused ones): at once, not one after the other.
        const [pruned] = await Promise.all([pruneStep(inputs, runner), retireStep(inputs, runner)]);
        runner.saveState(names_STATE_KEYS.buildersPruned, String(pruned));
    }
    catch (error) {
        runner.setFailed(error_message_errorMessage(error));
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
/******/ var __webpack_exports__ = __nccwpck_require__(25);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map