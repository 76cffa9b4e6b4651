import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../../log.js'
import { writeFileAtomic } from '../../store/files.js'
import { restorableInstance, type BuildxInstance } from './buildx-record.js'

/**
 * buildx's own files for this job: its folder, its record of the builder
 * (`instances/<name>`) and its `current` file. A new job container starts with
 * none of them; an earlier job's record is restored when it is exactly what
 * this job's create would write (restorableInstance).
 */

/** The folder buildx keeps its records in for this job: `$BUILDX_CONFIG`, else `$DOCKER_CONFIG/buildx`, else `~/.docker/buildx`. */
export function buildxConfigDir(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  return env.BUILDX_CONFIG || `${env.DOCKER_CONFIG || `${home}/.docker`}/buildx`
}

/** The endpoint buildx keys its current builder by, when this job's Docker is the default one; undefined when a context decides. */
export function defaultEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CONTEXT) return undefined
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock'
}

/**
 * Whether buildx's `current` file already makes `name` the current builder of
 * this job's Docker endpoint (`{"Key":"unix:///var/run/docker.sock","Name":…}`), or of every one (`Global`):
 * then `buildx use` would change nothing. Anything else, unreadable or another
 * endpoint included, says no, and `buildx use` runs.
 */
export function isCurrentBuilder(currentFile: string | undefined, name: string, endpoint: string | undefined): boolean {
  if (currentFile === undefined) return false
  try {
    const current = JSON.parse(currentFile) as { Key?: unknown; Name?: unknown; Global?: unknown }
    return current.Name === name && (current.Global === true || (endpoint !== undefined && current.Key === endpoint))
  } catch {
    return false
  }
}

/** buildx's `current` file as `create --use` writes it for this endpoint. */
export function currentFileFor(name: string, endpoint: string): string {
  return JSON.stringify({ Key: endpoint, Name: name, Global: false })
}

/** Where buildx keeps its record of a builder in this job's buildx folder. */
function instanceFile(name: string, env: NodeJS.ProcessEnv): string {
  return path.join(buildxConfigDir(env), 'instances', name)
}

function currentFile(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return fs.readFileSync(path.join(buildxConfigDir(env), 'current'), 'utf8')
  } catch {
    return undefined
  }
}

/** buildx's own record of the builder in this job's buildx folder: then `buildx create` would only say it exists. */
export function buildxKnows(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return fs.existsSync(instanceFile(name, env))
}

/** Whether buildx's `current` file already names the builder for this job's Docker (a read, no call). */
export function isCurrentAlready(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return isCurrentBuilder(currentFile(env), name, defaultEndpoint(env))
}

/** The builder buildx's `current` file names ('' or undefined: the default one). */
export function currentBuilderName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const name = (JSON.parse(currentFile(env) ?? '{}') as { Name?: unknown }).Name
    return typeof name === 'string' && name !== '' ? name : undefined
  } catch {
    return undefined
  }
}

/** buildx's record of the builder as the create just made it, for later jobs to restore. */
export function readInstance(name: string, madeWith: string, env: NodeJS.ProcessEnv = process.env): BuildxInstance | undefined {
  try {
    return { json: fs.readFileSync(instanceFile(name, env), 'utf8'), madeWith }
  } catch {
    return undefined
  }
}

export interface InstanceWanted {
  name: string
  driverOpts: string[]
  buildkitdConfig?: string
}

/**
 * Writes buildx's record of the builder and makes it current, as `buildx
 * create --use` would have, from the record a create wrote in an earlier job;
 * false (create runs) when the recorded one is not what this job's inputs
 * would create (restorableInstance, whichever copy it came from), or cannot
 * be written.
 */
export function restoreInstance(wanted: InstanceWanted, recorded: BuildxInstance | undefined, logger: Logger, env: NodeJS.ProcessEnv = process.env): boolean {
  const { name } = wanted
  const endpoint = defaultEndpoint(env)
  if (endpoint === undefined) return false
  const restorable = restorableInstance(recorded, { name, endpoint, driverOpts: wanted.driverOpts, buildkitdConfig: wanted.buildkitdConfig })
  if (!restorable.ok) {
    if (recorded) logger.info(`buildx's kept record of builder ${name} not restored (${restorable.reason}); buildx create runs (a live node keeps its config)`)
    return false
  }
  try {
    fs.mkdirSync(path.dirname(instanceFile(name, env)), { recursive: true })
    // buildx's own files are its user's alone (0600), as buildx writes them.
    writeFileAtomic(instanceFile(name, env), restorable.json, 0o600)
    writeFileAtomic(path.join(buildxConfigDir(env), 'current'), currentFileFor(name, endpoint), 0o600)
    return true
  } catch {
    fs.rmSync(instanceFile(name, env), { force: true })
    return false
  }
}
