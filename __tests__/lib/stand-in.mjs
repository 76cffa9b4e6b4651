// The recording stand-in for `docker` (__fixtures__/stand-in/docker) in a new
// job container: for the suites that need a persistent builder where no BuildKit
// image for the docker-container driver can be pulled.
import path from 'node:path'
import { BASE_IMAGE, run } from '../../scripts/lib/docker.mjs'
import { newJobContainerEnv } from '../../scripts/lib/persistent.mjs'
import { PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'

const STAND_IN = path.join(PROJECT_ROOT, '__fixtures__', 'stand-in')
const REAL_DOCKER = run('sh', ['-c', 'command -v docker']).stdout.trim()

/**
 * A new job container (newJobContainerEnv: its folder and env) whose `docker` is the stand-in:
 * it records every call in `log`, plays `buildx create/inspect/rm/use` for cachekeeper-* builders
 * with real node containers of BASE_IMAGE, and hands everything else to the real docker.
 */
export function standInJobContainer(log, extra = {}) {
  return newJobContainerEnv({ PATH: `${STAND_IN}:${process.env.PATH}`, REAL_DOCKER, STAND_IN_LOG: log, STAND_IN_IMAGE: BASE_IMAGE, ...extra })
}
