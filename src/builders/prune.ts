import { DockerUnavailable, type DockerCli } from '../docker-cli.js'
import type { Logger } from '../log.js'
import {
  DEFAULT_GRACE_MS,
  describeKept,
  selectStale,
  isBuilderContainer,
  isBuilderVolume,
  SETUP_BUILDX_PREFIX,
  type BuilderContainer,
  type BuilderVolume,
  type KeptReason
} from './select.js'
import { errorMessage } from '../error-message.js'

/**
 * Test-only: when set (to `key=value` or `key`), pruning lists only containers
 * and volumes carrying that label, so the test suite on a runner host never
 * touches builders it did not create. The name pattern still decides what is
 * a builder and what is stale. Not an input: users have no reason to set it.
 */
export const PRUNE_LABEL_ENV = 'BUILDKIT_CACHE_KEEPER_TEST_PRUNE_LABEL'

export function pruneLabelFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env[PRUNE_LABEL_ENV]?.trim() || undefined
}

export interface PruneOptions {
  /** builder-max-age; the grace for stopped builders is derived from it. */
  maxAgeMs: number
  dryRun: boolean
  now?: number
  /** Only objects with this label are listed (PRUNE_LABEL_ENV; tests only). */
  onlyLabel?: string
}

export interface KeptBuilderLine {
  name: string
  reason: KeptReason
  /** The log line naming the builder and why it was kept. */
  description: string
}

export interface PruneResult {
  /** Removed, or that would be in dry-run. A removal that failed is never listed here. */
  containers: string[]
  volumes: string[]
  /** Stale, but still there after the attempt (a warning says why). */
  notRemoved: { containers: string[]; volumes: string[] }
  /** Generated-name builders that are not stale, and why. */
  kept: KeptBuilderLine[]
  /** Set when docker could not be used at all: one warning, the job goes on. */
  unavailable?: string
}

const NOTHING: Omit<PruneResult, 'unavailable'> = { containers: [], volumes: [], notRemoved: { containers: [], volumes: [] }, kept: [] }

// Another pruner (a concurrent job on the same host) got there first: that is success.
const ALREADY_GONE = /No such (container|volume)|is already in progress|not found/i

type Kind = 'container' | 'volume'

async function docker(cli: DockerCli, args: string[]): Promise<string> {
  let result
  try {
    result = await cli(args)
  } catch (error) {
    if (error instanceof DockerUnavailable) throw error
    throw new DockerUnavailable(`the docker CLI could not be run: ${errorMessage(error)}`)
  }
  if (result.code !== 0 && /Cannot connect to the Docker daemon|permission denied|error during connect/i.test(result.stderr)) {
    throw new DockerUnavailable(result.stderr.trim().split('\n')[0])
  }
  if (result.code !== 0) throw new Error(`docker ${args[0]} ${args[1] ?? ''}: ${result.stderr.trim()}`)
  return result.stdout
}

/** Names of one kind that look like builders (one list call; the label narrows it for tests). */
async function listNames(cli: DockerCli, kind: Kind, onlyLabel: string | undefined): Promise<string[]> {
  const list = kind === 'container' ? ['ps', '-a'] : ['volume', 'ls']
  const label = onlyLabel ? ['--filter', `label=${onlyLabel}`] : []
  const format = kind === 'container' ? '{{.Names}}' : '{{.Name}}'
  return (await docker(cli, [...list, '--filter', `name=${SETUP_BUILDX_PREFIX}`, ...label, '--format', format]))
    .split('\n')
    .map((name) => name.trim())
    .filter(Boolean)
}

// A concurrent pruner may still be removing the container that holds a volume.
const IN_USE = /volume is in use/i
const IN_USE_RETRIES = 5
const IN_USE_DELAY_MS = 400

interface Removal {
  removed: string[]
  failed: string[]
}

/**
 * Removes `names` in one batch call (retrying volumes another pruner still
 * holds). docker's messages do not always name the object (a storage driver
 * error names the container's id), so after a real failure the names still
 * listed are the ones that failed, unless docker said another pruner has
 * them; a name is reported removed only when docker said so or it is gone.
 */
