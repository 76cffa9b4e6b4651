import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { awaitCacheProbe, builderCacheTotal, startCacheProbe, type CacheTotal } from '../builders/persistent/cache-total.js'
import { persistentBuilderName } from '../builders/persistent/name.js'
import type { CacheMode, Inputs } from '../config/inputs.js'
import { STATE_KEYS } from '../config/names.js'
import { dockerCli, startDetached } from '../runner/exec.js'
import type { Reporter, Runner } from '../runner-port.js'
import { errorMessage } from '../error-message.js'

/**
 * Whether the persistent builder still holds its cache, asked in pre and read
 * in main (keepStoreCopy in store-copy-step.ts uses the answer). Apart from
 * store-copy-step so that pre's bundle carries only this.
 */

/** The modes whose plan may keep a store copy on the persistent builder (`auto` may resolve to local). */
const STORE_MODES: readonly CacheMode[] = ['local', 'local+registry', 'auto']
const PROBE_PREFIX = 'cachekeeper-probe-'

/**
 * pre: where main may keep a store copy on the persistent builder, starts the
 * probe of the builder's cache in the background (cache-total.ts) and hands
 * its folder to main. Pre cannot see the event's plan: main drops an answer
 * it does not need. Never throws.
 */
export function startProbeStep(inputs: Inputs, runner: Runner): void {
  if (!inputs.persistentBuilder || inputs.freshBuild || inputs.storeRefreshMs === 0 || !STORE_MODES.includes(inputs.cacheMode)) return
  let dir: string | undefined
  try {
    dir = fs.mkdtempSync(path.join(runner.env.RUNNER_TEMP || os.tmpdir(), PROBE_PREFIX))
    startCacheProbe((args, out, err) => startDetached(args, out, err, runner.env), persistentBuilderName(inputs.repoName), dir)
    runner.saveState(STATE_KEYS.cacheProbe, dir)
  } catch (error) {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
    runner.debug(`The builder's cache was not probed in the background (${errorMessage(error)}); main asks it`)
  }
}

/** How long main waits for pre's answer while the probe still runs (it takes 0.05-0.1 s on an idle host), before asking itself. */
const PROBE_WAIT_MS = 2000

/**
 * main: the builder's cache as pre's probe found it (waited for while it
 * still runs), else asked now (pre did not run, as for `uses: ./`, or gave no
 * answer in time). Pre's folder is removed whether or not the answer is
 * needed (`wanted`).
 */
export function measuredCache(name: string, wanted: boolean, runner: Reporter & Pick<Runner, 'getState'>): Promise<CacheTotal> | undefined {
  const dir = runner.getState(STATE_KEYS.cacheProbe)
  const fromPre = dir !== '' && path.basename(dir).startsWith(PROBE_PREFIX)
  if (!wanted) {
    if (fromPre) fs.rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  return (fromPre ? awaitCacheProbe(dir, PROBE_WAIT_MS) : Promise.resolve(undefined)).then((answer) => {
    runner.debug(
      answer ? `The builder's cache as pre's probe found it: ${answer.bytes ?? 'unknown'} bytes` : "No answer from pre's probe: main asks the builder"
    )
    return answer ?? builderCacheTotal(dockerCli, name)
  })
}
