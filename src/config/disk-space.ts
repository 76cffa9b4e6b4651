import { InputError } from './input-error.js'
import { formatBytes, parseSize } from './units.js'

/**
 * An amount of disk as BuildKit's own GC settings take it: bytes, or a share
 * of the filesystem it lives on (`20%`), which each host resolves against its
 * own disk.
 */
export type DiskSpace = ({ bytes: number } | { percent: number }) & {
  /** As the input gave it, for messages. */
  text?: string
}

/** The defaults of BuildKit's DetectDefaultGCCap (cmd/buildkitd/config/gcpolicy.go, gcpolicy_unix.go), taken as they are. */
export const BUILDKIT_DEFAULTS = {
  /** DiskSpaceMaxPercentage / DiskSpaceMaxBytes: the most the cache may use, the lesser of the two. */
  maxPercent: 80,
  maxBytes: 100e9,
  /** DiskSpaceFreePercentage: the free space GC keeps on the disk. */
  minFreePercent: 20,
  /** DiskSpaceReservePercentage / DiskSpaceReserveBytes: what GC never takes the cache below, the lesser of the two. */
  reservePercent: 10,
  reserveBytes: 10e9
} as const

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/

/** `20%`, `10GiB` or `auto` (undefined: the caller's default); throws an InputError naming `input`. */
export function parseDiskSpace(input: string, text: string, { maxPercent = 100 } = {}): DiskSpace | undefined {
  const value = text.trim()
  if (value === '' || value === 'auto') return undefined
  const percent = PERCENT.exec(value)
  if (percent) {
    const share = Number(percent[1])
    if (share > 0 && share <= maxPercent) return { percent: share, text: value }
    throw new InputError(input, text, `a share of the disk from above 0% to ${maxPercent}% is allowed, or a size such as 20GiB`)
  }
  const bytes = parseSize(value)
  if (bytes !== undefined) return { bytes, text: value }
  throw new InputError(input, text, 'a size with a unit (20GiB, 500MB), a share of the disk (20%) or auto is allowed')
}

export function diskSpaceBytes(space: DiskSpace, diskBytes: number): number {
  return 'bytes' in space ? space.bytes : Math.floor((diskBytes * space.percent) / 100)
}

export function formatDiskSpace(space: DiskSpace): string {
  return space.text ?? ('bytes' in space ? formatBytes(space.bytes) : `${space.percent}%`)
}
