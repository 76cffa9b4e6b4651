import type { DockerCli } from '../../docker-cli.js'
import { createArgs } from './buildx-args.js'
import { failure, isExistingInstance } from './buildx-output.js'

/**
 * Makes this buildx configuration's record of a builder another one made (a
 * job container's buildx knows only its own; the host's CLI knows none),
 * without --use, as main would make it; buildx finds the running node
 * container by its name. Call it only when that container exists: a record
 * made without one makes the next call bootstrap a new, empty builder.
 * The problem, or undefined when buildx now knows the builder.
 */
export async function makeKnown(cli: DockerCli, name: string, driverOpts: readonly string[] = []): Promise<string | undefined> {
  const created = await cli(createArgs(name, driverOpts, undefined, false))
  return created.code === 0 || isExistingInstance(created.stderr) ? undefined : `docker buildx create: ${failure(created)}`
}
