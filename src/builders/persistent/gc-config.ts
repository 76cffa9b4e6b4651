import { BUILDKIT_DEFAULTS, type DiskSpace } from '../../config/disk-space.js'

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
export function gcConfig(maxBytes: number, minFree?: DiskSpace): string {
  const bytes = Math.floor(maxBytes)
  const policy = { all: true, keepBytes: bytes, reservedSpace: gcReserveBytes(bytes), maxUsedSpace: bytes, minFreeSpace: minFreeSpaceValue(minFree) }
  return [
    '# Written by buildkit-cache-keeper: the builder keeps its cache (cache mounts included) within builder-max-size, and host-min-free free on its disk.',
    '[worker.oci]',
    '  gc = true',
    `  gckeepstorage = ${bytes}`,
    '',
    '[[worker.oci.gcpolicy]]',
    ...Object.entries(policy).map(([key, value]) => `  ${key} = ${value}`),
    ''
  ].join('\n')
}

/** What GC never prunes the builder below, floor or not: BuildKit's default reserve, 10% (of the budget here), at most 10 GB; never 0 (a keep of 0 prunes all). */
export function gcReserveBytes(maxBytes: number): number {
  return Math.max(1, Math.min(Math.floor((maxBytes * BUILDKIT_DEFAULTS.reservePercent) / 100), BUILDKIT_DEFAULTS.reserveBytes))
}

/** minFreeSpace as BuildKit's DiskSpace parses it: bytes as an integer, a share as "N%" with N whole (rounded up: never less free than asked). */
export function minFreeSpaceValue(minFree: DiskSpace | undefined): string {
  const floor = minFree ?? { percent: BUILDKIT_DEFAULTS.minFreePercent }
  return 'bytes' in floor ? String(Math.floor(floor.bytes)) : `"${Math.ceil(floor.percent)}%"`
}

export type BuilderConfig = { text: string; gc: 'added' | 'theirs' }

/**
 * The buildkitd.toml the builder is made with: the user's own (the
 * buildkitd-config input, or buildx's `buildkitd.default.toml`, which an
 * explicit `--buildkitd-config` would otherwise replace) with the GC policy
 * appended. A config that sets any worker section keeps its own GC: TOML
 * forbids a second `[worker.oci]`, and the user's policy is theirs to choose.
 */
export function builderConfig(base: string | undefined, maxBytes: number, minFree?: DiskSpace): BuilderConfig {
  const own = base?.trim() ?? ''
  if (/^\s*\[+\s*worker[.\]]/m.test(own)) return { text: own + '\n', gc: 'theirs' }
  return { text: (own ? own + '\n\n' : '') + gcConfig(maxBytes, minFree), gc: 'added' }
}
