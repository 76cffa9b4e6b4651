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

const BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/
const POSITIVE = /^[1-9]\d*$/
// Go's time.ParseDuration: a sequence of decimal numbers with units.
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/

interface AttributeCheck {
  valid: (value: string) => boolean
  allowed: string
  /** Where BuildKit v0.32.2 checks it. */
  where: string
}

export const CONFIGURE_CHECKS: Readonly<Record<string, AttributeCheck>> = {
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
}

/** Why BuildKit would refuse `key=value` while configuring the cache, or undefined. */
export function configureProblem(key: string, value: string): string | undefined {
  const check = Object.hasOwn(CONFIGURE_CHECKS, key) ? CONFIGURE_CHECKS[key] : undefined
  if (!check || check.valid(value)) return undefined
  return `${key} ${check.allowed}: BuildKit checks it when it configures the cache (${check.where}), before ignore-error applies, and the build would fail`
}

/**
 * Attributes a backend cannot be configured without. s3 falls back to
 * AWS_BUCKET / AWS_REGION in BuildKit's own environment (s3.go:77-91), which a
 * docker-container builder does not share with the job: the action asks for them.
 */
export const REQUIRED_OPTIONS: Readonly<Record<string, readonly string[]>> = { s3: ['bucket', 'region'] }
