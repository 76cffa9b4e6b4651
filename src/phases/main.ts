import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { NO_ENTRIES, type CacheEntries } from '../backends/cache-entries.js'
import { planCache, planEntries, type CachePlan } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { STATE_KEYS, type MainOutputs } from '../config/names.js'
import { readEventContext } from '../runner/event.js'
import { getInputs } from '../runner/inputs.js'
import { report } from '../runner/report.js'
import { saveJobState, type JobState } from '../runner/state.js'
import { withStoreLock } from '../store/lock.js'
import { createSnapshot, importableTags, snapshotName } from '../store/snapshot.js'
import { openStore } from '../store/store.js'
import { volumePersistenceProblem } from '../store/volume.js'
import { attachStep, retireStep } from './builder-step.js'
import { removeClosedScope } from './closed-pull-request.js'
import { pruneStep } from './prune-step.js'
import { lookUpRegistryCache } from './registry-cache.js'

const SECRET_OPTIONS = /secret|token|access_key|password/i

interface Prepared {
  entries: CacheEntries
  state: JobState
  restoredTag: string
  cacheDir: string
}

/** Local mode: the store, this job's snapshot, and entries naming only tags the snapshot can serve. */
async function prepareLocal(inputs: Inputs, plan: CachePlan): Promise<Prepared> {
  const layout = openStore(inputs.volumePath, inputs.repoName)
  const problem = volumePersistenceProblem(inputs.volumePath)
  if (problem) core.warning(problem)
  const jobId = snapshotName(process.env, randomBytes(4).toString('hex'))
  const snapshot = await withStoreLock(layout, core, () => createSnapshot(layout, jobId, plan.writeTag, core))
  core.info(`Snapshot ${snapshot.dir}: ${snapshot.blobs} blobs of ${layout.root} linked`)

  const readTags = importableTags(snapshot.dir, plan.readTags, core)
  return {
    entries: planEntries(plan, inputs, { snapshotDir: snapshot.dir, readTags }),
    restoredTag: readTags[0] ?? '',
    cacheDir: layout.root,
    state: {
      backend: 'local',
      storeRoot: layout.root,
      snapshotDir: snapshot.dir,
      writeTag: plan.writeTag,
      baseDigest: snapshot.baseDigest,
      restoredTag: readTags[0],
      dryRun: inputs.dryRun,
      retention: { maxAgeMs: inputs.maxAge, maxSizeBytes: inputs.maxSize, defaultBranch: plan.scopes.defaultBranch }
    }
  }
}

export async function run(): Promise<void> {
  try {
    const { inputs, warnings } = getInputs()
    warnings.forEach((warning) => core.warning(warning))
    // Credentials passed through cache-options end up in cache-to; the runner masks them wherever they are printed.
    for (const [key, value] of inputs.cacheOptions) if (SECRET_OPTIONS.test(key)) core.setSecret(value)

    const prunedByPre = core.getState(STATE_KEYS.buildersPruned)
    const buildersPruned = prunedByPre !== '' ? Number(prunedByPre) : await pruneStep(inputs)
    if (prunedByPre === '') await retireStep(inputs)

    const plan = planCache(inputs, process.env, readEventContext(process.env, core))
    for (const message of plan.messages) core[message.level](message.text)
    if (inputs.cacheMode === 'auto') core.info(`cache-mode auto: using ${plan.backend}`)
    const { write, read, reason } = plan.scopes
    core.info(`Scope: ${write ?? '(none)'}${plan.writeTag ? '' : ' (read-only)'}; reads ${read.join(', ') || 'nothing else'} (${reason})`)

    // Remote backends hold their scopes themselves; local mode first checks what the snapshot can serve.
    const remote = plan.backend !== 'local'
    const closed = plan.scopes.remove
    let prepared: Prepared = { entries: remote && !closed ? planEntries(plan, inputs) : NO_ENTRIES, state: { backend: plan.backend }, restoredTag: '', cacheDir: '' }
    const rows: Array<[string, string]> = []
    if (closed) {
      // A closed pull request writes and reads nothing: its scope goes, and a failure to delete it only warns.
      try {
        const removal = await core.group('Deleting the closed pull request\'s cache', () => removeClosedScope(inputs, plan, closed))
        prepared = { ...prepared, state: removal.state, cacheDir: removal.state.storeRoot ?? '' }
        rows.push(['deleted', removal.row])
      } catch (error) {
        core.warning(`The cache of the closed pull request was not deleted: ${error instanceof Error ? error.message : String(error)}`)
      }
    } else if (plan.backend === 'registry' || plan.backend === 'inline') {
      const found = await core.group('Looking up the cache in the registry', () => lookUpRegistryCache(inputs, plan))
      prepared = { ...prepared, restoredTag: found.restoredTag, state: { backend: plan.backend, writeTag: plan.writeTag, registry: found.state } }
    } else if (!remote) {
      try {
        prepared = await core.group('Preparing the local cache store', () => prepareLocal(inputs, plan))
      } catch (error) {
        // The build must not fail because of the cache: it runs uncached instead.
        core.warning(`The local cache is not used for this build: ${error instanceof Error ? error.message : String(error)}`)
      }
    }

    const builder = await attachStep(inputs)
    saveJobState({ ...prepared.state, builder })
    const outputs: MainOutputs = {
      'cache-from': prepared.entries.cacheFrom.join('\n'),
      'cache-to': prepared.entries.cacheTo.join('\n'),
      'cache-dir': prepared.cacheDir,
      scope: write ?? '',
      'restored-scope': prepared.restoredTag,
      'cache-hit': String(prepared.restoredTag !== ''),
      'builders-pruned': String(buildersPruned),
      builder: builder?.name ?? ''
    }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    await report('Build cache', [
      ['backend', plan.backend],
      ['scope', plan.writeTag ?? `${write ?? '(none)'} (read-only)`],
      ['restored', remote && !prepared.state.registry ? 'decided by the backend at build time' : prepared.restoredTag || '(cold)'],
      ['cache-from', `${prepared.entries.cacheFrom.length} entries`],
      ['cache-to', `${prepared.entries.cacheTo.length} entries`],
      ...rows
    ])
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
