import bytes from 'bytes-iec'
import ms from 'ms'

// Both parsers accept a bare number (bytes, milliseconds); a bare number in a
// workflow is almost always a missing unit, so a unit is required here.
const SIZE_PATTERN = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i
const DURATION_PATTERN = /^\s*\d+(\.\d+)?\s*(s|m|h|d|w)\s*$/i

/** Bytes in `10GiB` (binary) or `10GB` (decimal); undefined when not a size with a unit. */
export function parseSize(text: string): number | undefined {
  if (!SIZE_PATTERN.test(text)) return undefined
  const value = bytes.parse(text.trim())
  return value !== null && value > 0 ? value : undefined
}

/** Milliseconds in `14d`, `6h`, `90m`, `30s`, `2w`; undefined when not a duration with a unit. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined
  const value = ms(text.trim().replace(/\s+/g, '') as ms.StringValue)
  return typeof value === 'number' && value > 0 ? value : undefined
}

export function formatBytes(value: number): string {
  return bytes.format(value, { mode: 'binary', decimalPlaces: 1 }) ?? `${value} B`
}

/** `45s`, `12m`, `3h`: an age for a log line. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 120) return `${seconds}s`
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`
  return `${Math.round(seconds / 3600)}h`
}