async function removeAll(cli: DockerCli, kind: Kind, names: string[], onlyLabel: string | undefined, logger: Logger): Promise<Removal> {
  if (names.length === 0) return { removed: [], failed: [] }
  const command = kind === 'container' ? ['rm', '-f'] : ['volume', 'rm', '-f']
  const messages: string[] = []
  // Gone already, or being removed by a concurrent pruner right now (docker still lists it meanwhile).
  const handledElsewhere: string[] = []
  let pending = names
  for (let attempt = 0; ; attempt++) {
    const result = await cli([...command, ...pending])
    const all = result.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    handledElsewhere.push(...all.filter((line) => ALREADY_GONE.test(line)))
    const lines = all.filter((line) => !ALREADY_GONE.test(line))
    if (result.code !== 0 && all.length === 0) messages.push(`docker ${command.join(' ')} exited ${result.code}`)
    const busy = lines.filter((line) => IN_USE.test(line))
    messages.push(...lines.filter((line) => !IN_USE.test(line)))
    pending = pending.filter((name) => busy.some((line) => line.includes(name)))
    if (busy.length === 0) break
    if (attempt === IN_USE_RETRIES || pending.length === 0) {
      messages.push(...busy)
      break
    }
    await new Promise((resolve) => setTimeout(resolve, IN_USE_DELAY_MS))
  }
  if (messages.length === 0) return { removed: names, failed: [] }

  const said = messages.length ? ` docker said: ${messages.join(' / ')}` : ''
  let present: Set<string>
  try {
    present = new Set(await listNames(cli, kind, onlyLabel))
  } catch (error) {
    logger.warning(
      `Builder pruning: could not tell which of ${names.length} ${kind}s were removed (${errorMessage(error)}); none is reported as removed.${said}`
    )
    return { removed: [], failed: names }
  }
  const failed = names.filter((name) => present.has(name) && !handledElsewhere.some((line) => line.includes(name)))
  if (failed.length > 0) logger.warning(`Builder pruning: could not remove ${kind} ${failed.join(', ')}.${said}`)
  else logger.debug(`Builder pruning: docker reported${said}, but every ${kind} is gone or being removed`)
  return { removed: names.filter((name) => !failed.includes(name)), failed }
}

/**
 * Lists objects of one kind whose names pass `wanted`, then inspects them in
 * one call. An object removed between the two calls makes inspect exit 1;
 * what it printed for the rest is still used.
 */
async function inspectNamed(cli: DockerCli, kind: Kind, wanted: (name: string) => boolean, format: string, onlyLabel: string | undefined): Promise<string[][]> {
  const names = (await listNames(cli, kind, onlyLabel)).filter(wanted)
  if (names.length === 0) return []
  const result = await cli([kind, 'inspect', '--format', format, ...names])
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'))
}

async function listContainers(cli: DockerCli, onlyLabel: string | undefined): Promise<BuilderContainer[]> {
  const rows = await inspectNamed(cli, 'container', isBuilderContainer, '{{.Name}}|{{.State.Status}}|{{.Created}}', onlyLabel)
  return rows.map(([name, status, created]) => ({ name: name.replace(/^\//, ''), status, createdMs: Date.parse(created) }))
}

async function listVolumes(cli: DockerCli, onlyLabel: string | undefined): Promise<BuilderVolume[]> {
  const rows = await inspectNamed(cli, 'volume', isBuilderVolume, '{{.Name}}|{{.CreatedAt}}', onlyLabel)
  return rows.map(([name, created]) => ({ name, createdMs: Date.parse(created) }))
}

/**
 * Removes stale setup-buildx builders and their `_state` volumes in two batch
 * calls. Never throws: docker being unusable is reported in `unavailable`.
 */
export async function pruneBuilders(cli: DockerCli, options: PruneOptions, logger: Logger): Promise<PruneResult> {
  try {
    const { onlyLabel } = options
    const [containers, volumes] = await Promise.all([listContainers(cli, onlyLabel), listVolumes(cli, onlyLabel)])
    const policy = { now: options.now ?? Date.now(), maxAgeMs: options.maxAgeMs, graceMs: Math.min(DEFAULT_GRACE_MS, options.maxAgeMs) }
    const stale = selectStale(containers, volumes, policy)
    const kept = stale.kept.map((k) => ({ name: k.container.name, reason: k.reason, description: describeKept(k, policy) }))
    const staleContainers = stale.containers.map((c) => c.name)
    logger.debug(`Builders seen: ${containers.length} containers, ${volumes.length} volumes; stale: ${staleContainers.length}, ${stale.volumes.length}`)
    if (options.dryRun) return { ...NOTHING, containers: staleContainers, volumes: stale.volumes, kept }

    // Containers first: a volume still attached to a container cannot be removed,
    // so the volumes of containers that failed are not even tried.
    const removedContainers = await removeAll(cli, 'container', staleContainers, onlyLabel, logger)
    const held = new Set(removedContainers.failed.map((name) => `${name}_state`))
    const removedVolumes = await removeAll(
      cli,
      'volume',
      stale.volumes.filter((name) => !held.has(name)),
      onlyLabel,
      logger
    )
    return {
      containers: removedContainers.removed,
      volumes: removedVolumes.removed,
      notRemoved: { containers: removedContainers.failed, volumes: [...removedVolumes.failed, ...stale.volumes.filter((name) => held.has(name))] },
      kept
    }
  } catch (error) {
    if (error instanceof DockerUnavailable) return { ...NOTHING, unavailable: error.message }
    throw error
  }
}
