import { parseDiskSpace, type DiskSpace } from '../config/disk-space.js'
import { InputError } from '../config/input-error.js'
import { hostBudget, type DiskStat, type HostBudget } from '../host/host-budget.js'
import type { FlagValues } from './args.js'

/** The action's host-max-size and host-min-free as flags of gc and status, in the same forms. */

export const HOST_FLAGS = {
  'host-max-size': { type: 'string' },
  'host-min-free': { type: 'string' }
} as const

export interface HostFlags {
  /** Undefined: auto, BuildKit's default for the disk. */
  maxSize?: DiskSpace
  minFree?: DiskSpace
  /** The flags given, as given: a command that has no use for them says so. */
  given: string[]
}

export function hostFlags(values: FlagValues): HostFlags {
  const text = (flag: keyof typeof HOST_FLAGS) => values[flag] as string | undefined
  return {
    maxSize: parseDiskSpace('--host-max-size', text('host-max-size') ?? ''),
    minFree: parseDiskSpace('--host-min-free', text('host-min-free') ?? '', { maxPercent: 99 }),
    given: Object.keys(HOST_FLAGS).filter((flag) => values[flag] !== undefined)
  }
}

/** Refuses host flags where they would change nothing, rather than ignore them silently. */
export function refuseHostFlags(values: FlagValues, flags: HostFlags, allowed: string): void {
  const flag = flags.given[0]
  if (flag) throw new InputError(`--${flag}`, String(values[flag]), allowed)
}

/** hostBudget, with errors naming the flag given rather than the action's input. */
export function flagBudget(disk: DiskStat, flags: HostFlags): HostBudget {
  try {
    return hostBudget(disk, flags.maxSize, flags.minFree)
  } catch (error) {
    if (error instanceof InputError && !error.input.startsWith('--')) throw new InputError(`--${error.input}`, error.value, error.allowed)
    throw error
  }
}
