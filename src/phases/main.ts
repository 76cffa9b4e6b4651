import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import * as core from '@actions/core'
import { bakeDefinition, bakeFilePath, planImages, type ImagePlan } from '../backends/bake.js'
import { NO_ENTRIES, type CacheEntries } from '../backends/cache-entries.js'
import { planEntries } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { STATE_KEYS, type MainOutputs } from '../config/names.js'
import { readEventContext } from '../runner/event.js'
import { getInputs } from '../runner/inputs.js'
import { report } from '../runner/report.js'
import { saveJobState, type JobState } from '../runner/state.js'
import { withStoreLock } from '../store/lock.js'
import { createSnapshot, importableTags, snapshotName, type Snapshot } from '../store/snapshot.js'
import { openStore } from '../store/store.js'
import { volumePersistenceProblem } from '../store/volume.js'
import { attachStep, retireStep } from './builder-step.js'
import { removeClosedScope } from './closed-pull-request.js'
import { pruneStep } from './prune-step.js'
import { lookUpRegistryCache } from './registry-cache.js'

/** Writes the bake definition where the job can read it (see bakeFilePath) and returns its path. */
function writeBakeFile(images: PreparedImage[], jobId: string): string {
  const file = bakeFilePath(process.env, os.tmpdir(), jobId)
  const definition = bakeDefinition(images.map(({ target, entries }) => ({ target: target ?? '', entries })))
  fs.writeFileSync(file, JSON.stringify(definition, null, 2) + '\n', { mode: 0o600 })
  core.info(`Bake file ${file}: cache entries for ${images.map(({ target }) => target).join(', ')}`)
  return file
}

function bakeRows(backend: string, images: ImagePlan[], prepared: Prepared, remote: boolean): Array<[string, string]> {
  return [
    ['backend', backend],
    ...images.map(({ target, plan }, i): [string, string] => {
      const restored = remote ? 'decided by the backend at build time' : prepared.images[i].restoredTag || 'cold'
      return [`target ${target}`, `writes ${plan.writeTag ?? '(read-only)'}; restored ${restored}`]
    }),
    ['bake-file', prepared.state.bakeFile ?? '']
  ]
}

const SECRET_OPTIONS = /secret|token|access_key|password/i

/** The cache entries of one image the job builds, and the scope its build will import first ('' when cold). */
interface PreparedImage {
  target?: string
  entries: CacheEntries
  restoredTag: string
}

interface Prepared {
  images: PreparedImage[]
  state: JobState
  cacheDir: string
}

/**
 * Local mode: the store, one snapshot per image (a bake builds its targets at
 * once, and BuildKit's try-only index.json lock fails a build whose neighbour
 * holds it), and entries naming only tags each snapshot can serve.
 */
