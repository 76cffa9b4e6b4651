import { builderCacheTotal, type CacheTotal } from '../builders/persistent/cache-total.js'
import type { Inputs } from '../config/inputs.js'
import { dockerCli } from '../runner/exec.js'
import type { JobState } from '../runner/state.js'
import type { JobContext, Reporter } from '../runner-port.js'
import { readExported, updateExported } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { checkDescriptor, findTag, readIndex } from '../store/oci.js'
import type { BuilderState } from './builder-attach-step.js'
import { keptCopyImport, storeCopyDecision, withoutLocalEntries, withoutLocalExport, type PreparedImage } from './main-plan.js'
import { errorMessage } from '../error-message.js'

/** What main prepared: each image's entries, the state post needs, the store's folder. */
export interface Prepared {
  images: PreparedImage[]
  state: JobState
  cacheDir: string
}

/** What the store's copy of `tag` holds, as the job's snapshot has it; undefined when it cannot be read whole. */
function copyBytes(snapshotDir: string, tag: string): number | undefined {
  try {
    const snapshot = storeLayout(snapshotDir)
    const entry = findTag(readIndex(snapshot.index), tag)
    const check = entry ? checkDescriptor(snapshot.blobs, entry) : undefined
    return check?.state === 'intact' ? check.bytes : undefined
  } catch {
    return undefined
  }
}

/**
 * On a re-attached persistent builder, an image whose store copy is younger
 * than store-refresh builds without the local cache-to (storeCopyDecision);
 * its local cache-from stays only when the builder lost the cache
 * (keptCopyImport, from `measured`: the builder's cache as pre's probe or
 * main found it (measuredCache), asked again here only when its node was down
 * then, as attach has started it since). Post
 * then promotes nothing for it and only marks the scope used.
 */
export async function keepStoreCopy(
  prepared: Prepared,
  inputs: Inputs,
  builder: BuilderState,
  measured: Promise<CacheTotal> | undefined,
  runner: Reporter & JobContext
): Promise<Prepared> {
  const exports = prepared.state.exports ?? []
  if (!prepared.state.storeRoot || exports.length !== prepared.images.length) return prepared
  const exported = readExported(storeLayout(prepared.state.storeRoot))
  const nowMs = runner.now()
  const decisions = exports.map(({ writeTag, baseDigest }) =>
    storeCopyDecision({
      builder: builder.how,
      freshBuild: inputs.freshBuild,
      writeTag,
      inStore: Boolean(baseDigest),
      exportedAtMs: writeTag ? exported.get(writeTag) : undefined,
      nowMs,
      refreshMs: inputs.storeRefreshMs
    })
  )
  if (decisions.every((decision) => decision.export)) return prepared
  const first = await (measured ?? builderCacheTotal(dockerCli, builder.name))
  const builderBytes = first.bytes ?? (first.nodeDown ? (await builderCacheTotal(dockerCli, builder.name)).bytes : undefined)
  const imports = decisions.map((decision, i) => {
    if (decision.export) return true
    const { snapshotDir, writeTag = '' } = exports[i]
    const kept = keptCopyImport(builder.name, builderBytes, copyBytes(snapshotDir, writeTag))
    runner.info(`${decision.reason}; ${kept.reason}`)
    return kept.import
  })
  const entriesOf = (image: PreparedImage, i: number) =>
    decisions[i].export ? image.entries : imports[i] ? withoutLocalExport(image.entries) : withoutLocalEntries(image.entries)
  return {
    ...prepared,
    images: prepared.images.map((image, i) => ({ ...image, entries: entriesOf(image, i) })),
    state: { ...prepared.state, exports: exports.map((entry, i) => (decisions[i].export ? entry : { ...entry, kept: true })) }
  }
}

/**
 * fresh-build cleared the whole builder, so it holds no scope's cache now:
 * every store copy is dated stale (`.meta/exported.json` at the epoch), and
 * the next build of each imports and exports it instead of keeping a copy the
 * builder no longer backs (its cache may still look full: this build refills
 * it). This job's own scope is dated again by its post's export.
 */
export async function forgetHeldCopies(storeRoot: string, runner: Reporter): Promise<void> {
  const layout = storeLayout(storeRoot)
  try {
    await withStoreLock(layout, runner, (lock) => updateExported(lock, layout, [...readExported(layout).keys()], 0))
  } catch (error) {
    runner.warning(
      `fresh-build: the store's copies were not marked for a refresh (${errorMessage(error)}); other scopes may build without them for up to store-refresh`
    )
  }
}
