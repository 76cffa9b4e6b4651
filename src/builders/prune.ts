import type { Logger } from '../log.js'
import { DEFAULT_GRACE_MS, selectStale, isBuilderContainer, isBuilderVolume, type BuilderContainer, type BuilderVolume } from './select.js'

/** Runs the docker CLI; resolves with the exit code (never rejects for a non-zero exit). */
export type DockerCli = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>

export interface PruneOptions {
  /** builder-max-age; the grace for stopped builders is derived from it. */
  maxAgeMs: number
  dryRun: boolean
  now?: number
}

export interface PruneResult {
  containers: string[]
  volumes: string[]
  /** Set when docker could not be used at all: one warning, the job goes on. */
  unavailable?: string
}

// Another pruner (a concurrent job on the same host) got there first: that is success.
const ALREADY_GONE = /No such (container|volume)|is already in progress|not found/i

class DockerUnavailable extends Error {}

async function docker(cli: DockerCli, args: string[]): Promise<string> {
  let result
  try {
    result = await cli(args)
  } catch (error) {
    throw new DockerUnavailable(`the docker CLI could not be run: ${(error as Error).message}`)
  }
  if (result.code !== 0 && /Cannot connect to the Docker daemon|permission denied|error during connect/i.test(result.stderr)) {
    throw new DockerUnavailable(result.stderr.trim().split('\n')[0])
  }
  if (result.code !== 0) throw new Error(`docker ${args[0]} ${args[1] ?? ''}: ${result.stderr.trim()}`)
  return result.stdout
}

// A concurrent pruner may still be removing the container that holds a volume.
const IN_USE = /volume is in use/i
const IN_USE_RETRIES = 5
const IN_USE_DELAY_MS = 400

/** Removals that failed for a reason other than "already gone". */
async function removeAll(cli: DockerCli, command: string[], names: string[]): Promise<string[]> {
  let pending = names
  let failures: string[] = []
  for (let attempt = 0; pending.length > 0; attempt++) {
    const result = await cli([...command, ...pending])
    failures = result.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !ALREADY_GONE.test(line))
    const busy = failures.filter((line) => IN_USE.test(line))
    if (busy.length === 0 || attempt === IN_USE_RETRIES) break
    pending = pending.filter((name) => busy.some((line) => line.includes(name)))
    await new Promise((resolve) => setTimeout(resolve, IN_USE_DELAY_MS))
  }
  return failures
}

/**
 * Lists objects of one kind whose names pass `wanted`, then inspects them in
 * one call. An object removed between the two calls makes inspect exit 1;
 * what it printed for the rest is still used.
 */
async function inspectNamed(cli: DockerCli, kind: 'container' | 'volume', wanted: (name: string) => boolean, format: string): Promise<string[][]> {
  const list = kind === 'container' ? ['ps', '-a'] : ['volume', 'ls']
  const names = (await docker(cli, [...list, '--filter', 'name=buildx_buildkit_builder-', '--format', '{{.Name' + (kind === 'container' ? 's' : '') + '}}']))
    .split('\n')
    .map((name) => name.trim())
    .filter(wanted)
  if (names.length === 0) return []
  const result = await cli([kind, 'inspect', '--format', format, ...names])
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'))
}

async function listContainers(cli: DockerCli): Promise<BuilderContainer[]> {
  const rows = await inspectNamed(cli, 'container', isBuilderContainer, '{{.Name}}|{{.State.Status}}|{{.Created}}')
  return rows.map(([name, status, created]) => ({ name: name.replace(/^\//, ''), status, createdMs: Date.parse(created) }))
}

async function listVolumes(cli: DockerCli): Promise<BuilderVolume[]> {
  const rows = await inspectNamed(cli, 'volume', isBuilderVolume, '{{.Name}}|{{.CreatedAt}}')
  return rows.map(([name, created]) => ({ name, createdMs: Date.parse(created) }))
}

/**
 * Removes stale setup-buildx builders and their `_state` volumes in two batch
 * calls. Never throws: docker being unusable is reported in `unavailable`.
 */
export async function pruneBuilders(cli: DockerCli, options: PruneOptions, logger: Logger): Promise<PruneResult> {
  try {
    const [containers, volumes] = await Promise.all([listContainers(cli), listVolumes(cli)])
    const graceMs = Math.min(DEFAULT_GRACE_MS, options.maxAgeMs)
    const stale = selectStale(containers, volumes, { now: options.now ?? Date.now(), maxAgeMs: options.maxAgeMs, graceMs })
    const result = { containers: stale.containers.map((c) => c.name), volumes: stale.volumes }
    logger.debug(`Builders seen: ${containers.length} containers, ${volumes.length} volumes; stale: ${result.containers.length}, ${result.volumes.length}`)
    if (options.dryRun) return result
    // Containers first: a volume still attached to a container cannot be removed.
    const failures = [
      ...(await removeAll(cli, ['rm', '-f'], result.containers)),
      ...(await removeAll(cli, ['volume', 'rm', '-f'], result.volumes))
    ]
    for (const failure of failures) logger.warning(`Builder pruning: ${failure}`)
    return result
  } catch (error) {
    if (error instanceof DockerUnavailable) return { containers: [], volumes: [], unavailable: error.message }
    throw error
  }
}