async function prepareLocal(inputs: Inputs, images: ImagePlan[], jobId: string): Promise<Prepared> {
  const layout = openStore(inputs.volumePath, inputs.repoName)
  const problem = volumePersistenceProblem(inputs.volumePath)
  if (problem) core.warning(problem)
  const snapshots = await withStoreLock(layout, core, () => {
    const made: Snapshot[] = []
    try {
      for (const { target, plan } of images) made.push(createSnapshot(layout, target ? `${jobId}-${target}` : jobId, plan.writeTag, core))
    } catch (error) {
      made.forEach((snapshot) => fs.rmSync(snapshot.dir, { recursive: true, force: true }))
      throw error
    }
    return made
  })
  core.info(`Snapshot ${snapshots.map((snapshot) => snapshot.dir).join(', ')}: ${snapshots[0]?.blobs ?? 0} blobs of ${layout.root} linked`)

  const prepared = images.map(({ target, plan }, i) => {
    const readTags = importableTags(snapshots[i].dir, plan.readTags, core)
    return { target, entries: planEntries(plan, inputs, { snapshotDir: snapshots[i].dir, readTags }), restoredTag: readTags[0] ?? '' }
  })
  return {
    images: prepared,
    cacheDir: layout.root,
    state: {
      backend: 'local',
      storeRoot: layout.root,
      exports: snapshots.map((snapshot, i) => ({ snapshotDir: snapshot.dir, writeTag: images[i].plan.writeTag, baseDigest: snapshot.baseDigest })),
      restoredTags: prepared.map((image) => image.restoredTag).filter(Boolean),
      dryRun: inputs.dryRun,
      retention: {
        maxAgeMs: inputs.maxAge,
        maxSizeBytes: inputs.maxSize,
        defaultBranch: images.length === 1 ? images[0].plan.scopes.defaultBranch : images.map(({ plan }) => plan.scopes.defaultBranch)
      }
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

    const images = planImages(inputs, process.env, readEventContext(process.env, core))
    const plan = images[0].plan
    // The runner's messages (gha access) are the same for every bake target: logged once.
    for (const message of plan.messages) core[message.level](message.text)
    if (inputs.cacheMode === 'auto') core.info(`cache-mode auto: using ${plan.backend}`)
    for (const {
      target,
      plan: { scopes, writeTag }
    } of images) {
      const what = target ? `Target ${target}: scope` : 'Scope'
      core.info(`${what} ${scopes.write ?? '(none)'}${writeTag ? '' : ' (read-only)'}; reads ${scopes.read.join(', ') || 'nothing else'} (${scopes.reason})`)
    }
    // A bake job writes one scope per target: the outputs list them, one a line.
    const write = images
      .map(({ plan }) => plan.scopes.write ?? '')
      .filter(Boolean)
      .join('\n')

    // Remote backends hold their scopes themselves; local mode first checks what the snapshot can serve.
    const remote = plan.backend !== 'local'
    const closed = plan.scopes.remove
    const jobId = snapshotName(process.env, randomBytes(4).toString('hex'))
    let prepared: Prepared = {
      images: images.map((image) => ({ target: image.target, entries: remote && !closed ? planEntries(image.plan, inputs) : NO_ENTRIES, restoredTag: '' })),
      state: { backend: plan.backend },
      cacheDir: ''
    }
    const rows: Array<[string, string]> = []
    if (closed) {
      // A closed pull request writes and reads nothing: its scope goes (each bake target's), and a failure to delete it only warns.
      for (const image of images) {
        const tag = image.plan.scopes.remove
        if (!tag) continue
        try {
          const removal = await core.group("Deleting the closed pull request's cache", () => removeClosedScope(inputs, image.plan, tag))
          prepared = { ...prepared, state: { ...prepared.state, ...removal.state }, cacheDir: removal.state.storeRoot ?? prepared.cacheDir }
          rows.push(['deleted', removal.row])
        } catch (error) {
          core.warning(`The cache of the closed pull request was not deleted: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    } else if ((plan.backend === 'registry' || plan.backend === 'inline') && images.length === 1) {
      // Bake targets skip the lookup: build-time import decides there, as for the other remote backends.
      const found = await core.group('Looking up the cache in the registry', () => lookUpRegistryCache(inputs, plan))
      prepared = {
        ...prepared,
        images: [{ ...prepared.images[0], restoredTag: found.restoredTag }],
        state: { backend: plan.backend, writeTag: plan.writeTag, registry: found.state }
      }
    } else if (!remote) {
      try {
        prepared = await core.group('Preparing the local cache store', () => prepareLocal(inputs, images, jobId))
      } catch (error) {
        // The build must not fail because of the cache: it runs uncached instead.
        core.warning(`The local cache is not used for this build: ${error instanceof Error ? error.message : String(error)}`)
      }
    }

    const builder = await attachStep(inputs)
    const bake = inputs.bakeTargets.length > 0 && !closed
    if (bake) prepared.state.bakeFile = writeBakeFile(prepared.images, jobId)
    saveJobState({ ...prepared.state, builder })
    // A bake job's entries are in the bake file; the plain outputs then stay empty, so no build writes an unprefixed scope.
    const plain = bake ? { entries: NO_ENTRIES, restoredTag: '' } : prepared.images[0]
    const restored = prepared.images.map((image) => image.restoredTag).filter(Boolean)
    const outputs: MainOutputs = {
      'cache-from': plain.entries.cacheFrom.join('\n'),
      'cache-to': plain.entries.cacheTo.join('\n'),
      'cache-dir': prepared.cacheDir,
      scope: write,
      'restored-scope': restored.join('\n'),
      'cache-hit': String(restored.length > 0),
      'builders-pruned': String(buildersPruned),
      builder: builder?.name ?? '',
      'bake-file': prepared.state.bakeFile ?? ''
    }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    await report(
      'Build cache',
      bake
        ? bakeRows(plan.backend, images, prepared, remote)
        : [
            ['backend', plan.backend],
            ['scope', plan.writeTag ?? `${write || '(none)'} (read-only)`],
            ['restored', remote && !prepared.state.registry ? 'decided by the backend at build time' : plain.restoredTag || '(cold)'],
            ['cache-from', `${plain.entries.cacheFrom.length} entries`],
            ['cache-to', `${plain.entries.cacheTo.length} entries`],
            ...rows
          ]
    )
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
