import { builderContainer } from '../buildx-names.js'

/** The docker and buildx argv that make, check, bound and remove the persistent builder. Pure: the calls are in the I/O modules. */

/**
 * `--buildkitd-config` is the name both buildx 0.13 and 0.29 take (0.13's
 * `--config` is its deprecated alias). `use` (`--use`): make it the job's
 * current builder in the same call, so no `buildx use` is needed after it
 * (never on a runner host's own configuration, where `reset` runs).
 */
export function createArgs(name: string, driverOpts: readonly string[], configFile?: string, use = true): string[] {
  const flags = [...driverOpts.flatMap((opt) => ['--driver-opt', opt]), ...(configFile ? ['--buildkitd-config', configFile] : []), ...(use ? ['--use'] : [])]
  return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...flags]
}

/** Makes the builder the job's current one, as setup-buildx-action's `use: true` does: a build without `--builder` lands on it. */
export function useArgs(name: string): string[] {
  return ['buildx', 'use', name]
}

/** A fresh build: this repository's builder forgets its whole cache, cache mounts included (never another builder's). */
export function clearCacheArgs(name: string): string[] {
  return ['buildx', 'prune', '--builder', name, '--all', '--force']
}

/** With bootstrap, buildx starts the node (creating its container when gone) and waits until BuildKit answers. */
export function inspectArgs(name: string, bootstrap: boolean): string[] {
  return ['buildx', 'inspect', ...(bootstrap ? ['--bootstrap'] : []), name]
}

/** Removes buildx's record, the container and its state. */
export function rmArgs(name: string): string[] {
  return ['buildx', 'rm', name]
}

/**
 * The cache budget's flag. Old buildx calls it `--keep-storage`; buildx 0.17+
 * hides that name and offers `--reserved-space` and `--max-used-space`. Both
 * `--keep-storage` and `--reserved-space` travel in the same field of the
 * prune request, which every BuildKit reads as "prune down to this"
 * (BuildKit >= 0.17 maps keep-storage to reserved space itself).
 * `--max-used-space` is a field BuildKit < 0.17 does not know: such a builder
 * would see a prune without a cap and drop its whole cache.
 */
export type BudgetFlag = '--keep-storage' | '--reserved-space'

export function isBudgetFlag(value: unknown): value is BudgetFlag {
  return value === '--keep-storage' || value === '--reserved-space'
}

/** Reads the flag from `docker buildx prune --help`: newer buildx hides the old name, older lacks the new one. */
export function budgetFlag(pruneHelp: string): BudgetFlag {
  return /--reserved-space\b/.test(pruneHelp) ? '--reserved-space' : '--keep-storage'
}

/** Prunes the builder's least recently used cache (internal records too) until it fits in `bytes`. */
export function pruneArgs(name: string, bytes: number, flag: BudgetFlag): string[] {
  return ['buildx', 'prune', '--builder', name, '--force', '--all', flag, String(Math.floor(bytes))]
}

/** The builder's disk usage: `docker buildx du` (every buildx version prints the same table). */
export function duArgs(name: string): string[] {
  return ['buildx', 'du', '--builder', name]
}

/** Lists every node container of this action's builders (stopped ones too); `builderOfNode` keeps only exact names. */
export function nodeListArgs(): string[] {
  return ['ps', '-a', '--filter', 'name=^buildx_buildkit_cachekeeper-', '--format', '{{.Names}}']
}

/** Whether the builder's node container runs: `docker container inspect` prints `true` or `false`; a missing container fails. */
export function runningArgs(name: string): string[] {
  return ['container', 'inspect', '--format', '{{.State.Running}}', builderContainer(name)]
}

/** Whether the node container exists at all (its name, or a failure when gone). */
export function existsArgs(name: string): string[] {
  return ['container', 'inspect', '--format', '{{.Name}}', builderContainer(name)]
}
