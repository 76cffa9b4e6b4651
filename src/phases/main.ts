import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bakeDefinition, bakeFilePath, planImages, type ImagePlan } from '../backends/bake.js'
import { NO_ENTRIES } from '../backends/cache-entries.js'
import { planEntries, registryReadTags, type CachePlan } from '../backends/cache-plan.js'
import { persistentBuilderName } from '../builders/persistent/name.js'
import { InputError, type Inputs } from '../config/inputs.js'
import { STATE_KEYS } from '../config/names.js'
import { legacyStoreNotice } from '../config/repo-name.js'
import { actionsRunner } from '../runner/actions.js'
import { readEventContext } from '../runner/event.js'
import { getInputs } from '../runner/inputs.js'
import { saveJobState } from '../runner/state.js'
import { jobWorth } from '../history/worth-state.js'
import type { JobContext, Reporter, Runner } from '../runner-port.js'
import { removeSnapshot } from '../store/gc.js'
import { withStoreLock } from '../store/lock.js'
import { createSnapshot, importableTags, snapshotName, type Snapshot } from '../store/snapshot.js'
import { openStore } from '../store/store.js'
import { diskStat, volumePersistenceProblem } from '../store/volume.js'
import { hostBudget } from '../host/host-budget.js'
import { attachStep, storeProblem } from './builder-attach-step.js'
import { retireStep } from './builder-retire-step.js'
import { removeEndedScope } from './ended-scope.js'
import { freshImages, mainOutputs, mainReport, planMain, type MainPlan, type PreparedImage } from './main-plan.js'
import { pruneStep } from './prune-step.js'
import { measuredCache } from './cache-probe-step.js'
import { forgetHeldCopies, keepStoreCopy, type Prepared } from './store-copy-step.js'
import { lookUpRegistryCache } from './registry-cache.js'
import { errorMessage } from '../error-message.js'

const SECRET_OPTIONS = /secret|token|access_key|password/i

/**
 * Local mode: the store, one snapshot per image (a bake builds its targets at
 * once, and BuildKit's try-only index.json lock fails a build whose neighbour
 * holds it), and entries naming only tags each snapshot can serve.
 */
async function prepareLocal(inputs: Inputs, images: ImagePlan[], jobId: string, runner: Reporter): Promise<Prepared> {
  const layout = openStore(inputs.volumePath, inputs.repoName)
  // A host budget the volume's disk cannot hold fails here, naming the input, rather than in every post.
  const disk = diskStat(inputs.volumePath)
  if (disk) hostBudget(disk, inputs.hostMaxSize, inputs.hostMinFree)
  const problem = volumePersistenceProblem(inputs.volumePath)
  if (problem) runner.warning(problem)
  const snapshots = await withStoreLock(layout, runner, (lock) => {
    const made: Snapshot[] = []
    try {
      for (const { target, plan } of images) made.push(createSnapshot(lock, layout, target ? `${jobId}-${target}` : jobId, plan.writeTag, runner))
    } catch (error) {
      made.forEach((snapshot) => removeSnapshot(layout, snapshot.dir))
      throw error
    }
    return made
  })
  runner.info(`Snapshot ${snapshots.map((snapshot) => snapshot.dir).join(', ')}: ${snapshots[0]?.blobs ?? 0} blobs of ${layout.root} linked`)

  const prepared = images.map(({ target, plan }, i): PreparedImage => {
    const readTags = importableTags(snapshots[i].dir, plan.readTags, runner)
    return { target, entries: planEntries(plan, inputs, { snapshotDir: snapshots[i].dir, readTags }), restoredTag: readTags[0] ?? '', restoredTier: 'local' }
  })
  return {
    images: prepared,
    cacheDir: layout.root,
    state: {
      backend: images[0].plan.backend,
      storeRoot: layout.root,
      exports: snapshots.map((snapshot, i) => ({ snapshotDir: snapshot.dir, writeTag: images[i].plan.writeTag, baseDigest: snapshot.baseDigest })),
      restoredTags: prepared.map((image) => image.restoredTag).filter(Boolean),
      dryRun: inputs.dryRun,
      host: { maxSize: inputs.hostMaxSize, minFree: inputs.hostMinFree },
      retention: {
        maxAgeMs: inputs.maxAge,
        maxSizeBytes: inputs.maxSize,
        defaultBranch: images.length === 1 ? images[0].plan.scopes.defaultBranch : images.map(({ plan }) => plan.scopes.defaultBranch)
      }
    }
  }
}

