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

/***/ 244:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

// UNUSED EXPORTS: EXIT

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/docker-cli.ts
/**
 * The port every docker call goes through. The runner phases implement it
 * with @actions/exec (runner/exec.ts), the command-line tool with
 * child_process (cli/docker.ts); domain modules only take it as a parameter.
 */
/** Thrown by a DockerCli that cannot run docker at all (not installed, not on PATH). */
class DockerUnavailable extends Error {
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

;// CONCATENATED MODULE: ./src/error-message.ts
/** What to print of anything thrown: an Error's message, anything else (a string, a rejected value) as text. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
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
        throw new DockerUnavailable(`the docker CLI could not be run: ${errorMessage(error)}`);
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
        logger.warning(`Builder pruning: could not tell which of ${names.length} ${kind}s were removed (${errorMessage(error)}); none is reported as removed.${said}`);
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

;// CONCATENATED MODULE: ./src/scopes/event-policy.ts
const EVENT_KINDS = {
    push: 'branch',
    create: 'branch',
    schedule: 'branch',
    workflow_dispatch: 'branch',
    repository_dispatch: 'branch',
    pull_request: 'pull-request',
    pull_request_target: 'pull-request',
    pull_request_review: 'pull-request-review',
    pull_request_review_comment: 'pull-request-review',
    issue_comment: 'comment',
    // Gitea and Forgejo name a comment on a pull request apart from one on an issue.
    pull_request_comment: 'comment',
    // Gitea 1.20 and older name a review by its outcome; Gitea names a pull request's other updates apart.
    pull_request_approved: 'pull-request-review',
    pull_request_rejected: 'pull-request-review',
    pull_request_review_approved: 'pull-request-review',
    pull_request_review_rejected: 'pull-request-review',
    pull_request_sync: 'pull-request-review',
    pull_request_assign: 'pull-request-review',
    pull_request_label: 'pull-request-review',
    pull_request_milestone: 'pull-request-review',
    pull_request_review_request: 'pull-request-review',
    delete: 'branch-deleted',
    merge_group: 'merge-group'
};
function eventKind(eventName) {
    return Object.hasOwn(EVENT_KINDS, eventName) ? EVENT_KINDS[eventName] : 'read-only';
}
/**
 * Events whose job may run code from outside the repository even though
 * the workflow file is the repository's own: `pull_request_target` and
 * `issue_comment` run with the base's workflow on a fork's changes,
 * `workflow_run` follows runs that fork pull requests trigger.
 */
const UNTRUSTED_EVENTS = new Set(['pull_request_target', 'issue_comment', 'pull_request_comment', 'workflow_run']);
/**
 * Events that run the repository's own code and write no scope: trusted, read-only.
 * An event missing here and from EVENT_KINDS (`workflow_call`, which Gitea
 * 1.27 sends with its caller's payload; one added next year; none at all) is
 * untrusted as well as read-only: nothing says whose code it runs.
 */
const TRUSTED_READ_ONLY_EVENTS = new Set([
    'branch_protection_rule',
    'check_run',
    'check_suite',
    'deployment',
    'deployment_status',
    'discussion',
    'discussion_comment',
    'fork',
    'gollum',
    'issues',
    'label',
    'milestone',
    'page_build',
    'project',
    'project_card',
    'project_column',
    'public',
    'registry_package',
    'release',
    'status',
    'watch'
]);
// Gitea's value of a pull request's `flow` for one opened by `git push origin HEAD:refs/for/<base>`.
const AGIT_FLOW = 1;
/**
 * An AGit pull request (Gitea, Forgejo) names the base repository as its head,
 * like a branch of the repository would, but anyone with read access can open
 * one. Its head has no branch: `flow` 1, a head ref under refs/, or an empty label.
 */
function isAgit(pullRequest) {
    const head = pullRequest.head;
    return pullRequest.flow === AGIT_FLOW || (head?.ref ?? '').startsWith('refs/') || head?.label === '';
}
/** Why the pull request a payload describes may carry code the repository did not review, or undefined for its own branch. */
function pullRequestProblem(payload) {
    const pullRequest = payload.pull_request ?? {};
    const head = pullRequest.head?.repo;
    const own = payload.repository?.full_name;
    // A head repository that is gone, or a payload that does not say, counts as a fork: never trusted on a guess.
    if (!head?.full_name || !own)
        return 'from a head repository the event does not name';
    if (head.fork === true || head.full_name.toLowerCase() !== own.toLowerCase())
        return `from the fork ${head.full_name}`;
    if (isAgit(pullRequest))
        return 'opened by AGit (refs/for/...), which anyone with read access can do';
    return undefined;
}
// A comment (or any issue event) on a pull request: its text, and what it triggers, come from whoever wrote it.
const commentsOnPullRequest = (payload) => Boolean(payload.issue?.pull_request) || payload.is_pull === true;
/**
 * Why this job runs code the repository did not review, or undefined when it
 * does not. The payload decides whatever the event is called (Gitea runs a
 * reusable workflow as `workflow_call` with its caller's payload): a pull
 * request from a fork or by AGit, or a comment on one, is untrusted.
 */
function untrustedReason(eventName, payload) {
    const name = eventName || 'a job whose runner sent no event name';
    if (UNTRUSTED_EVENTS.has(eventName))
        return `${eventName} can run code from a fork`;
    if (commentsOnPullRequest(payload))
        return `${name} carries a comment on a pull request, which anyone can write`;
    const kind = eventKind(eventName);
    if (payload.pull_request !== undefined || kind === 'pull-request' || kind === 'pull-request-review') {
        const problem = pullRequestProblem(payload);
        if (problem)
            return `${name} ${problem}`;
    }
    if (!Object.hasOwn(EVENT_KINDS, eventName) && !TRUSTED_READ_ONLY_EVENTS.has(eventName)) {
        return eventName ? `${eventName} is not an event this action knows, so nothing says whose code it runs` : 'the runner sent no event name';
    }
    return undefined;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/scopes/tag.ts

const MAX_TAG_LENGTH = 128;
const VALID_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/**
 * A name kept as it is: no `_` (every other form ends in `_<hash>`, so no
 * plain name can spell one) and room for nothing else. Anything else, a
 * valid tag included, is hashed, or an unprotected branch called
 * `release-1.0-05c07dbfba` could write protected `release/1.0`'s scope.
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,127}$/;
// 64 bits: a collision between two of a repository's scope names is not a practical worry, unlike the 40 bits once used.
const HASH_LENGTH = 16;
const HASH_SUFFIX = new RegExp(`_[0-9a-f]{${HASH_LENGTH}}$`);
function isValidTag(text) {
    return VALID_TAG.test(text);
}
function hashed(readable, identity) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(identity).digest('hex').slice(0, HASH_LENGTH);
    const cleaned = readable
        .replace(/[^A-Za-z0-9.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)
        .replace(/[.-]+$/, '');
    return `${cleaned || 'x'}_${hash}`;
}
/**
 * Maps a scope name to a valid OCI tag, one-to-one: a plain name (letters,
 * digits, `.` and `-`, no `_`) maps to itself; any other name, and any name in
 * `reserved`, to a cleaned form ending in `_` and a hash of the original.
 */
function toTag(name, reserved) {
    if (PLAIN_NAME.test(name) && !reserved?.test(name))
        return name;
    return hashed(name, `name:${name}`);
}
/**
 * The tag of a scope for one key and bake target. Without either it is the
 * scope's own tag. With one, the three are hashed as a tuple: `web` on
 * branch `admin-main` and `web-admin` on `main` never share a tag, nor a key
 * and a target of the same name.
 */
function scopeTag(scope, key, target) {
    if (!key && !target)
        return scope;
    const readable = [key, target, scope.replace(HASH_SUFFIX, '')].filter(Boolean).join('-');
    return hashed(readable, JSON.stringify([key ?? null, target ?? null, scope]));
}

;// CONCATENATED MODULE: ./src/scopes/event.ts


// A guess only: a tag that is not in the store is never listed, so a wrong guess costs nothing.
const ASSUMED_DEFAULT_BRANCH = 'main';
// Scope names the action gives a meaning of its own: pull requests' `pr-N`, and the folk recipe's `latest` (read as a last fallback).
const RESERVED_SCOPE = /^(pr-\d+|latest)$/;
function branchOf(ref) {
    return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
/**
 * A branch's (or the scope input's) name as a scope tag, one-to-one (tag.ts).
 * A branch called `pr-7` or `latest` is hashed too, so closing pull request 7
 * never deletes it and it never collides with a folk-recipe store's tag.
 */
function branchScope(name) {
    return toTag(name, RESERVED_SCOPE);
}
function pullRequestNumber(context) {
    const fromPayload = context.payload.pull_request?.number ?? context.payload.number;
    if (fromPayload !== undefined)
        return String(fromPayload);
    const fromRef = /^refs\/pull\/(\d+)\//.exec(context.ref);
    if (fromRef)
        return fromRef[1];
    // act_runner sets GITHUB_REF_NAME to the pull request's number.
    return /^\d+$/.test(context.refName) ? context.refName : undefined;
}
function readOnly({ name, refBranch, defaultBranch }, why) {
    return { read: [refBranch ? branchScope(refBranch) : '', defaultBranch], reason: `${name} ${why}: read-only` };
}
function branchEvent(facts) {
    const { context, refBranch, defaultBranch, name } = facts;
    if (context.ref.startsWith('refs/tags/'))
        return { read: [defaultBranch], reason: `tag ${context.ref.slice('refs/tags/'.length)}: read-only` };
    if (!refBranch)
        return readOnly(facts, `on ${context.ref || 'no ref'}`);
    return { write: branchScope(refBranch), read: [defaultBranch], reason: `${name} on branch ${refBranch}` };
}
/** A pull request (or a review of one) writes pr-N; its closing deletes pr-N. */
function pullRequestEvent({ context, defaultBranch, name }) {
    const { payload } = context;
    const number = pullRequestNumber(context);
    const base = context.baseRef || payload.pull_request?.base?.ref || '';
    const read = [base ? branchScope(base) : '', defaultBranch];
    if (eventKind(context.eventName) === 'pull-request' && payload.action === 'closed') {
        const how = payload.pull_request?.merged ? 'merged' : 'closed';
        if (!number)
            return { read, reason: `pull request ${how} without a number: nothing to delete, read-only`, ends: true };
        return { read, remove: `pr-${number}`, reason: `pull request #${number} ${how}: its scope is deleted, read-only`, ends: true };
    }
    if (!number)
        return { read, reason: `${name} without a pull request number: read-only` };
    return { write: `pr-${number}`, read, reason: `${name} #${number} into ${base || 'unknown base'}` };
}
function commentEvent(facts) {
    const { payload } = facts.context;
    const onPullRequest = Boolean(payload.issue?.pull_request) || payload.is_pull === true;
    const number = payload.pull_request?.number ?? (onPullRequest ? payload.issue?.number : undefined);
    if (number === undefined)
        return readOnly(facts, 'on an issue');
    return { write: `pr-${number}`, read: [facts.defaultBranch], reason: `comment on pull request #${number}` };
}
/** The default branch's scope is every other branch's fallback: it is never deleted with a branch of the same name elsewhere. */
function branchDeletedEvent({ context, defaultBranch }) {
    const { payload } = context;
    const deleted = payload.ref_type === 'branch' ? payload.ref : undefined;
    if (!deleted)
        return { read: [], reason: `delete of ${payload.ref_type ?? 'a ref'} ${payload.ref ?? ''}: nothing to delete`.replace(/ +:/, ':'), ends: true };
    if (branchScope(deleted) === defaultBranch)
        return { read: [], reason: `branch ${deleted} deleted: the default branch's scope is kept`, ends: true };
    return { read: [defaultBranch], remove: branchScope(deleted), reason: `branch ${deleted} deleted: its scope is deleted`, ends: true };
}
function mergeGroupEvent({ context, defaultBranch }) {
    const base = branchOf(context.payload.merge_group?.base_ref ?? '');
    return { read: [base ? branchScope(base) : '', defaultBranch], reason: `merge_group into ${base ?? 'unknown base'}: read-only` };
}
const EVENT_SCOPES = {
    branch: branchEvent,
    'pull-request': pullRequestEvent,
    'pull-request-review': pullRequestEvent,
    comment: commentEvent,
    'branch-deleted': branchDeletedEvent,
    'merge-group': mergeGroupEvent,
    'read-only': (facts) => readOnly(facts, facts.refBranch ? `on branch ${facts.refBranch}` : `on ${facts.context.ref || 'no ref'}`)
};
function eventScopes(context, defaultBranch) {
    const name = context.eventName || 'a job whose runner sent no event name';
    return EVENT_SCOPES[eventKind(context.eventName)]({ context, defaultBranch, name, refBranch: branchOf(context.ref) });
}
/**
 * Scope rules of DESIGN section 4: which event may write which scope is the
 * allowlist of event-policy.ts; a pull request never writes a branch scope,
 * and a job that may run a fork's code never writes the scope input's name
 * unless the repository trusts pull requests.
 */
function planScopes(context, overrides = {}) {
    const defaultBranch = branchScope(context.payload.repository?.default_branch || ASSUMED_DEFAULT_BRANCH);
    const untrusted = untrustedReason(context.eventName, context.payload);
    const event = eventScopes(context, defaultBranch);
    let { write, read, reason } = event;
    let writesBranch = write !== undefined && eventKind(context.eventName) === 'branch';
    if (overrides.fallbackScopes) {
        read = overrides.fallbackScopes.map(branchScope);
        reason += '; fallback scopes set by input';
    }
    if (overrides.scope && event.ends) {
        reason += '; scope input not used: this event only deletes and reads';
    }
    else if (overrides.scope && untrusted && !overrides.trustPullRequests) {
        reason += `; scope input not used: ${untrusted} (trust-pull-requests is false)`;
    }
    else if (overrides.scope) {
        write = branchScope(overrides.scope);
        writesBranch = true;
        reason += '; scope set by input';
    }
    const withKey = (scope) => scopeTag(scope, overrides.key, overrides.target);
    const writeTag = write ? withKey(write) : undefined;
    const remove = event.remove ? withKey(event.remove) : undefined;
    const readTags = [...new Set(read.filter(Boolean).map(withKey))].filter((tag) => tag !== writeTag && tag !== remove);
    return {
        write: writeTag,
        read: readTags,
        defaultBranch: withKey(defaultBranch),
        reason,
        writesBranch: writeTag !== undefined && writesBranch,
        ...(remove ? { remove } : {}),
        ...(untrusted ? { untrusted } : {})
    };
}

;// CONCATENATED MODULE: ./src/config/runner-platform.ts
/** Gitea and Forgejo runners (act_runner, forgejo-runner) set GITHUB_* too; these say which it really is. */
function isGiteaLike(env) {
    return env.GITEA_ACTIONS === 'true' || env.FORGEJO_ACTIONS === 'true';
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
function resolveBackend(mode, env) {
    if (mode !== 'auto')
        return mode;
    const githubHosted = env.RUNNER_ENVIRONMENT === 'github-hosted' && !isGiteaLike(env);
    return githubHosted ? 'gha' : 'local';
}

;// CONCATENATED MODULE: ./src/backends/gha-runtime.ts

const FIX = "use cache-mode 'local' (a runner volume) or 'registry' (with registry-ref)";
/**
 * Why gha cannot work here, or undefined when it can. buildx fills an entry's
 * token and url from ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL
 * and silently drops the entry when either is missing, on any runner.
 */
function ghaUnavailableReason(env, nowMs = Date.now()) {
    const missing = [
        ...(env.ACTIONS_RUNTIME_TOKEN ? [] : ['ACTIONS_RUNTIME_TOKEN']),
        ...(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL ? [] : ['ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL'])
    ];
    if (missing.length === 0) {
        const problem = runtimeTokenProblem(env.ACTIONS_RUNTIME_TOKEN ?? '', nowMs);
        if (!problem)
            return undefined;
        return `cache-mode 'gha' needs a runtime token BuildKit accepts, but ACTIONS_RUNTIME_TOKEN ${problem}. BuildKit checks it when it configures the gha cache, before ignore-error applies, so the build would fail; ${FIX}`;
    }
    return `cache-mode 'gha' needs the runner's cache service, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (the runner serves no cache), and buildx would silently skip the cache; ${FIX}`;
}
/** A JWT's part decoded as a JSON object, or undefined. */
function jwtPart(part) {
    if (part === undefined || !/^[A-Za-z0-9_-]+$/.test(part))
        return undefined;
    try {
        const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function tokenClaims(token) {
    const parts = token.split('.');
    return parts.length === 3 && jwtPart(parts[0]) ? jwtPart(parts[1]) : undefined;
}
/** The token's cache scopes (its `ac` claim, a JSON list in a string), or undefined when unreadable. */
function tokenScopes(claims) {
    try {
        return typeof claims.ac === 'string' ? JSON.parse(claims.ac) : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * BuildKit's gha importer reads a cache index only for the scopes the token
 * lists (cache/remotecache/gha/gha.go, Resolve over cache.Scopes()): with an
 * empty list the job exports and never imports, every build cold. Runners
 * mint tokens with a scope (act_runner: `[{"Scope":"","Permission":2}]`).
 */
function runtimeTokenWithoutScopes(token) {
    const claims = tokenClaims(token);
    const scopes = claims ? tokenScopes(claims) : undefined;
    return Array.isArray(scopes) && scopes.length === 0;
}
/**
 * Why BuildKit would refuse this runtime token, or undefined. The checks of
 * go-actions-cache's New (vendored by BuildKit v0.32.2 at
 * vendor/github.com/tonistiigi/go-actions-cache/cache.go, lines 118-160), which
 * BuildKit runs when it configures a gha importer or exporter, before
 * ignore-error applies: any of them fails the whole build. The token itself is
 * never put in a message.
 */
function runtimeTokenProblem(token, nowMs) {
    const claims = tokenClaims(token);
    if (!claims)
        return 'is not a JWT (three base64url parts, the first two JSON): a runner that hands the job a token its server did not mint, as gitea-runner exec does';
    if (!Array.isArray(tokenScopes(claims)))
        return 'carries no access controls BuildKit can read (its ac claim)';
    if (typeof claims.exp !== 'number')
        return 'has no expiry time (its exp claim)';
    if (claims.exp * 1000 < nowMs)
        return `expired at ${new Date(claims.exp * 1000).toISOString()}`;
    if (typeof claims.nbf !== 'number')
        return 'has no issue time (its nbf claim)';
    if (claims.nbf * 1000 > nowMs)
        return `is issued in the future (${new Date(claims.nbf * 1000).toISOString()}): check this host's clock`;
    return undefined;
}
/** The cache service URL buildx will talk to: v2's results service when the runner turned it on, else the v1 cache URL. */
function serviceUrl(env) {
    const v2 = /^(1|true)$/i.test(env.ACTIONS_CACHE_SERVICE_V2 ?? '');
    return (v2 ? env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL : env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) ?? '';
}
/**
 * ACTIONS_CACHE_MODE, the job-level `cache-mode` of a workflow (GitHub,
 * generally available 2026-09-10; `read` by default for low-trust events such
 * as pull_request_target): the workflow author's word on what this job may
 * read and write, honoured for every backend. It only ever takes away: the
 * event allowlist stays the floor. Unset or unknown values allow everything.
 */
const CACHE_MODES = {
    none: { read: false, write: false, text: 'ACTIONS_CACHE_MODE is none: this job may neither read nor write the cache, so no cache entries are emitted' },
    read: { read: true, write: false, text: 'ACTIONS_CACHE_MODE is read: this job may only read the cache, so no cache-to is emitted' },
    'write-only': { read: false, write: true, text: 'ACTIONS_CACHE_MODE is write-only: this job may only write the cache, so no cache-from is emitted' },
    write: { read: true, write: true }
};
/** What the job's ACTIONS_CACHE_MODE allows, with its one log line. */
function jobCacheMode(env) {
    return Object.hasOwn(CACHE_MODES, env.ACTIONS_CACHE_MODE ?? '') ? CACHE_MODES[env.ACTIONS_CACHE_MODE ?? ''] : { read: true, write: true };
}
/** What gha may do in this job, with the lines to log. Call only where ghaUnavailableReason found nothing. */
function ghaAccess(env) {
    const messages = [];
    if (isGiteaLike(env)) {
        // act_runner's cache server listens on the runner host; a docker-container builder runs in its own network.
        messages.push({
            level: 'notice',
            text: `cache-mode 'gha' uses the runner's cache server at ${serviceUrl(env)}: the BuildKit builder must be able to reach that URL`
        });
    }
    if (runtimeTokenWithoutScopes(env.ACTIONS_RUNTIME_TOKEN ?? '')) {
        messages.push({
            level: 'warning',
            text: "ACTIONS_RUNTIME_TOKEN grants no cache scope (its ac claim is an empty list): BuildKit imports a gha cache only for the scopes the token lists, so this job's builds start cold; use a runner that mints scoped tokens, or cache-mode 'local' or 'registry'"
        });
    }
    const mode = jobCacheMode(env);
    if (mode.text)
        messages.push({ level: 'info', text: mode.text });
    return { read: mode.read, write: mode.write, messages };
}
/** Drops the entries the runner's cache token does not allow. */
function allowedEntries(entries, access) {
    return { cacheFrom: access.read ? entries.cacheFrom : [], cacheTo: access.write ? entries.cacheTo : [] };
}

;// CONCATENATED MODULE: ./src/backends/cache-plan.ts



// The tag a plain `type=local,dest=<dir>` export writes: read last, so a store made by the folk recipe is warm at once.
const LEGACY_TAG = 'latest';
/** Backend and scopes for this job, from inputs, runner variables and the event. Throws when gha cannot work here. */
function planCache(inputs, env, context, target) {
    const backend = resolveBackend(inputs.cacheMode, env);
    let gha;
    if (backend === 'gha') {
        const reason = ghaUnavailableReason(env);
        if (reason)
            throw new Error(reason);
        gha = ghaAccess(env);
    }
    const scopes = planScopes(context, { ...inputs, target });
    // The job's ACTIONS_CACHE_MODE narrows every backend; gha's messages already carry its line.
    const jobMode = jobCacheMode(env);
    const writeTag = inputs.readOnly || !jobMode.write ? undefined : scopes.write;
    // A job the workflow allows only to read still reads its own scope, which earlier jobs wrote.
    const ownScope = !jobMode.write && scopes.write ? [scopes.write] : [];
    let readTags = jobMode.read ? [...ownScope, ...scopes.read] : [];
    if ((backend === 'local' || backend === 'local+registry') && jobMode.read) {
        // The local importer is handed the written tag too (a warm rebuild of the same branch); a legacy folder only without key or target.
        readTags = [...(writeTag ? [writeTag] : []), ...readTags];
        if (!inputs.key && !target && !readTags.includes(LEGACY_TAG))
            readTags.push(LEGACY_TAG);
    }
    const registryWriteTag = backend === 'local+registry' && scopes.writesBranch ? writeTag : undefined;
    return {
        backend,
        scopes,
        writeTag,
        readTags,
        ...(registryWriteTag ? { registryWriteTag } : {}),
        ...(gha && { gha: { read: gha.read, write: gha.write } }),
        messages: gha?.messages ?? (jobMode.text ? [{ level: 'info', text: jobMode.text }] : [])
    };
}
/**
 * local+registry: the scopes read from the registry. Those ahead of the first
 * one the host's snapshot serves, so a warm host never waits on the registry
 * for what it has, and a new host (or a branch another host wrote) is warm.
 */
function registryReadTags(plan, localTags) {
    // Nothing to read at all (ACTIONS_CACHE_MODE none or write-only): not from the registry either.
    if (plan.readTags.length === 0)
        return [];
    // A pull request's own scope never goes to the registry, so it is never looked for there.
    const candidates = [...new Set([...(plan.registryWriteTag ? [plan.registryWriteTag] : []), ...plan.scopes.read])];
    const firstLocal = candidates.findIndex((tag) => localTags.includes(tag));
    return firstLocal === -1 ? candidates : candidates.slice(0, firstLocal);
}
/** The outputs' entries; local mode needs the snapshot and the tags it can serve. */
function planEntries(plan, inputs, local) {
    const entries = cacheEntries(plan.backend, {
        repoName: inputs.repoName,
        writeTag: plan.writeTag,
        readTags: local?.readTags ?? plan.readTags,
        mode: inputs.mode,
        ignoreError: inputs.ignoreError,
        options: inputs.cacheOptions,
        registryRef: inputs.registryRef,
        snapshotDir: local?.snapshotDir,
        ...(plan.backend === 'local+registry' && local ? { registryReadTags: registryReadTags(plan, local.readTags), registryWriteTag: plan.registryWriteTag } : {})
    });
    return plan.gha ? allowedEntries(entries, plan.gha) : entries;
}

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
const STATE_KEYS = {
    /** The JSON-encoded JobState main hands to post. */
    job: 'job',
    /** Set by pre, so main prunes only when pre did not run (`uses: ./` has no pre). */
    buildersPruned: 'builders-pruned',
    /** The folder where pre's background probe of the persistent builder's cache writes its answer for main. */
    cacheProbe: 'cache-probe'
};

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
const repo_name_HASH_LENGTH = 10;
/** `owner__repo`; a name that is no valid path segment (too long, odd characters) is cleaned and gets a hash of the original. Undefined without an owner. */
function repoNameFromRepository(repository) {
    const [owner, name, ...rest] = (repository ?? '').trim().split('/');
    if (!owner || !name || rest.length > 0)
        return undefined;
    const joined = `${owner}${OWNER_SEPARATOR}${name}`;
    // An owner with `__` (no forge allows one) would make the split ambiguous: it gets the hash too.
    if (!owner.includes(OWNER_SEPARATOR) && REPO_NAME.test(joined))
        return joined;
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${owner}/${name}`).digest('hex').slice(0, repo_name_HASH_LENGTH);
    const cleaned = joined
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 100 - repo_name_HASH_LENGTH - 1);
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









const inputs_CACHE_MODES = ['local', 'registry', 'local+registry', 'gha', 'inline', 's3', 'off', 'auto'];
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
        cacheMode: oneOf(values, 'cache-mode', inputs_CACHE_MODES),
        repoName: repoName(values, env.GITHUB_REPOSITORY),
        volumePath: volumePath(values),
        scope: values.scope?.trim() || undefined,
        fallbackScopes: values['fallback-scopes']?.trim() ? list(values['fallback-scopes']) : undefined,
        key: values.key?.trim() || undefined,
        mode: oneOf(values, 'mode', EXPORT_MODES),
        registryRef: registryRef(values),
        registryInsecure: inputs_boolean(values, 'registry-insecure'),
        cacheOptions: cacheOptions(values['cache-options'] ?? '', oneOf(values, 'cache-mode', inputs_CACHE_MODES)),
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

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
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
function manifest_shortDigest(digest) {
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
const code = (error) => error.code;
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
        if (code(error) === 'ELOOP' || code(error) === 'ENOTDIR')
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
function no_follow_removeTree(parent, name) {
    const entry = external_node_path_default().join(parent, name);
    let stat;
    try {
        stat = external_node_fs_default().lstatSync(entry);
    }
    catch (error) {
        if (code(error) === 'ENOENT')
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
                no_follow_removeTree(inside, child);
        }
        finally {
            external_node_fs_default().closeSync(fd);
        }
    }
    else {
        for (const child of external_node_fs_default().readdirSync(entry))
            no_follow_removeTree(entry, child);
    }
    try {
        external_node_fs_default().rmdirSync(entry);
    }
    catch (error) {
        if (code(error) !== 'ENOENT')
            throw error;
    }
}
function unlinkIfThere(file) {
    try {
        external_node_fs_default().unlinkSync(file);
    }
    catch (error) {
        if (code(error) !== 'ENOENT')
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
        if (code(error) === 'ELOOP')
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
        throw new CorruptIndexError(`index.json is not JSON: ${errorMessage(error)}`);
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
function readIndex(file) {
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
function tagOf(descriptor) {
    return descriptor.annotations?.[TAG_ANNOTATION];
}
function oci_findTag(index, tag) {
    // BuildKit replaces a tag's entry, so the last one wins should a writer ever leave two.
    return [...index.manifests].reverse().find((descriptor) => tagOf(descriptor) === tag);
}
function withTag(index, tag, descriptor) {
    const others = index.manifests.filter((entry) => tagOf(entry) !== tag);
    return { ...index, manifests: descriptor ? [...others, descriptor] : others };
}
class Broken extends Error {
}
/** An I/O error other than "not there" (EIO, EACCES, ...), with the path it happened on. */
class Unreadable extends Error {
    file;
    constructor(file, cause, verb = 'read') {
        super(`could not ${verb} ${file}: ${cause.code ?? errorMessage(cause)}`);
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
        const result = checkDescriptor(blobsDir, descriptor);
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
        throw new Broken(`manifest ${descriptor.digest} is not a manifest: ${errorMessage(error)}`);
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
function checkDescriptor(blobsDir, root) {
    const walk = new Walk(blobsDir);
    try {
        walk.visit(root, 0);
        return { state: 'intact', blobs: walk.blobs, bytes: walk.bytes };
    }
    catch (error) {
        if (error instanceof Broken)
            return { state: 'broken', problem: error.message };
        return { state: 'unreadable', problem: errorMessage(error) };
    }
}

;// CONCATENATED MODULE: ./src/store/check.ts




function hashBlob(layout, hex, failures) {
    const file = external_node_path_default().join(layout.blobs, hex);
    try {
        if (files_sha256File(file) !== hex)
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





class UnsafeStoreError extends Error {
}
/**
 * Opens (creating when absent) the store `<volumePath>/<repoName>`. The volume
 * itself may be a symlink (an admin's choice on a host runner); the store and
 * everything in it must be real directories, so no write goes through a link.
 */
function openStore(volumePath, repoName) {
    if (!external_node_fs_default().existsSync(volumePath))
        external_node_fs_default().mkdirSync(volumePath, { recursive: true });
    if (!external_node_fs_default().statSync(volumePath).isDirectory())
        throw new UnsafeStoreError(`volume-path ${volumePath} is not a directory`);
    const layout = layout_storeLayout(external_node_path_default().join(volumePath, repoName));
    const existing = files_lstatOrUndefined(layout.root);
    if (existing && !existing.isDirectory()) {
        throw new UnsafeStoreError(`${layout.root} is not a directory (a symlink or a file stands there); the cache is not used`);
    }
    for (const dir of [layout.root, external_node_path_default().dirname(layout.blobs), layout.blobs, layout.staging])
        files_ensureRealDirectory(dir);
    if (!files_lstatOrUndefined(layout.ociLayout))
        files_writeFileAtomic(layout.ociLayout, layout_OCI_LAYOUT_CONTENT);
    return layout;
}
/**
 * Reads the store's index.json; a corrupt one is renamed aside (kept for a
 * look, never deleted) and the store continues empty.
 */
function store_readStoreIndex(lock, layout, logger) {
    try {
        return readIndex(layout.index);
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
        if (skipped.has(tagOf(descriptor) ?? ''))
            continue;
        const entry = checkEntry(descriptor);
        if (entry.state === 'unreadable')
            return { aborted: `scope ${tagOf(descriptor) ?? descriptor.digest}: ${entry.problem}` };
        if (entry.state === 'broken') {
            logger.warning(`Dropping scope ${tagOf(descriptor) ?? '(untagged)'} from the store: ${entry.problem}`);
            droppedTags.push(tagOf(descriptor) ?? descriptor.digest);
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
    const checkEntry = check?.(blobs) ?? ((descriptor) => checkDescriptor(blobs, descriptor));
    const result = noWork();
    let index;
    try {
        index = readIndex(layout.index);
    }
    catch (error) {
        return { ...result, aborted: `index.json could not be read: ${errorMessage(error)}` };
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
                no_follow_removeTree(opened, name);
            removed.push(name);
        }
    });
    return removed;
}
/** Removes one job's snapshot folder `.staging/<job>`; a link in its place is unlinked, never followed. */
function removeSnapshot(layout, snapshotDir) {
    if (path.dirname(snapshotDir) !== layout.staging)
        throw new Error(`${snapshotDir} is not a snapshot of ${layout.root}`);
    try {
        gc_inStore(layout, layout.staging, (staging) => removeTree(staging, path.basename(snapshotDir)));
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
}

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
const dir_lock_code = (error) => error.code;
/** The token of the lock directory's owner file; undefined when it has none (gone, or an older version's bare directory). */
function ownerOf(dir) {
    try {
        return external_node_fs_default().readdirSync(dir)
            .find((name) => name.startsWith(OWNER_PREFIX))
            ?.slice(OWNER_PREFIX.length);
    }
    catch (error) {
        if (dir_lock_code(error) === 'ENOENT' || dir_lock_code(error) === 'ENOTDIR')
            return undefined;
        throw error;
    }
}
function mtimeMs(file) {
    try {
        return external_node_fs_default().lstatSync(file).mtimeMs;
    }
    catch (error) {
        if (dir_lock_code(error) === 'ENOENT')
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
        if (['EEXIST', 'ENOTEMPTY'].includes(dir_lock_code(error) ?? ''))
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
        if (dir_lock_code(error) === 'ENOENT')
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
            if (dir_lock_code(error) === 'ENOENT')
                return this.markLost();
            this.logger.debug(`Refreshing the lock ${this.lockPath}: ${errorMessage(error)}`);
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
            logger.debug(`Releasing the lock ${lockPath}: ${errorMessage(error)}`);
        }
    }
}

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
    return gc.aborted ? undefined : `${gc.keptBlobs} blobs (${units_formatBytes(gc.keptBytes)})`;
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

;// CONCATENATED MODULE: ./src/store/content.ts


// A snapshot hard-links the store's blobs and BuildKit writes into the snapshot: a write
// through such a link is a write into the store. Stored content is made read-only, as
// containerd's content store makes every committed blob.
const READ_ONLY = 0o444;
const WRITABLE_BITS = 0o222;
/** Makes a stored blob read-only; a no-op (no chmod) for one that already is. */
function content_makeReadOnly(file, stat) {
    if ((stat.mode & WRITABLE_BITS) !== 0)
        fs.chmodSync(file, READ_ONLY);
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
    if (replacing && sha256File(source) !== hex)
        return 'kept';
    content_makeReadOnly(source, fs.lstatSync(source));
    fs.renameSync(source, target);
    return replacing ? 'replaced' : 'moved';
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
        return fs.lstatSync(storeLayout(snapshotDir).index).mtimeMs > UNEXPORTED_TIME;
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
    const snapshot = layout_storeLayout(snapshotDir);
    const index = readIndex(snapshot.index);
    const usable = [];
    for (const tag of candidates) {
        const descriptor = oci_findTag(index, tag);
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

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/store/last-used.ts



function file(layout) {
    return external_node_path_default().join(layout.meta, 'last-used.json');
}
/** When a build's export last made the store's copy of each scope current (promoted, or exported unchanged). */
function exportedFile(layout) {
    return path.join(layout.meta, 'exported.json');
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
    ensureRealDirectory(layout.meta);
    writeFileAtomic(exportedFile(layout), JSON.stringify(Object.fromEntries(record)));
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

;// CONCATENATED MODULE: ./src/cli/status.ts






/** A store is a real directory holding an oci-layout file (never followed through a symlink, which could lead outside the volume). */
function isStore(volumePath, repo) {
    return Boolean(files_lstatOrUndefined(external_node_path_default().join(volumePath, repo))?.isDirectory() && files_lstatOrUndefined(external_node_path_default().join(volumePath, repo, 'oci-layout'))?.isFile());
}
/** Stores under a volume, by name. */
function listStores(volumePath) {
    if (!files_lstatOrUndefined(volumePath))
        return [];
    return external_node_fs_default().readdirSync(volumePath)
        .filter((name) => isStore(volumePath, name))
        .sort();
}
async function storeStatus(volumePath, repo) {
    const layout = layout_storeLayout(external_node_path_default().join(volumePath, repo));
    const check = await checkStore(layout);
    if (check.tags.length === 0 && !check.ok)
        return [{ repo, scope: '(index.json)', blobs: 0, bytes: 0, state: check.problems[0] }];
    const lastUsed = readLastUsed(layout);
    return check.tags.map((tag) => ({
        repo,
        scope: tag.tag,
        blobs: tag.blobs,
        bytes: tag.bytes,
        lastUsed: lastUsed.has(tag.tag) ? new Date(lastUsed.get(tag.tag) ?? 0).toISOString() : undefined,
        state: tag.state === 'intact' ? 'ok' : (tag.problem ?? tag.state)
    }));
}

;// CONCATENATED MODULE: ./src/cli/args.ts







const COMMON = {
    volume: { type: 'string', default: INPUT_DEFAULTS['volume-path'] },
    repo: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
};
function parse(args, options) {
    return (0,external_node_util_namespaceObject.parseArgs)({ args, options: { ...COMMON, ...options }, allowPositionals: false, strict: true }).values;
}
/** What the command was pointed at is not there: exit 1, naming the path. */
class MissingError extends Error {
}
/** --repo, validated like the action's repo-name: one path segment, so no command reaches outside --volume. */
function repoFlag(values) {
    const repo = values.repo;
    return repo === undefined ? undefined : validRepoName(repo, '--repo');
}
/** --volume must be an existing directory (it may be a symlink: an admin's choice on a host). */
function requireVolume(volume) {
    let stat;
    try {
        stat = external_node_fs_default().statSync(volume);
    }
    catch (error) {
        throw new MissingError(`--volume ${volume}: ${error.code === 'ENOENT' ? 'no such directory' : errorMessage(error)}`);
    }
    if (!stat.isDirectory())
        throw new MissingError(`--volume ${volume}: not a directory`);
}
/** The stores a command works on: the one --repo names (which must exist), or every store under the volume. */
function stores(values) {
    const volume = values.volume;
    const repo = repoFlag(values);
    requireVolume(volume);
    if (repo === undefined)
        return listStores(volume);
    if (!isStore(volume, repo))
        throw new MissingError(`--repo ${repo}: no store at ${external_node_path_default().join(volume, repo)} (a directory holding oci-layout)`);
    return [repo];
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
async function clearBuilderCache(cli, name) {
    const result = await cli(clearCacheArgs(name));
    return result.code === 0 ? undefined : failure(result);
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

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
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
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(repoName).digest('hex').slice(0, 8);
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
    const index = readIndex(layout.index);
    const lastUsed = readLastUsed(layout);
    const scopes = [];
    for (const descriptor of index.manifests) {
        lock.keepFresh();
        const tag = tagOf(descriptor);
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
        writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((d) => !droppedTags.has(tagOf(d) ?? '')) });
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
        logger.warning(`Snapshots not counted against max-size: ${errorMessage(error)}`);
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
        logger.warning(`Retention skipped: ${errorMessage(error)}`);
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
        throw new InputError('host-max-size', formatDiskSpace(maxSize), `at most the volume's disk, ${units_formatBytes(disk.totalBytes)}, or a share of it (80%) is allowed`);
    }
    if (minFree && minFreeBytes >= disk.totalBytes) {
        throw new InputError('host-min-free', formatDiskSpace(minFree), `less than the volume's disk, ${units_formatBytes(disk.totalBytes)}, or a share of it (20%) is allowed`);
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
        why: `${input} ${formatBytes(ownBytes)} is held to ${formatBytes(cap)}: host-max-size and host-min-free on the volume's disk leave no more`
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
            manifests = readIndex(layout.index).manifests;
        }
        catch {
            return [];
        }
        return manifests.flatMap((descriptor) => {
            const tag = tagOf(descriptor);
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
        const index = readIndex(layout.index);
        const drop = new Set(tags);
        writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((descriptor) => !drop.has(tagOf(descriptor) ?? '')) });
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
            logger.warning(`Host budget: ${usage.repo} not reduced: ${errorMessage(error)}`);
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
            logger.debug(`Host budget: no usage record written for ${repo}: ${errorMessage(error)}`);
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

;// CONCATENATED MODULE: ./src/cli/exit.ts
/** Exit codes, as documented in the README. */
const EXIT = { ok: 0, problems: 1, usage: 2 };

;// CONCATENATED MODULE: ./src/cli/host-flags.ts



/** The action's host-max-size and host-min-free as flags of gc and status, in the same forms. */
const HOST_FLAGS = {
    'host-max-size': { type: 'string' },
    'host-min-free': { type: 'string' }
};
function hostFlags(values) {
    const text = (flag) => values[flag];
    return {
        maxSize: parseDiskSpace('--host-max-size', text('host-max-size') ?? ''),
        minFree: parseDiskSpace('--host-min-free', text('host-min-free') ?? '', { maxPercent: 99 }),
        given: Object.keys(HOST_FLAGS).filter((flag) => values[flag] !== undefined)
    };
}
/** Refuses host flags where they would change nothing, rather than ignore them silently. */
function refuseHostFlags(values, flags, allowed) {
    const flag = flags.given[0];
    if (flag)
        throw new InputError(`--${flag}`, String(values[flag]), allowed);
}
/** hostBudget, with errors naming the flag given rather than the action's input. */
function flagBudget(disk, flags) {
    try {
        return hostBudget(disk, flags.maxSize, flags.minFree);
    }
    catch (error) {
        if (error instanceof InputError && !error.input.startsWith('--'))
            throw new InputError(`--${error.input}`, error.value, error.allowed);
        throw error;
    }
}

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

;// CONCATENATED MODULE: ./src/cli/reporter.ts

/**
 * The CLI's side of the reports it shares with the phases: results on standard
 * output, progress and warnings on standard error, as a command's output can be
 * piped; no debug lines.
 */
function cliReporter(io) {
    return {
        info: (message) => io.err(message),
        warning: (message) => io.err(`warning: ${message}`),
        notice: (message) => io.err(message),
        debug: () => { },
        group: (_title, work) => work(),
        table: (title, rows) => Promise.resolve(io.out(tableText(title, rows)))
    };
}

;// CONCATENATED MODULE: ./src/cli/gc.ts



















const GC_HELP = `Usage: gc [--volume PATH] [--repo NAME] [--max-size 10GiB] [--max-age 14d] [--default-branch main]
          [--host-max-size auto] [--host-min-free auto] [--verify-digests] [--dry-run]
  Drops scopes unused for --max-age, evicts least recently used scopes past --max-size
  (the default branch, --default-branch main, last), then deletes unreferenced blobs and
  records the store's size, which the host budget reads. With --verify-digests every blob
  is hashed first, and the scopes that reference content whose sha256 does not match its
  name are dropped too.
  Without --repo every store under the volume is collected, then the host budget is kept
  (the cron job's share of what post does): past --host-max-size for every store and every
  persistent builder's cache together, or with less than --host-min-free free on the
  volume's disk, the least recently used scopes across repositories are evicted (each
  default branch last) and persistent builders' caches pruned smaller (docker buildx prune).
  Each takes a size (60GiB), a share of the disk (50%) or auto, BuildKit's defaults: 80% of
  the disk and at most 100GB; 20% free. Prints one line per eviction, then the host's totals.
  With --repo only that store is collected: the host flags are refused.
  --dry-run changes nothing and prints the same lines with "would"; its host plan counts
  the stores as they are, before what their own retention would drop.
  Exits 1 when a sweep aborted, a store or builder could not be reduced, or the caches
  could not be brought within the host budget.`;
const GC_FLAGS = {
    'max-size': { type: 'string', default: INPUT_DEFAULTS['max-size'] },
    'max-age': { type: 'string', default: INPUT_DEFAULTS['max-age'] },
    'default-branch': { type: 'string', default: 'main' },
    'verify-digests': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    ...HOST_FLAGS
};
function storeGcOptions(values) {
    return {
        maxSizeBytes: validSize(values['max-size'], '--max-size'),
        maxAgeMs: validDuration(values['max-age'], '--max-age'),
        defaultBranch: values['default-branch'],
        verifyDigests: values['verify-digests'],
        dryRun: values['dry-run']
    };
}
/** The newest last use among the scopes the store still holds; undefined when none has one. */
function newestScopeUse(layout) {
    const lastUsed = readLastUsed(layout);
    let held;
    try {
        held = new Set(readIndex(layout.index).manifests.map((descriptor) => tagOf(descriptor) ?? ''));
    }
    catch {
        held = undefined;
    }
    const times = [...lastUsed].filter(([tag]) => held?.has(tag) ?? true).map(([, time]) => time);
    return times.length > 0 ? Math.max(...times) : undefined;
}
/**
 * What post records after its own store, recorded by cron too, so a host no
 * job writes to still has records the host pass can read without measuring.
 * The default branch is the record's: only a job knows it.
 */
function recordUsage(lock, layout, repo, result, defaultBranch) {
    const recorded = readStoreUsage(layout, repo);
    lock.keepFresh();
    writeStoreUsage(layout, {
        bytes: result.gc.keptBytes + (result.snapshotBytes ?? 0),
        lastUsedMs: newestScopeUse(layout) ?? recorded?.lastUsedMs ?? 0,
        defaultBranch: recorded?.defaultBranch ?? [defaultBranch]
    });
}
/** Retention and GC of one store, one line of result; false when it failed. */
async function gcStore(io, volume, repo, options) {
    const layout = layout_storeLayout(external_node_path_default().join(volume, repo));
    const { dryRun } = options;
    try {
        // Hashing takes long on a big store: it runs before the lock, which is then held only for stat-only work.
        const contentFailures = options.verifyDigests ? (await checkStore(layout, { verifyDigests: true })).failures : undefined;
        const reporter = cliReporter(io);
        const retention = { maxAgeMs: options.maxAgeMs, maxSizeBytes: options.maxSizeBytes, defaultBranch: options.defaultBranch };
        const result = await withStoreLock(layout, reporter, (lock) => {
            const done = maintainStore(lock, layout, { retention, dryRun, contentFailures }, reporter);
            if (!dryRun && !done.gc.aborted)
                recordUsage(lock, layout, repo, done, options.defaultBranch);
            return done;
        });
        const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? [])];
        const kept = keptWords(result.gc);
        io.out(`${repo}: ${dryRun ? 'would ' : ''}drop ${dropped.length ? dropped.join(', ') : 'no scope'}; gc ${sweepWords(result.gc, dryRun)}${kept ? `; keeps ${kept}` : ''}`);
        return !result.gc.aborted;
    }
    catch (error) {
        io.err(`${repo}: ${errorMessage(error)}`);
        return false;
    }
}
/** Host-pass warnings count as problems (exit 1); everything else is reported as cliReporter does. */
function hostLogger(io) {
    let problems = 0;
    const reporter = cliReporter(io);
    const logger = {
        ...reporter,
        // The evictions are the command's result: standard output, like the stores' lines.
        info: (line) => io.out(line),
        warning: (line) => {
            if (line.startsWith('Host budget:'))
                problems += 1;
            reporter.warning(line);
        }
    };
    return { logger, problems: () => problems };
}
/** The host pass after every store; false when something could not be freed, pruned or reduced. */
async function hostPass(io, volume, flags, dryRun) {
    const { logger, problems } = hostLogger(io);
    const report = await enforceHostBudget({
        volumePath: volume,
        maxSize: flags.maxSize,
        minFree: flags.minFree,
        dryRun,
        pruneBuilder: (name, toBytes) => pruneBuilderTo(io.docker, volume, name, toBytes, logger)
    }, logger);
    if (!report) {
        io.err('Host budget not kept: this Node cannot measure the disk (fs.statfsSync)');
        return true;
    }
    io.out(`host: ${hostWords(report)}`);
    return problems() === 0;
}
async function gcCommand(io, args) {
    const values = parse(args, GC_FLAGS);
    const options = storeGcOptions(values);
    const flags = hostFlags(values);
    const volume = values.volume;
    const wholeVolume = repoFlag(values) === undefined;
    if (!wholeVolume)
        refuseHostFlags(values, flags, 'the host budget is kept by gc without --repo, over every repository under the volume');
    const names = stores(values);
    // A budget the disk cannot hold is bad usage: said before any store is touched, not after.
    const disk = wholeVolume ? diskStat(volume) : undefined;
    if (disk)
        flagBudget(disk, flags);
    if (names.length === 0)
        io.out(`No stores under ${volume}`);
    let failed = 0;
    for (const [i, repo] of names.entries()) {
        io.err(`[${i + 1}/${names.length}] ${repo}`);
        if (!(await gcStore(io, volume, repo, options)))
            failed += 1;
    }
    if (wholeVolume && !(await hostPass(io, volume, flags, options.dryRun)))
        failed += 1;
    return failed ? EXIT.problems : EXIT.ok;
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
const count = (value) => (finite(value) && value >= 0 ? value : 0);
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
        jobs: count(totals?.jobs),
        hits: count(totals?.hits),
        cachedSteps: count(totals?.cachedSteps),
        totalSteps: count(totals?.totalSteps),
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
    if (!fs.existsSync(volumePath))
        return { why: `volume-path ${volumePath} does not exist` };
    return { file: path.join(volumePath, HISTORY_DIR, `${repoName}.json`) };
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
    ensureRealDirectory(path.dirname(file));
    writeFileAtomic(file, JSON.stringify(history));
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

;// CONCATENATED MODULE: ./src/metrics/host-metrics.ts







const host_metrics_PREFIX = 'buildkit_cache_keeper_';
function scopeCount(volume, repo) {
    try {
        return readIndex(layout_storeLayout(external_node_path_default().join(volume, repo)).index).manifests.filter((descriptor) => tagOf(descriptor)).length;
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
const seconds = (ms) => ms / 1000;
/** Per scope, over its recent jobs: what a dashboard plots to see a hit rate fall. */
function scopeFamilies(histories) {
    const scopes = [...histories].flatMap(([repo, history]) => Object.entries(history.scopes).map(([scope, { jobs }]) => ({ repo, scope, jobs })));
    const labels = (repo, scope) => ({ repo, scope });
    return [
        gauge('scope_hit_ratio', `Share of a scope's recent builds (its last ${JOBS_KEPT} at most) that found steps in the cache`, scopes.map(({ repo, scope, jobs }) => ({ labels: labels(repo, scope), value: jobs.filter((job) => job.hit).length / jobs.length }))),
        gauge('scope_last_build_seconds', "A scope's last build time (BuildKit's records; where buildx keeps none, the time from the cache step to its post)", scopes.flatMap(({ repo, scope, jobs }) => {
            const ms = jobs.at(-1)?.ms;
            return ms === undefined ? [] : [{ labels: labels(repo, scope), value: seconds(ms) }];
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
        gauge('time_saved_seconds', "Estimated time the cache saved, summed over the recorded builds: each build against its scope's last cold build timed alike; builds whose saving is unknown count nothing, slower ones count against", each((h) => seconds(h.totals.savedMs)))
    ];
}
function hostFamilies(facts) {
    const { stores, builders, disk } = facts;
    const cacheBytes = stores.reduce((sum, s) => sum + s.bytes, 0) + builders.reduce((sum, b) => sum + b.bytes, 0);
    const volume = { path: facts.volume };
    return [
        gauge('store_bytes', "Bytes of a repository's local cache store, as post or gc last recorded", stores.map((s) => ({ labels: { repo: s.repo }, value: s.bytes }))),
        gauge('store_scopes', "Scopes in a repository's local cache store", stores.flatMap((s) => (s.scopes === undefined ? [] : [{ labels: { repo: s.repo }, value: s.scopes }]))),
        gauge('store_last_used_timestamp_seconds', "When a repository's store was last used (Unix time)", stores.flatMap((s) => (s.lastUsedMs > 0 ? [{ labels: { repo: s.repo }, value: seconds(s.lastUsedMs) }] : []))),
        gauge('builder_cache_bytes', "A persistent builder's own BuildKit cache, as last measured", builders.map((b) => ({ labels: { builder: b.name }, value: b.bytes }))),
        gauge('builder_last_used_timestamp_seconds', 'When a persistent builder was last used (Unix time)', builders.flatMap((b) => (b.lastUsedMs > 0 ? [{ labels: { builder: b.name }, value: seconds(b.lastUsedMs) }] : []))),
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

;// CONCATENATED MODULE: ./src/cli/metrics.ts






const METRICS_HELP = `Usage: metrics [--volume PATH] [--output FILE.prom]
  The host's cache figures in the Prometheus text format, for node_exporter's textfile
  collector: each store's size, scopes and last use, each persistent builder's cache and
  last use, every cache together, the size and free space of the volume's disk, and per
  repository the builds post recorded, cache hits, steps cached and the estimated time
  saved, with each scope's recent hit ratio and last build time. Read from the records post
  and gc keep under the volume (default ${INPUT_DEFAULTS['volume-path']}): no blob is counted, no docker call made.
  --output writes an absolute path ending in .prom atomically (a temp file renamed over it),
  so cron can run it every minute; without it the figures are printed.`;
async function metricsCommand(io, args) {
    const values = parse(args, { output: { type: 'string' } });
    if (values.repo !== undefined) {
        throw new InputError('--repo', String(values.repo), 'not with metrics, which covers every repository under the volume (one file per host)');
    }
    const volume = values.volume;
    const file = validMetricsFile(String(values.output ?? ''), '--output');
    requireVolume(volume);
    const text = hostMetricsText(volume);
    if (file) {
        writeMetricsFile(file, text);
        io.err(`Wrote ${file}`);
    }
    else
        io.out(text.trimEnd());
    return Promise.resolve(EXIT.ok);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
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
;// CONCATENATED MODULE: ./src/registry/deadline.ts
/**
 * All of one step's registry work (main's lookup, post's check of the export
 * and deletion of the manifest it superseded, a closed pull request's
 * deletion) ends within this. A healthy registry needs a few seconds; a slow
 * or hostile one paging its tag list one tag at a time, each page just inside
 * the request timeout, would otherwise hold the job for about 90 minutes. Past
 * it the step warns once and goes on.
 */
const REGISTRY_DEADLINE_MS = 60_000;
const deadlineAfter = (limitMs, now = Date.now()) => ({ at: now + limitMs, limitMs });
/** Why a request was cut short or not sent: the same words wherever the deadline ends the work. */
const deadlineProblem = (deadline) => `the registry work of this step passed its limit of ${deadline.limitMs / 1000} s, so the rest of it is skipped`;

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
            : `Docker config ${file} not read (${errorMessage(error)}): the registry is asked without credentials`);
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

;// CONCATENATED MODULE: ./src/registry/listing.ts


const isDescriptor = (value) => {
    const { digest, size } = (typeof value === 'object' && value !== null ? value : {});
    return typeof digest === 'string' && typeof size === 'number' && Number.isSafeInteger(size) && size >= 0;
};
/** What a cache manifest costs, in either cache format (manifestChildren). Sizes are the descriptors' own: nothing is downloaded. */
function manifestContent(body) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString('utf8'));
    }
    catch {
        return { state: 'unreadable', problem: 'the manifest is not JSON' };
    }
    const listed = manifestChildren(parsed);
    if (!listed)
        return { state: 'unreadable', problem: 'the manifest is no manifest: no manifests or layers list' };
    if (listed.length === 0)
        return { state: 'unreadable', problem: 'the manifest references no config, layers or manifests' };
    if (!listed.every(isDescriptor))
        return { state: 'unreadable', problem: 'a descriptor of the manifest has no digest or size' };
    return { state: 'read', blobs: listed.map(({ digest, size }) => ({ digest, size })) };
}
// Manifests read at once (inPool).
const READ_CONCURRENCY = 8;
function entryOf(scope, read) {
    if (read.state === 'absent')
        return { scope, sharedWith: [], problem: 'the tag was listed but its manifest is gone (deleted meanwhile)' };
    if (read.state === 'failed')
        return { scope, sharedWith: [], problem: `its manifest cannot be read: ${read.problem}` };
    const content = manifestContent(read.body);
    const base = { scope, digest: read.digest, mediaType: read.mediaType, sharedWith: [] };
    if (content.state === 'unreadable')
        return { ...base, problem: `its manifest cannot be read: ${content.problem}` };
    return { ...base, bytes: content.blobs.reduce((sum, blob) => sum + blob.size, 0), blobs: content.blobs.length, blobList: content.blobs };
}
/** Every tag of the repository (up to `limit`), its manifest digest and what the manifest references. */
async function listScopes(client, limit) {
    const list = await client.listTags(limit);
    if (list.state === 'failed')
        return list;
    const entries = await inPool(list.tags, READ_CONCURRENCY, async (tag) => entryOf(tag, await client.readManifest(tag)));
    const distinct = new Map();
    for (const entry of entries)
        for (const blob of entry.blobList ?? [])
            distinct.set(blob.digest, blob.size);
    const scopes = entries
        .map(({ blobList: _blobList, ...entry }) => ({
        ...entry,
        sharedWith: entry.digest ? entries.filter((other) => other.digest === entry.digest && other.scope !== entry.scope).map((other) => other.scope) : []
    }))
        .sort((a, b) => a.scope.localeCompare(b.scope));
    return { state: 'listed', scopes, distinctBytes: [...distinct.values()].reduce((sum, size) => sum + size, 0), truncated: list.truncated };
}

;// CONCATENATED MODULE: ./src/registry/scopes.ts


/**
 * Resolves `tags` in order until one exists. The first failure ends the walk:
 * a registry that cannot be reached or refuses us will not answer the next tag either.
 */
async function lookUpScopes(client, tags, writeTag) {
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
                    ? `${subject}: would delete the tag only (dry-run), where the registry allows it; ${removal.sharedWith.join(', ')} share its manifest ${manifest_shortDigest(removal.digest)}`
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

;// CONCATENATED MODULE: ./src/cli/registry.ts

















const REGISTRY_HELP = `Usage: registry list --ref REF [--insecure] [--json]
       registry rm --ref REF --scope S [--scope S2 ...] [--insecure] [--dry-run]
  list: every scope (tag) of the cache repository REF, its manifest digest and the bytes
  of the blobs the manifest references (config and layers, as the manifest declares them).
  rm: deletes scopes. A manifest is deleted by digest only when no tag outside the ones
  given points at it; otherwise only the tag, where the registry can delete a tag, else it
  is kept and rm says why (exit 1). The registry's own garbage collection then reclaims
  the blobs. Credentials come from the Docker config ($DOCKER_CONFIG or ~/.docker), its
  credential helpers included, as for the action; --insecure as the input registry-insecure.`;
// More tags than this are not listed: a cache repository holds one per live scope.
const LIST_LIMIT = 10_000;
/** `docker-credential-<name> get`, the server URL on its standard input, as the docker CLI runs it. */
function helperGet(program, serverUrl) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', (error) => resolve({ code: 127, stdout: '', stderr: error.message }));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
        child.stdin.on('error', () => { });
        child.stdin.end(serverUrl);
    });
}
function clientFor(ref, insecure, io) {
    const repo = parseRegistryRef(ref, { insecure });
    const login = { readFile: (file) => external_node_fs_default().readFileSync(file, 'utf8'), helperGet, info: io.err };
    return new RegistryClient(repo, { credentials: () => dockerLogin(repo.host, dockerConfigPath(process.env, external_node_os_default().homedir()), login) });
}
function refFlag(values) {
    const ref = values.ref?.trim();
    if (!ref)
        throw new InputError('--ref', '', 'the cache repository is required, such as git.example.com/org/app-cache');
    return validRegistryRef(ref, '--ref');
}
function entryState(entry) {
    if (entry.problem)
        return entry.problem;
    return entry.sharedWith.length > 0 ? `same manifest as ${entry.sharedWith.join(', ')}` : 'ok';
}
async function registry_list(io, args) {
    const { values } = (0,external_node_util_namespaceObject.parseArgs)({
        args,
        options: { ref: { type: 'string' }, insecure: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
        strict: true,
        allowPositionals: false
    });
    const ref = refFlag(values);
    const listing = await listScopes(clientFor(ref, values.insecure, io), LIST_LIMIT);
    if (listing.state === 'failed') {
        io.err(`${ref}: ${listing.problem}`);
        return EXIT.problems;
    }
    const unreadable = listing.scopes.filter((entry) => entry.problem);
    if (values.json) {
        io.out(JSON.stringify({ ref, scopes: listing.scopes, distinctBytes: listing.distinctBytes, truncated: listing.truncated }, null, 2));
    }
    else if (listing.scopes.length === 0) {
        io.out(`No scopes in ${ref}`);
    }
    else {
        io.out(formatTable(['SCOPE', 'DIGEST', 'SIZE', 'BLOBS', 'STATE'], listing.scopes.map((e) => [
            e.scope,
            e.digest ? manifest_shortDigest(e.digest) : '-',
            e.bytes === undefined ? '-' : units_formatBytes(e.bytes),
            e.blobs === undefined ? '-' : String(e.blobs),
            entryState(e)
        ])));
        io.out(`${listing.scopes.length} scopes; ${units_formatBytes(listing.distinctBytes)} in distinct blobs (a blob several scopes share counted once)`);
    }
    if (listing.truncated)
        io.err(`${ref} holds more than ${LIST_LIMIT} tags: only the first ${LIST_LIMIT} are listed`);
    return unreadable.length > 0 || listing.truncated ? EXIT.problems : EXIT.ok;
}
async function rm(io, args) {
    const { values } = (0,external_node_util_namespaceObject.parseArgs)({
        args,
        options: {
            ref: { type: 'string' },
            scope: { type: 'string', multiple: true },
            insecure: { type: 'boolean', default: false },
            'dry-run': { type: 'boolean', default: false }
        },
        strict: true,
        allowPositionals: false
    });
    const ref = refFlag(values);
    const scopes = values.scope ?? [];
    if (scopes.length === 0)
        throw new InputError('--scope', '', 'at least one scope (tag) to remove is required, e.g. --scope feature-x');
    for (const scope of scopes)
        if (!isValidTag(scope))
            throw new InputError('--scope', scope, 'a tag is allowed: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}');
    const results = await removeScopes(clientFor(ref, values.insecure, io), scopes, values['dry-run']);
    let failed = 0;
    for (const { tag, removal } of results) {
        // A warning means the scope is still there although rm was asked to remove it.
        const { line, warning } = removalWords(`${ref}:${tag}`, removal);
        io.out(line);
        if (warning)
            failed += 1;
    }
    return failed > 0 ? EXIT.problems : EXIT.ok;
}
/** `registry list|rm`: a registry cache seen and pruned by hand, by the rules post uses. */
function registryCommand(io, args) {
    const [sub = '', ...rest] = args;
    if (sub === 'list')
        return registry_list(io, rest);
    if (sub === 'rm')
        return rm(io, rest);
    io.err(`${sub ? `Unknown registry command '${sub}'` : 'registry needs a command, list or rm'}.\n\n${REGISTRY_HELP}`);
    return Promise.resolve(EXIT.usage);
}

;// CONCATENATED MODULE: ./src/store/remove-scope.ts






/**
 * Takes one scope out of the store's index.json (by rename, under the store
 * lock) and forgets its last-used time; the next GC reclaims the blobs only
 * it used. A store that does not exist holds no scope: nothing is created just
 * to find that out.
 */
async function removeScope(volumePath, repoName, tag, dryRun, logger) {
    if (!external_node_fs_default().existsSync(external_node_path_default().join(volumePath, repoName, 'index.json')))
        return { state: 'absent' };
    const layout = openStore(volumePath, repoName);
    return withStoreLock(layout, logger, (lock) => {
        const index = store_readStoreIndex(lock, layout, logger);
        if (!oci_findTag(index, tag))
            return { state: 'absent' };
        if (dryRun)
            return { state: 'would-remove', storeRoot: layout.root };
        writeStoreIndex(lock, layout, withTag(index, tag, undefined));
        updateLastUsed(lock, layout, { dropped: [tag] });
        return { state: 'removed', storeRoot: layout.root };
    });
}

;// CONCATENATED MODULE: ./src/cli/reset.ts















/**
 * `reset`: start one repository's cache over, as fresh-build does for one
 * job. Its scopes leave the store's index (under the store lock) and GC
 * reclaims what no other scope uses; with --builder its persistent builder
 * forgets its whole cache, cache mounts included. Only the repository --repo
 * names: the store is `<volume>/<repo>`, the builder `cachekeeper-<repo>`.
 */
const RESET_HELP = `Usage: reset --repo NAME [--volume PATH] [--scope S ...] [--builder] [--dry-run]
  Drops the repository's scopes from its store (every scope without --scope; --scope
  may be given more than once), then deletes the blobs no other scope uses. With
  --builder, also prunes the cache of its persistent builder cachekeeper-<repo>
  (docker buildx prune --all: cache mounts included). Another repository's store
  or builder is never touched. Exits 1 when a named scope or the store is not
  there, or the prune failed.`;
const RESET_FLAGS = {
    scope: { type: 'string', multiple: true },
    builder: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false }
};
/** --scope values as given, each a tag a store can hold; a bad one is a usage error naming the flag. */
function scopeFlags(values) {
    const scopes = Array.isArray(values) ? values : [];
    for (const scope of scopes)
        if (!isValidTag(scope))
            throw new InputError('--scope', scope, 'a scope as status lists it is allowed (an OCI tag: letters, digits, _ . -)');
    return scopes;
}
/** The store's part of the reset; the exit code's share (problems found). */
async function resetStore(io, options, logger) {
    const { volume, repo, dryRun } = options;
    const layout = layout_storeLayout(external_node_path_default().join(volume, repo));
    if (!external_node_fs_default().existsSync(layout.index)) {
        // A repository whose jobs have no volume has a builder and no store: --builder alone is a full reset there.
        if (options.builder && options.scopes.length === 0) {
            io.out(`${repo}: no store at ${layout.root}; only the builder is reset`);
            return true;
        }
        io.err(`--repo ${repo}: no store at ${layout.root} (a directory holding index.json)`);
        return false;
    }
    const present = readIndex(layout.index).manifests.flatMap((descriptor) => tagOf(descriptor) ?? []);
    const wanted = options.scopes.length > 0 ? options.scopes : present;
    const missing = wanted.filter((scope) => !present.includes(scope));
    for (const scope of missing)
        io.err(`--scope ${scope}: ${repo} has no such scope (it has ${present.join(', ') || 'none'})`);
    const found = wanted.filter((scope) => present.includes(scope));
    if (dryRun) {
        // The store is not opened (opening creates its folders); GC's share depends on the drops, so it is named, not counted.
        io.out(`${repo}: would drop ${found.join(', ') || 'no scope'}; gc would then delete the blobs no other scope uses`);
        return missing.length === 0;
    }
    const dropped = [];
    for (const scope of found)
        if ((await removeScope(volume, repo, scope, false, logger)).state !== 'absent')
            dropped.push(scope);
    const result = await withStoreLock(layout, logger, (lock) => maintainStore(lock, layout, {}, logger));
    const kept = keptWords(result.gc);
    io.out(`${repo}: dropped ${dropped.join(', ') || 'no scope'}; gc ${sweepWords(result.gc, false)}${kept ? `; keeps ${kept}` : ''}`);
    return missing.length === 0 && !result.gc.aborted;
}
/** The builder's part: its whole cache pruned, when its node container exists. */
async function resetBuilder(io, options) {
    const name = persistentBuilderName(options.repo);
    const node = await io.docker(existsArgs(name));
    if (node.code !== 0) {
        // Pruning a builder buildx knows but whose container is gone would bootstrap a new, empty one.
        io.out(`builder ${name}: no container ${buildx_names_builderContainer(name)}, nothing to prune`);
        return true;
    }
    if (options.dryRun) {
        io.out(`builder ${name}: would prune its whole cache (docker buildx prune --builder ${name} --all --force)`);
        return true;
    }
    let pruned = await io.docker(buildx_args_clearCacheArgs(name));
    if (pruned.code !== 0 && isUnknownBuilder(pruned.stderr)) {
        // This buildx configuration (a host, not the job container that made it) has no record of the builder: make one, as main does.
        const problem = await makeKnown(io.docker, name);
        if (problem) {
            io.err(`builder ${name}: ${problem}`);
            return false;
        }
        pruned = await io.docker(buildx_args_clearCacheArgs(name));
    }
    if (pruned.code !== 0) {
        io.err(`builder ${name}: docker buildx prune: ${buildx_output_failure(pruned)}`);
        return false;
    }
    const total = reclaimedTotal(pruned.stdout);
    io.out(`builder ${name}: pruned its whole cache${total ? ` (${total} reclaimed)` : ''}`);
    return true;
}
/** Runs the reset; true when everything asked for was there and done. */
async function reset_reset(io, options, logger) {
    const store = await resetStore(io, options, logger);
    const builder = options.builder ? await resetBuilder(io, options) : true;
    return store && builder;
}

;// CONCATENATED MODULE: ./src/cli/host-status.ts

















const iso = (ms) => (ms ? new Date(ms).toISOString() : null);
function host_status_scopeCount(volume, repo) {
    try {
        return readIndex(layout_storeLayout(external_node_path_default().join(volume, repo)).index).manifests.filter((descriptor) => tagOf(descriptor)).length;
    }
    catch {
        return null;
    }
}
/** The filesystems under the volume, one entry per device: a store may be a mount of its own. */
function disksOf(volume, repos) {
    const byDevice = new Map();
    for (const [dir, repo] of [[volume, undefined], ...repos.map((name) => [external_node_path_default().join(volume, name), name])]) {
        let device;
        try {
            device = external_node_fs_default().statSync(dir).dev;
        }
        catch {
            continue;
        }
        const disk = byDevice.get(device) ?? { path: dir, stores: [] };
        byDevice.set(device, disk);
        if (repo)
            disk.stores.push(repo);
    }
    return [...byDevice.values()].flatMap((disk) => {
        const stat = diskStat(disk.path);
        return stat ? [{ path: disk.path, ...stat, stores: disk.stores }] : [];
    });
}
/** One `docker ps`: cheap enough for a status, and nothing is said when docker is not there. */
async function setupBuildxBuilders(docker) {
    try {
        const result = await docker(['ps', '-a', '--filter', `name=${SETUP_BUILDX_PREFIX}`, '--format', '{{.Names}}']);
        return result.code === 0 ? result.stdout.split('\n').filter((name) => isBuilderContainer(name.trim())).length : null;
    }
    catch {
        return null;
    }
}
async function hostStatus(volume, flags, docker) {
    const caches = scanHost(volume);
    const stores = caches.stores.map((usage) => ({
        repo: usage.repo,
        bytes: usage.bytes,
        lastUsed: iso(usage.lastUsedMs),
        scopes: host_status_scopeCount(volume, usage.repo),
        recorded: !usage.measured
    }));
    const builders = caches.builders.flatMap(({ name }) => {
        const record = builderRecord(volume, name);
        if (!record)
            return [];
        return [{ name, repo: record.repoName, cacheBytes: record.cacheBytes ?? null, measured: iso(record.budgetCheckedMs), lastUsed: iso(record.lastUsedMs) }];
    });
    const disks = disksOf(volume, stores.map((store) => store.repo));
    const volumeDisk = disks[0];
    const resolved = volumeDisk && flagBudget(volumeDisk, flags);
    const budget = resolved
        ? {
            hostMaxSize: flags.maxSize ? formatDiskSpace(flags.maxSize) : 'auto',
            hostMinFree: flags.minFree ? formatDiskSpace(flags.minFree) : 'auto',
            ...resolved
        }
        : null;
    const storeBytes = stores.reduce((sum, store) => sum + store.bytes, 0);
    const cacheBytes = cacheBytesOf(caches);
    const totals = {
        storeBytes,
        builderBytes: cacheBytes - storeBytes,
        cacheBytes,
        headroomBytes: resolved ? hostHeadroom(resolved, volumeDisk, cacheBytes) : null
    };
    return { volume, stores, builders, setupBuildxBuilders: await setupBuildxBuilders(docker), disks, budget, totals };
}
const when = (time) => time?.replace('T', ' ').slice(0, 16) ?? '-';
const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;
function budgetRows(status) {
    const { budget, totals } = status;
    if (!budget)
        return [['budget', 'host', '-', '-', 'not resolved: this Node cannot measure the disk (fs.statfsSync)']];
    const auto = (given, words) => (given === 'auto' ? `auto: ${words}` : given);
    const maxAuto = `${BUILDKIT_DEFAULTS.maxPercent}% of the disk, at most ${BUILDKIT_DEFAULTS.maxBytes / 1e9}GB`;
    const disk = status.disks[0];
    const headroom = totals.headroomBytes ?? 0;
    return [
        ['budget', 'host-max-size', units_formatBytes(budget.maxBytes), '-', auto(budget.hostMaxSize, maxAuto)],
        ['budget', 'host-min-free', units_formatBytes(budget.minFreeBytes), '-', auto(budget.hostMinFree, `${BUILDKIT_DEFAULTS.minFreePercent}% of the disk`)],
        [
            'total',
            'all caches',
            units_formatBytes(totals.cacheBytes),
            '-',
            `${hostWords({ cacheBytes: totals.cacheBytes, budget, disk })}; ${headroom >= 0 ? `${units_formatBytes(headroom)} headroom` : `over by ${units_formatBytes(-headroom)}: gc evicts`}`
        ]
    ];
}
/** The host view as one table: a row per cache, filesystem and budget, then the totals. */
function hostTable(status) {
    const rows = [
        ...status.stores.map((s) => [
            'store',
            s.repo,
            units_formatBytes(s.bytes),
            when(s.lastUsed),
            `${s.scopes === null ? 'index.json unreadable' : plural(s.scopes, 'scope')}${s.recorded ? '' : '; no record yet: measured now'}`
        ]),
        ...status.builders.map((b) => [
            'builder',
            b.name,
            b.cacheBytes === null ? '-' : units_formatBytes(b.cacheBytes),
            when(b.lastUsed),
            `repository ${b.repo}; ${b.measured ? `measured ${when(b.measured)}` : 'not measured yet'}`
        ]),
        ...(status.setupBuildxBuilders === null
            ? []
            : [['builders', 'setup-buildx', '-', '-', `${plural(status.setupBuildxBuilders, 'container')} (prune-builders removes the stale ones)`]]),
        ...status.disks.map((d, i) => [
            'disk',
            d.path,
            units_formatBytes(d.totalBytes),
            '-',
            `${units_formatBytes(d.freeBytes)} free; ${[i === 0 ? 'the volume' : '', d.stores.length ? `stores ${d.stores.join(', ')}` : ''].filter(Boolean).join(', ')}`
        ]),
        ['total', 'stores', units_formatBytes(status.totals.storeBytes), '-', plural(status.stores.length, 'store')],
        ['total', 'builders', units_formatBytes(status.totals.builderBytes), '-', plural(status.builders.length, 'persistent builder')],
        ...budgetRows(status)
    ];
    return formatTable(['KIND', 'NAME', 'SIZE', 'LAST USED', 'DETAIL'], rows);
}
async function hostStatusCommand(io, values) {
    const volume = values.volume;
    if (values.repo !== undefined) {
        throw new InputError('--repo', String(values.repo), 'not with --host, which covers every repository under the volume (status --repo lists one store)');
    }
    const flags = hostFlags(values);
    requireVolume(volume);
    const status = await hostStatus(volume, flags, io.docker);
    io.out(values.json ? JSON.stringify(status, null, 2) : hostTable(status));
    return EXIT.ok;
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
const worth_words_seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
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
    return job.timing === 'builds' ? `build ${worth_words_seconds(job.ms)}` : `${worth_words_seconds(job.ms)} from the cache step to its post`;
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
    const versus = `the last cold one's ${worth_words_seconds(reference.ms)}, an estimate`;
    return job.savedMs >= 0 ? `saved ~${worth_words_seconds(job.savedMs)} against ${versus}` : `~${worth_words_seconds(-job.savedMs)} slower than ${versus}`;
}
/** The recent jobs as a sparkline of their times and the hit rate. */
function trendWords(jobs) {
    const hits = jobs.filter((job) => job.hit).length;
    const times = jobs.flatMap((job) => job.ms ?? []);
    const range = times.length > 1 ? ` ${worth_words_seconds(Math.min(...times))}–${worth_words_seconds(Math.max(...times))}` : '';
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
        const exported = job.newBytes === undefined ? 'nothing exported' : `${formatBytes(job.newBytes)} new in the export`;
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
    const each = exported.length > 0 ? `, each exporting ~${formatBytes(exported.reduce((a, b) => a + b, 0) / exported.length)} anew` : '';
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
    const net = saved >= 0 ? `saved ~${worth_words_seconds(saved)} in all` : `cost ~${worth_words_seconds(-saved)} more than cold builds`;
    return `hit in ${hits} of its last ${recent.length} jobs and ${net}, under ${NOISE_SHARE * 100}% of a cold build (${worth_words_seconds(reference.ms)}) per job${each}`;
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

;// CONCATENATED MODULE: ./src/history/worth-summary.ts

function repoWorth(repo, history) {
    const { jobs: builds, hits, savedMs } = history.totals;
    return { repo, builds, hits, hitRate: builds > 0 ? hits / builds : null, savedMs };
}
/** One scope's recent jobs, for a row of `status --json`. */
function scopeWorth(history, scope) {
    const jobs = history?.scopes[scope]?.jobs;
    if (!jobs || jobs.length === 0)
        return undefined;
    return { recentBuilds: jobs.length, recentHits: jobs.filter((job) => job.hit).length, lastBuildMs: jobs.at(-1)?.ms ?? null };
}
/** The row `status` prints per repository. */
function repoWorthCells(worth) {
    const rate = worth.hitRate === null ? '-' : `${Math.round(worth.hitRate * 100)}% (${worth.hits} of ${worth.builds})`;
    const saved = worth.savedMs >= 0 ? `~${worth_words_seconds(worth.savedMs)}` : `-${worth_words_seconds(-worth.savedMs)} (slower than cold)`;
    return [worth.repo, String(worth.builds), rate, saved];
}

;// CONCATENATED MODULE: ./src/cli/status-command.ts










const STATUS_HELP = `Usage: status [--volume PATH] [--repo NAME] [--json]
       status --host [--volume PATH] [--host-max-size auto] [--host-min-free auto] [--json]
  Lists repositories and scopes under the volume (default ${INPUT_DEFAULTS['volume-path']}): size, blobs,
  last used and state of each scope, then per repository the builds post recorded, how many hit
  the cache and the time it saved (an estimate: each build against its scope's last cold one;
  see docs/cache-worth.md). --json adds each scope's recent builds and hits to its row.
  With --host, the whole host instead, in one table: each repository's store (size and last
  use as recorded by post or gc, scopes), each persistent builder from its record (repository,
  cache size as last measured, last use), how many setup-buildx builders docker lists (when it
  answers), each filesystem the volume and its stores are on (size, free), the host budget
  resolved for the volume's disk (--host-max-size and --host-min-free as gc takes them, auto
  by default), and the totals against it. --json prints the same as one object.`;
const STATUS_FLAGS = {
    json: { type: 'boolean', default: false },
    host: { type: 'boolean', default: false },
    ...HOST_FLAGS
};
async function statusCommand(io, args) {
    const values = parse(args, STATUS_FLAGS);
    if (values.host)
        return hostStatusCommand(io, values);
    refuseHostFlags(values, hostFlags(values), 'only with --host, the view of the whole host');
    const volume = values.volume;
    const rows = [];
    const repos = stores(values);
    for (const repo of repos)
        rows.push(...(await storeStatus(volume, repo)));
    const histories = volumeHistories(volume);
    if (values.json) {
        io.out(JSON.stringify(rows.map((row) => ({ ...row, ...scopeWorth(histories.get(row.repo), row.scope) })), null, 2));
        return EXIT.ok;
    }
    if (rows.length === 0) {
        io.out(`No stores under ${volume}`);
        return EXIT.ok;
    }
    io.out(formatTable(['REPO', 'SCOPE', 'SIZE', 'BLOBS', 'LAST USED', 'STATE'], rows.map((r) => [r.repo, r.scope, units_formatBytes(r.bytes), String(r.blobs), r.lastUsed?.replace('T', ' ').slice(0, 16) ?? '-', r.state])));
    const worth = repos.flatMap((repo) => {
        const history = histories.get(repo);
        return history ? [repoWorthCells(repoWorth(repo, history))] : [];
    });
    if (worth.length > 0)
        io.out(`\n${formatTable(['REPO', 'BUILDS', 'HIT RATE', 'TIME SAVED (ESTIMATE)'], worth)}`);
    return EXIT.ok;
}

;// CONCATENATED MODULE: ./src/cli/cli.ts
























const HELP = {
    '': `Usage: node dist/cli/index.js <command> [options]

Commands:
  status          scopes of every store under a volume: size, blobs, last used; --host: every
                  store, persistent builder and disk on the host against the host budget
  gc              retention and garbage collection of one store, or of all of them and then
                  the host budget (--host-max-size, --host-min-free): the cron command
  check           every tag resolves, every blob present (and its digest, with --verify-digests)
  prune-builders  remove stale buildx_buildkit_builder-* containers and volumes
  plan            print cache-from / cache-to for other CI systems
  registry        list or remove the scopes of a registry cache (registry list|rm)
  reset           start one repository's cache over: its scopes, and with --builder its persistent builder's cache
  metrics         the host's cache figures in the Prometheus text format, for node_exporter's textfile collector

Run a command with --help for its options. Exit codes: 0 ok, 1 problems found or the work failed, 2 bad usage.`,
    status: STATUS_HELP,
    gc: GC_HELP,
    check: `Usage: check [--volume PATH] [--repo NAME] [--verify-digests [--dry-run]] [--json]
  Exits 1 when a tag does not resolve, a blob is missing or short, (with
  --verify-digests) a blob's sha256 does not match its name, or there is no store to check.
  Content that fails its digest is repaired: the scopes that reference it are dropped and
  garbage collection deletes it (with --dry-run only reported). Without --verify-digests
  check changes nothing.`,
    'prune-builders': `Usage: prune-builders [--max-age 6h] [--dry-run]
  Removes setup-buildx-action's builders (buildx_buildkit_builder-<uuid>0) that are
  running and older than --max-age, or stopped for longer than min(5m, --max-age),
  with their _state volumes. Other containers and volumes are never touched.
  Lists the builders it keeps and why; exits 1 when a stale one could not be removed.`,
    plan: `Usage: plan [--mode local|registry|local+registry|inline|gha|s3|off] [--registry-ref REF] [--repo NAME]
            [--branch B | --pr N --base B | --tag T] [--default-branch main] [--scope S]
            [--key K] [--cache-options k=v,...] [--read-only] [--volume PATH] [--json]
  Prints the cache-from and cache-to lines the action would emit. Local mode needs the
  volume; a store that does not exist yet is cold (the first build creates it). In local mode the
  lines point at the store itself: without the action's per-job snapshots, run one
  job per repository at a time and run 'gc' afterwards.`,
    registry: REGISTRY_HELP,
    reset: RESET_HELP,
    metrics: METRICS_HELP
};
/** What a repair did, in one line (or would do, in a dry run). */
function repairLine(repair, dryRun) {
    if (repair.aborted)
        return `repair ${sweepWords(repair, dryRun)}`;
    return `${dryRun ? 'would ' : ''}drop ${repair.droppedTags.join(', ') || 'no scope'}; gc ${sweepWords(repair, dryRun)}`;
}
/**
 * Drops the scopes that reference content failing its digest and sweeps it,
 * as GC drops any broken scope; hashing already ran, so the lock is held for
 * a stat-only pass.
 */
function repairContent(io, layout, failures, dryRun) {
    const reporter = cliReporter(io);
    return withStoreLock(layout, reporter, (lock) => collectGarbage(lock, layout, reporter, dryRun, (blobs) => withContentFailures(memoizedCheck(blobs), failures)));
}
async function check(io, args) {
    const values = parse(args, {
        'verify-digests': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false }
    });
    const volume = values.volume;
    const dryRun = values['dry-run'];
    const names = stores(values);
    // A health check that checked nothing must not pass (a mistyped --volume holding no store).
    if (names.length === 0)
        throw new MissingError(`--volume ${volume}: no stores to check`);
    const results = [];
    for (const [i, repo] of names.entries()) {
        if (values['verify-digests'])
            io.err(`[${i + 1}/${names.length}] hashing ${repo}`);
        const layout = layout_storeLayout(external_node_path_default().join(volume, repo));
        const { failures, ...result } = await checkStore(layout, { verifyDigests: values['verify-digests'] });
        const repair = failures.corrupt.size > 0 ? await repairContent(io, layout, failures, dryRun) : undefined;
        results.push({ repo, ...result, ...(repair && { repair: { dryRun, ...repair } }) });
    }
    if (values.json)
        io.out(JSON.stringify(results, null, 2));
    else
        for (const r of results) {
            const lines = r.ok ? [`${r.repo}: ok (${r.tags.length} scopes)`] : [`${r.repo}: ${r.problems.length} problems`, ...r.problems];
            if (r.repair)
                lines.push(repairLine(r.repair, dryRun));
            io.out(lines.join('\n  '));
        }
    // Problems found exit 1 even when repaired: a health check run from cron must say the store was damaged.
    return results.every((r) => r.ok && !r.repair?.aborted) ? EXIT.ok : EXIT.problems;
}
async function pruneCommand(io, args) {
    const values = parse(args, { 'max-age': { type: 'string', default: INPUT_DEFAULTS['builder-max-age'] }, 'dry-run': { type: 'boolean', default: false } });
    const maxAgeMs = validDuration(values['max-age'], '--max-age');
    const onlyLabel = pruneLabelFromEnv(process.env);
    const result = await pruneBuilders(io.docker, { maxAgeMs, dryRun: values['dry-run'], onlyLabel }, cliReporter(io));
    if (result.unavailable) {
        io.err(`docker is not usable: ${result.unavailable}`);
        return EXIT.problems;
    }
    // The builders removed and kept are the command's result: standard output, as the table.
    await reportPrune(result, values['dry-run'], { ...cliReporter(io), info: (line) => io.out(line) });
    const failed = result.notRemoved.containers.length + result.notRemoved.volumes.length;
    return failed ? EXIT.problems : EXIT.ok;
}
function eventFromFlags(values) {
    const payload = { repository: { default_branch: values['default-branch'] } };
    if (values.pr)
        return { eventName: 'pull_request', ref: `refs/pull/${values.pr}/merge`, refName: String(values.pr), baseRef: values.base ?? '', payload };
    if (values.tag)
        return { eventName: 'push', ref: `refs/tags/${values.tag}`, refName: values.tag, baseRef: '', payload };
    const branch = values.branch ?? values['default-branch'];
    return { eventName: 'push', ref: `refs/heads/${branch}`, refName: branch, baseRef: '', payload };
}
/** plan's flags that are action inputs under the flag's name: what the action accepts, plan accepts. */
const PLAN_FLAGS = {
    mode: 'cache-mode',
    'registry-ref': 'registry-ref',
    volume: 'volume-path',
    scope: 'scope',
    key: 'key',
    'cache-options': 'cache-options',
    'read-only': 'read-only'
};
/** The action's own validation, with errors naming the flag that was given rather than the input it maps to. */
function planInputs(raw) {
    try {
        return parseInputs(raw, {});
    }
    catch (error) {
        const flag = error instanceof InputError ? Object.keys(PLAN_FLAGS).find((name) => PLAN_FLAGS[name] === error.input) : undefined;
        if (flag && error instanceof InputError)
            throw new InputError(`--${flag}`, error.value, error.allowed);
        throw error;
    }
}
function plan(io, args) {
    const values = parse(args, {
        mode: { type: 'string', default: 'local' },
        'registry-ref': { type: 'string' },
        branch: { type: 'string' },
        pr: { type: 'string' },
        base: { type: 'string' },
        tag: { type: 'string' },
        'default-branch': { type: 'string', default: 'main' },
        scope: { type: 'string' },
        key: { type: 'string' },
        'cache-options': { type: 'string' },
        'read-only': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false }
    });
    const repo = repoFlag(values) ?? validRepoName(external_node_path_default().basename(process.cwd()), "--repo (default: the current folder's name)");
    const raw = { 'repo-name': repo };
    for (const [flag, input] of Object.entries(PLAN_FLAGS))
        if (values[flag] !== undefined)
            raw[input] = String(values[flag]);
    const { inputs } = planInputs(raw);
    const cachePlan = planCache(inputs, process.env, eventFromFlags(values));
    // gha's notices (the builder must reach the cache server; ACTIONS_CACHE_MODE) go where the action would log them.
    for (const message of cachePlan.messages)
        io.err(message.text);
    let local;
    if (cachePlan.backend === 'local' || cachePlan.backend === 'local+registry') {
        // The volume must exist (a mistyped one would make every build cold, its cache written where no gc looks);
        // the store need not: the first build's export creates it.
        requireVolume(inputs.volumePath);
        const root = external_node_path_default().join(inputs.volumePath, inputs.repoName);
        const exists = isStore(inputs.volumePath, inputs.repoName);
        if (!exists)
            io.err(`No store at ${root} yet: the cache is cold and the first build creates it`);
        local = { snapshotDir: root, readTags: exists ? importableTags(root, cachePlan.readTags, cliReporter(io)) : [] };
    }
    const entries = planEntries(cachePlan, inputs, local);
    if (values.json)
        io.out(JSON.stringify({ backend: cachePlan.backend, scope: cachePlan.scopes.write ?? '', ...entries }, null, 2));
    else
        io.out([
            `# backend ${cachePlan.backend}, scope ${cachePlan.writeTag ?? '(read-only)'}`,
            ...entries.cacheFrom.map((e) => `--cache-from ${e}`),
            ...entries.cacheTo.map((e) => `--cache-to ${e}`)
        ].join('\n'));
    return Promise.resolve(EXIT.ok);
}
async function resetCommand(io, args) {
    const values = parse(args, RESET_FLAGS);
    // Never every repository at once: a reset names the one it starts over.
    const repo = repoFlag(values);
    if (repo === undefined)
        throw new InputError('--repo', '', 'the repository whose cache is reset is required, as status lists it');
    const options = {
        volume: values.volume,
        repo,
        scopes: scopeFlags(values.scope),
        builder: values.builder,
        dryRun: values['dry-run']
    };
    return (await reset_reset(io, options, cliReporter(io))) ? EXIT.ok : EXIT.problems;
}
const COMMANDS = {
    status: statusCommand,
    gc: gcCommand,
    check,
    'prune-builders': pruneCommand,
    plan,
    registry: registryCommand,
    reset: resetCommand,
    metrics: metricsCommand
};
/** Runs one command line; returns the exit code. */
async function main(argv, io) {
    const [command = '', ...args] = argv;
    if (command === '' || command === '--help' || command === '-h' || command === 'help') {
        io.out(HELP['']);
        return command === '' ? EXIT.usage : EXIT.ok;
    }
    const handler = COMMANDS[command];
    if (!handler) {
        io.err(`Unknown command '${command}'.\n\n${HELP['']}`);
        return EXIT.usage;
    }
    if (args.includes('--help') || args.includes('-h')) {
        io.out(HELP[command]);
        return EXIT.ok;
    }
    try {
        return await handler(io, args);
    }
    catch (error) {
        io.err(errorMessage(error));
        const usage = error instanceof InputError || error.code?.startsWith('ERR_PARSE_ARGS');
        return usage ? EXIT.usage : EXIT.problems;
    }
}


/***/ }),

/***/ 392:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ spawnDocker)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);

/** The docker CLI for the command-line tool, which runs outside any runner: plain child_process, not @actions/exec. */
const spawnDocker = (args) => new Promise((resolve, reject) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
});


/***/ }),

/***/ 546:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(244);
/* harmony import */ var _cli_docker_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(392);


process.exitCode = await (0,_cli_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .i)(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    docker: _cli_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .spawnDocker */ .Q
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

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
/******/ var __webpack_exports__ = __nccwpck_require__(546);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map