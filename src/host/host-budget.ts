import { BUILDKIT_DEFAULTS, diskSpaceBytes, formatDiskSpace, type DiskSpace } from '../config/disk-space.js'
import { InputError } from '../config/input-error.js'
import { formatBytes } from '../config/units.js'

/** A filesystem as statfs reports it: its size and what an unprivileged writer may still use. */
export interface DiskStat {
  totalBytes: number
  freeBytes: number
}

/** The host budget in bytes for one disk: what all caches together may hold, and the free space kept. */
export interface HostBudget {
  maxBytes: number
  minFreeBytes: number
}

/**
 * The host budget on the volume's disk. Unset, each side is BuildKit's own
 * default (DetectDefaultGCCap): at most 80% of the disk and 100GB, 20% kept
 * free. Throws an InputError for a budget larger than the disk, which could
 * never be kept.
 */
export function hostBudget(disk: DiskStat, maxSize: DiskSpace | undefined, minFree: DiskSpace | undefined): HostBudget {
  const maxBytes = maxSize
    ? diskSpaceBytes(maxSize, disk.totalBytes)
    : Math.min(Math.floor((disk.totalBytes * BUILDKIT_DEFAULTS.maxPercent) / 100), BUILDKIT_DEFAULTS.maxBytes)
  const minFreeBytes = diskSpaceBytes(minFree ?? { percent: BUILDKIT_DEFAULTS.minFreePercent }, disk.totalBytes)
  if (maxSize && maxBytes > disk.totalBytes) {
    throw new InputError(
      'host-max-size',
      formatDiskSpace(maxSize),
      `at most the volume's disk, ${formatBytes(disk.totalBytes)}, or a share of it (80%) is allowed`
    )
  }
  if (minFree && minFreeBytes >= disk.totalBytes) {
    throw new InputError(
      'host-min-free',
      formatDiskSpace(minFree),
      `less than the volume's disk, ${formatBytes(disk.totalBytes)}, or a share of it (20%) is allowed`
    )
  }
  return { maxBytes, minFreeBytes }
}

/** What the host still lets all caches add: under the budget and above the floor, whichever is tighter; negative when over. */
export function hostHeadroom(budget: HostBudget, disk: DiskStat, cacheBytes: number): number {
  return Math.min(budget.maxBytes - cacheBytes, disk.freeBytes - budget.minFreeBytes)
}

/** The most one cache can hold on this disk even with every other cache evicted: host-max-size, and the disk less its floor. */
export function hostCap(budget: HostBudget, disk: DiskStat): number {
  return Math.max(0, Math.min(budget.maxBytes, disk.totalBytes - budget.minFreeBytes))
}

export interface ShrunkBudget {
  bytes: number
  /** One line for the log when the budget shrank; undefined when the input's stands. */
  why?: string
}

/**
 * A store's (or builder's) effective budget: its own, never more than the
 * host could give it. Only the cap: what the other repositories hold is the
 * host pass's to weigh, least recently used first, not this cache's to pay for.
 */
export function effectiveBudget(input: string, ownBytes: number, cap: number): ShrunkBudget {
  if (cap >= ownBytes) return { bytes: ownBytes }
  return {
    bytes: cap,
    why: `${input} ${formatBytes(ownBytes)} is held to ${formatBytes(cap)}: host-max-size and host-min-free on the volume's disk leave no more`
  }
}