/** How the plan says the cache is prepared; a local store that cannot be used leaves the build uncached, never failed. */
async function prepare(plan: MainPlan, inputs: Inputs, jobId: string, runner: Runner): Promise<Prepared> {
  const entriesOnly = (): Prepared => ({
    images: plan.images.map(({ target, plan: image }) => ({ target, entries: planEntries(image, inputs), restoredTag: '' })),
    state: { backend: plan.backend },
    cacheDir: ''
  })
  switch (plan.prepare) {
    case 'entries':
      return entriesOnly()
    case 'builder-only':
      return { images: plan.images.map(({ target }) => ({ target, entries: NO_ENTRIES, restoredTag: '' })), state: { backend: plan.backend }, cacheDir: '' }
    case 'registry-lookup': {
      const remote = entriesOnly()
      const { plan: image } = plan.images[0]
      const found = await runner.group('Looking up the cache in the registry', () => lookUpRegistryCache(inputs, image, runner))
      return {
        ...remote,
        images: [{ ...remote.images[0], restoredTag: found.restoredTag, restoredTier: 'registry' }],
        state: { backend: plan.backend, writeTag: image.writeTag, registry: found.state }
      }
    }
    case 'local':
      try {
        const local = await runner.group('Preparing the local cache store', () => prepareLocal(inputs, plan.images, jobId, runner))
        return plan.backend === 'local+registry' && plan.images.length === 1 ? await addRegistryTier(inputs, plan.images[0].plan, local, runner) : local
      } catch (error) {
        // A bad input is the workflow's to fix, named as every other bad input is; the volume's troubles only cost the cache.
        if (error instanceof InputError) throw error
        runner.warning(`The local cache is not used for this build: ${errorMessage(error)}`)
        return { images: plan.images.map(({ target }) => ({ target, entries: NO_ENTRIES, restoredTag: '' })), state: { backend: 'local' }, cacheDir: '' }
      }
  }
}

/**
 * local+registry: which scope the registry holds, for a host whose own store
 * is cold (restored-scope then names it, restored-tier says registry), and
 * the registry tag's digest before the build, for post's export check.
 */
async function addRegistryTier(inputs: Inputs, plan: CachePlan, local: Prepared, runner: Runner): Promise<Prepared> {
  const [image] = local.images
  const localTags = image.restoredTag ? [image.restoredTag] : []
  const lookup = { ...plan, writeTag: plan.registryWriteTag, readTags: registryReadTags(plan, localTags) }
  if (!lookup.writeTag && lookup.readTags.length === 0) return local
  const found = await runner.group('Looking up the shared cache in the registry', () => lookUpRegistryCache(inputs, lookup, runner))
  const fromRegistry = !image.restoredTag && found.restoredTag
  return {
    ...local,
    images: [fromRegistry ? { ...image, restoredTag: found.restoredTag, restoredTier: 'registry' } : image],
    state: { ...local.state, registry: found.state, ...(plan.registryWriteTag ? { writeTag: plan.registryWriteTag } : {}) }
  }
}

/** A closed pull request's or a deleted branch's scope goes first (each bake target's); a failure to delete it only warns. */
async function removeEndedScopes(plan: MainPlan, inputs: Inputs, runner: Runner): Promise<{ rows: Array<[string, string]>; removedTag?: string }> {
  const rows: Array<[string, string]> = []
  let removedTag: string | undefined
  for (const { image, tag } of plan.removals) {
    try {
      const removal = await runner.group(`Deleting the ended scope ${tag}`, () => removeEndedScope(inputs, image.plan, tag, runner))
      removedTag = removal.state.removedTag ?? removedTag
      rows.push(['deleted', removal.row])
    } catch (error) {
      runner.warning(`The cache of scope ${tag} was not deleted: ${errorMessage(error)}`)
    }
  }
  return { rows, removedTag }
}

