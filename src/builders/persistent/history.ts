import type { DockerCli } from '../../docker-cli.js'
import { historyArgs } from './buildx-args.js'
import { parseHistory, type BuildSteps } from './buildx-output.js'

/** This job's builds on the builder with their cached steps; undefined where buildx has no build history (0.13). */
export async function buildSteps(cli: DockerCli, name: string, sinceMs: number): Promise<BuildSteps[] | undefined> {
  const result = await cli(historyArgs(name))
  return result.code === 0 ? parseHistory(result.stdout, sinceMs) : undefined
}
