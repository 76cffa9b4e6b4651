import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { cacheEntries, ghaUnavailableReason, resolveBackend, type CacheEntries } from '../backends/cache-entries.js'
import type { Inputs } from '../config/inputs.js'
import { formatBytes } from '../config/units.js'
import { readEventContext } from '../runner/event.js'
import { getInputs } from '../runner/inputs.js'
import { report } from '../runner/report.js'
import { saveJobState, type JobState } from '../runner/state.js'
import { planScopes, type ScopePlan } from '../scopes/event.js'
import { withStoreLock } from '../store/lock.js'
import { createSnapshot, importableTags, snapshotName } from '../store/snapshot.js'
import { openStore, storeUsage } from '../store/store.js'
import { volumePersistenceProblem } from '../store/volume.js'
import { pruneStep, PRUNED_STATE } from './prune-step.js'

// The tag a plain `type=local,dest=<dir>` export writes: read last, so a store made by the folk recipe is warm at once.
const LEGACY_TAG = 'latest'

interface Prepared {
  entries: CacheEntries
  state: JobState
  restoredTag: string
  cacheDir: string
}

/** Local mode: the store, this job's snapshot, and entries naming only tags the snapshot can serve. */
async function prepareLocal(inputs: Inputs, plan: ScopePlan, writeTag: string | undefined): Promise<Prepared> {
  const layout = openStore(inputs.volumePath, inputs.repoName)
  const problem = volumePersistenceProblem(inputs.volumePath)
  if (problem) core.warning(problem)
  const jobId = snapshotName(process.env, randomBytes(4).toString('hex'))
  const snapshot = await withStoreLock(layout, core, () => createSnapshot(layout, jobId, writeTag, core))
  core.info(`Snapshot ${snapshot.dir}: ${snapshot.blobs} blobs linked`)

  const candidates = [...(writeTag ? [writeTag] : []), ...plan.read]
  if (!inputs.key && !candidates.includes(LEGACY_TAG)) candidates.push(LEGACY_TAG)
  const readTags = importableTags(snapshot.dir, candidates, core)
  const entries = cacheEntries('local', {
    repoName: inputs.repoName,
    writeTag,
    readTags,
    mode: inputs.mode,
    ignoreError: inputs.ignoreError,
    options: inputs.cacheOptions,
    snapshotDir: snapshot.dir
  })
  const usage = storeUsage(layout)
  core.info(`Store ${layout.root}: ${usage.blobs} blobs, ${formatBytes(usage.bytes)}`)
  return {
    entries,
    restoredTag: readTags[0] ?? '',
    cacheDir: layout.root,
    state: {
      backend: 'local',
      storeRoot: layout.root,
      snapshotDir: snapshot.dir,
      writeTag,
      baseDigest: snapshot.baseDigest,
      restoredTag: readTags[0],
      dryRun: inputs.dryRun
    }
  }
}

export async function run(): Promise<void> {
  try {
    const { inputs, warnings } = getInputs()
    warnings.forEach((warning) => core.warning(warning))
    const backend = resolveBackend(inputs.cacheMode, process.env)
    if (inputs.cacheMode === 'auto') core.info(`cache-mode auto: using ${backend}`)
    if (backend === 'gha') {
      const reason = ghaUnavailableReason(process.env)
      if (reason) throw new Error(reason)
    }

    const prunedByPre = core.getState(PRUNED_STATE)
    const buildersPruned = prunedByPre !== '' ? Number(prunedByPre) : await pruneStep(inputs)
    core.setOutput('builders-pruned', String(buildersPruned))

    const plan = planScopes(readEventContext(process.env, core), inputs)
    const writeTag = inputs.readOnly ? undefined : plan.write
    core.info(`Scope: ${plan.write ?? '(none)'}${writeTag ? '' : ' (read-only)'}; reads ${plan.read.join(', ') || 'nothing'} (${plan.reason})`)

    // Remote backends hold every scope themselves; local mode replaces this after checking the snapshot.
    const remote = cacheEntries(backend === 'local' ? 'off' : backend, {
      repoName: inputs.repoName,
      writeTag,
      readTags: plan.read,
      mode: inputs.mode,
      ignoreError: inputs.ignoreError,
      options: inputs.cacheOptions,
      registryRef: inputs.registryRef
    })
    let prepared: Prepared = {
      entries: remote,
      state: { backend },
      restoredTag: '',
      cacheDir: ''
    }
    if (backend === 'local') {
      try {
        prepared = await core.group('Preparing the local cache store', () => prepareLocal(inputs, plan, writeTag))
      } catch (error) {
        // The build must not fail because of the cache: it runs uncached instead.
        core.warning(`The local cache is not used for this build: ${error instanceof Error ? error.message : String(error)}`)
      }
    }

    saveJobState(prepared.state)
    core.setOutput('cache-from', prepared.entries.cacheFrom.join('\n'))
    core.setOutput('cache-to', prepared.entries.cacheTo.join('\n'))
    core.setOutput('cache-dir', prepared.cacheDir)
    core.setOutput('scope', plan.write ?? '')
    core.setOutput('restored-scope', prepared.restoredTag)
    core.setOutput('cache-hit', String(prepared.restoredTag !== ''))
    await report('Build cache', [
      ['backend', backend],
      ['scope', writeTag ?? `${plan.write ?? '(none)'} (read-only)`],
      ['restored', prepared.restoredTag || '(cold)'],
      ['cache-from', String(prepared.entries.cacheFrom.length) + ' entries'],
      ['cache-to', String(prepared.entries.cacheTo.length) + ' entries']
    ])
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
