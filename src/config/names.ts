/**
 * Every name the runner sees, declared once. action.yml is the source of the
 * defaults; a unit test holds this table to it ('' = no default, or one the
 * code derives at run time, such as repo-name from GITHUB_REPOSITORY).
 */
export const INPUT_DEFAULTS = {
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
} as const

export type InputName = keyof typeof INPUT_DEFAULTS
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]

/** Outputs main sets; its result type makes it set every one. */
export const MAIN_OUTPUTS = [
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
] as const
export type MainOutputs = Record<(typeof MAIN_OUTPUTS)[number], string>

/** Outputs post sets (local mode), after promotion and GC: what the cache holds and what this build added. */
export const POST_OUTPUTS = ['cache-size', 'cache-new-bytes'] as const
export type PostOutputs = Record<(typeof POST_OUTPUTS)[number], string>

/** Output post sets for the persistent builder, from buildx's build history. */
export const STEPS_CACHED_OUTPUT = 'steps-cached'

/** Every output of action.yml, in its order. */
export const OUTPUT_NAMES = [...MAIN_OUTPUTS, ...POST_OUTPUTS, STEPS_CACHED_OUTPUT] as const

/** State keys main and post read from earlier phases. */
export const STATE_KEYS = {
  /** The JSON-encoded JobState main hands to post. */
  job: 'job',
  /** Set by pre, so main prunes only when pre did not run (`uses: ./` has no pre). */
  buildersPruned: 'builders-pruned',
  /** The folder where pre's background probe of the persistent builder's cache writes its answer for main. */
  cacheProbe: 'cache-probe'
} as const