/** Writes the bake definition where the job can read it (see bakeFilePath) and returns its path. */
function writeBakeFile(images: PreparedImage[], jobId: string, runner: Reporter & JobContext): string {
  const file = bakeFilePath(runner.env, os.tmpdir(), jobId)
  const definition = bakeDefinition(images.map(({ target, entries }) => ({ target: target ?? '', entries })))
  fs.writeFileSync(file, JSON.stringify(definition, null, 2) + '\n', { mode: 0o600 })
  runner.info(`Bake file ${file}: cache entries for ${images.map(({ target }) => target).join(', ')}`)
  return file
}

/** A store made under the name older releases derived is not read (another owner's repository may have made it): say how to adopt it. */
function noticeLegacyStore(inputs: Inputs, repoNameGiven: boolean, runner: Reporter & JobContext): void {
  if (repoNameGiven) return
  const notice = legacyStoreNotice(inputs.volumePath, runner.env.GITHUB_REPOSITORY, inputs.repoName, (dir) => fs.existsSync(path.join(dir, 'index.json')))
  if (notice) runner.notice(notice)
}

export async function run(runner: Runner = actionsRunner): Promise<void> {
  try {
    const { inputs, warnings } = getInputs(runner)
    warnings.forEach((warning) => runner.warning(warning))
    // Credentials passed through cache-options end up in cache-to; the runner masks them wherever they are printed.
    for (const [key, value] of inputs.cacheOptions) if (SECRET_OPTIONS.test(key)) runner.setSecret(value)

    const prunedByPre = runner.getState(STATE_KEYS.buildersPruned)
    const buildersPruned = prunedByPre !== '' ? Number(prunedByPre) : await pruneStep(inputs, runner)
    if (prunedByPre === '') await retireStep(inputs, runner)

    // Asked only for the persistent builder: without it, a store on a folder that dies is warned about where it is prepared.
    const facts = inputs.persistentBuilder ? { storeProblem: storeProblem(inputs.volumePath) } : {}
    const plan = planMain(inputs, planImages(inputs, runner.env, readEventContext(runner.env, runner)), facts)
    for (const { level, text } of plan.log) runner[level](text)
    if (plan.prepare === 'local') noticeLegacyStore(inputs, runner.input('repo-name').trim() !== '', runner)

    // Whether the builder still holds its cache: pre's answer, or asked now so the exec runs beside the store's preparation and the attach (keepStoreCopy).
    const keepable = plan.attachBuilder && plan.prepare === 'local' && !inputs.freshBuild && inputs.storeRefreshMs > 0
    const measured = measuredCache(persistentBuilderName(inputs.repoName), keepable, runner)
    const jobId = snapshotName(runner.env, randomBytes(4).toString('hex'))
    const removed = await removeEndedScopes(plan, inputs, runner)
    const ready = await prepare(plan, inputs, jobId, runner)
    const fresh = inputs.freshBuild ? { ...ready, images: freshImages(ready.images), state: { ...ready.state, restoredTags: [] } } : ready
    const builder = plan.attachBuilder ? await attachStep(inputs, runner, facts.storeProblem === undefined) : undefined
    if (builder && inputs.freshBuild && !inputs.dryRun && ready.state.storeRoot) await forgetHeldCopies(ready.state.storeRoot, runner)
    const prepared = plan.prepare === 'local' && builder ? await keepStoreCopy(fresh, inputs, builder, measured, runner) : fresh
    const bakeFile = plan.bake ? writeBakeFile(prepared.images, jobId, runner) : undefined
    saveJobState(runner, { ...prepared.state, removedTag: removed.removedTag, bakeFile, builder, worth: jobWorth(inputs, plan, prepared, builder, runner) })

    const result = {
      images: prepared.images,
      cacheDir: prepared.cacheDir,
      bakeFile,
      builder: builder?.name,
      buildersPruned,
      removalRows: removed.rows,
      registryAsked: prepared.state.registry !== undefined
    }
    for (const [name, value] of Object.entries(mainOutputs(plan, result))) runner.setOutput(name, value)
    await runner.table('Build cache', mainReport(plan, result))
  } catch (error) {
    runner.setFailed(errorMessage(error))
  }
}
