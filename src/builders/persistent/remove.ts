import type { DockerCli } from '../../docker-cli.js'
import type { Logger } from '../../log.js'
import { existsArgs, rmArgs } from './buildx-args.js'
import { builderContainer, builderStateVolume } from '../buildx-names.js'

/** Drops whatever is left of a builder: buildx's record, the container and its state (the local store holds the cache). */
export async function removeBuilder(cli: DockerCli, name: string): Promise<void> {
  await cli(rmArgs(name))
  await cli(['rm', '-f', builderContainer(name)])
  await cli(['volume', 'rm', '-f', builderStateVolume(name)])
}

/** Removes an unused builder; false (with a warning) when its container is still there afterwards. */
export async function retireBuilder(cli: DockerCli, name: string, logger: Logger): Promise<boolean> {
  await removeBuilder(cli, name)
  if ((await cli(existsArgs(name))).code !== 0) return true
  logger.warning(`Unused builder ${name} could not be removed; it is tried again by the next job`)
  return false
}
