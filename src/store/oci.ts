import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { errorMessage } from '../error-message.js'
import { manifestChildren, MANIFEST_TYPES, MAX_MANIFEST_BYTES, type Descriptor } from '../oci/manifest.js'
import { digestHex } from './layout.js'
import { readRegularFile, readRegularFileBytes } from './no-follow.js'

export interface OciIndex {
  schemaVersion: number
  mediaType?: string
  manifests: Descriptor[]
}

export const TAG_ANNOTATION = 'org.opencontainers.image.ref.name'
const NESTED_TYPES = new Set(MANIFEST_TYPES)
const MAX_DEPTH = 4
// A check stats every descriptor it meets, repeats included. BuildKit's caches list hundreds to a few thousand;
// a store listing more (one child repeated over and over) is built to stall main, post and the cron gc.
const MAX_DESCRIPTORS_PER_CHECK = 100_000

export class CorruptIndexError extends Error {}

export function parseIndex(text: string): OciIndex {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new CorruptIndexError(`index.json is not JSON: ${errorMessage(error)}`)
  }
  const index = parsed as Partial<OciIndex>
  if (typeof index !== 'object' || index === null || !Array.isArray(index.manifests ?? [])) {
    throw new CorruptIndexError('index.json has no manifests list')
  }
  return { ...index, schemaVersion: index.schemaVersion ?? 2, manifests: index.manifests ?? [] }
}

/**
 * Reads `index.json` of an OCI layout; an absent file is an empty index. Never
 * follows a symlink, and never blocks on a FIFO planted there.
 */
export function readIndex(file: string): OciIndex {
  let text: string
  try {
    text = readRegularFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { schemaVersion: 2, manifests: [] }
    // Refused without an errno code: a link, FIFO or device stands there, which no writer of an index leaves.
    if (code === undefined) throw new CorruptIndexError(`${file} is not a regular file`)
    throw error
  }
  return parseIndex(text)
}

export function tagOf(descriptor: Descriptor): string | undefined {
  return descriptor.annotations?.[TAG_ANNOTATION]
}

export function findTag(index: OciIndex, tag: string): Descriptor | undefined {
  // BuildKit replaces a tag's entry, so the last one wins should a writer ever leave two.
  return [...index.manifests].reverse().find((descriptor) => tagOf(descriptor) === tag)
}

export function withTag(index: OciIndex, tag: string, descriptor: Descriptor | undefined): OciIndex {
  const others = index.manifests.filter((entry) => tagOf(entry) !== tag)
  return { ...index, manifests: descriptor ? [...others, descriptor] : others }
}

/**
 * A tag's content checked against the layout: `intact` lists every blob it
 * references; `broken` means a blob is missing, has the wrong size, or is a
 * manifest whose bytes do not hash to its digest or do not parse (the tag
 * cannot be used and may be dropped); `unreadable` means an I/O error kept us
 * from telling, so nothing may be concluded from it (GC must not sweep).
 */
export type TagCheck =
  { state: 'intact'; blobs: Map<string, number>; bytes: number } | { state: 'broken'; problem: string } | { state: 'unreadable'; problem: string }

class Broken extends Error {}

/** An I/O error other than "not there" (EIO, EACCES, ...), with the path it happened on. */
export class Unreadable extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
    verb = 'read'
  ) {
    super(`could not ${verb} ${file}: ${(cause as NodeJS.ErrnoException).code ?? errorMessage(cause)}`)
  }
}

export type DescriptorCheck = (descriptor: Descriptor) => TagCheck

/** Checks each distinct entry once: retention and GC of one maintenance pass share the results. */
export function memoizedCheck(blobsDir: string): DescriptorCheck {
  const results = new Map<string, TagCheck>()
  return (descriptor) => {
    const key = `${descriptor.digest}:${descriptor.size}:${descriptor.mediaType}`
    const cached = results.get(key)
    if (cached) return cached
    const result = checkDescriptor(blobsDir, descriptor)
    results.set(key, result)
    return result
  }
}

/**
 * Reads a manifest or index blob whole (they are small) and holds it to its
 * digest: a half-copied volume or a disk error can leave the right size with
 * the wrong bytes, and such a manifest must make its tag broken, not unreadable.
 */
function readManifest(file: string, descriptor: Descriptor, hex: string): Descriptor[] {
  let data: Buffer
  try {
    data = readRegularFileBytes(file)
  } catch (error) {
    // Refused without an errno code: swapped for a FIFO or a link after the stat; read, it would block or leave the store.
    if ((error as NodeJS.ErrnoException).code === undefined) throw new Broken(`blob ${descriptor.digest} is not a regular file`)
    throw new Unreadable(file, error)
  }
  if (createHash('sha256').update(data).digest('hex') !== hex) throw new Broken(`manifest ${descriptor.digest} does not match its digest`)
  let parsed: unknown
  try {
    parsed = JSON.parse(data.toString('utf8'))
  } catch (error) {
    throw new Broken(`manifest ${descriptor.digest} is not a manifest: ${errorMessage(error)}`)
  }
  const children = manifestChildren(parsed)
  if (!children) throw new Broken(`manifest ${descriptor.digest} is not a manifest: no manifests or layers list`)
  // Each child is held to a descriptor's shape where the walk visits it.
  return children as Descriptor[]
}

/**
 * One check's walk over a tag's graph. Each blob is stat-ed wherever it is
 * listed, but a manifest's children are walked again only when it is reached
 * deeper than before: a shallower visit finds nothing new (its children were
 * checked, and nesting only gets shallower), while a deeper one may cross
 * MAX_DEPTH, so results do not depend on the order of the lists. Without this,
 * five manifests listing each other 300 times over four levels took hours.
 */
class Walk {
  readonly blobs = new Map<string, number>()
  bytes = 0
  private visited = 0
  /** Manifest hex -> the deepest level its children were walked from. */
  private readonly walkedAt = new Map<string, number>()
  private readonly children = new Map<string, Descriptor[]>()

  constructor(private readonly blobsDir: string) {}

  visit(descriptor: Descriptor, depth: number): void {
    this.visited += 1
    if (this.visited > MAX_DESCRIPTORS_PER_CHECK)
      throw new Broken(`lists more than ${MAX_DESCRIPTORS_PER_CHECK} descriptors (repeats included): not checked further`)
    const hex = digestHex(descriptor?.digest)
    if (!hex || typeof descriptor.size !== 'number') throw new Broken(`invalid descriptor ${JSON.stringify(descriptor)}`)
    const file = path.join(this.blobsDir, hex)
    const size = this.sizeOf(file, descriptor)
    if (!this.blobs.has(hex)) this.bytes += size
    this.blobs.set(hex, size)
    if (!NESTED_TYPES.has(descriptor.mediaType ?? '')) return
    if (depth >= MAX_DEPTH) throw new Broken(`manifests nested deeper than ${MAX_DEPTH}`)
    if ((this.walkedAt.get(hex) ?? -1) >= depth) return
    this.walkedAt.set(hex, depth)
    if (size > MAX_MANIFEST_BYTES) throw new Broken(`manifest ${descriptor.digest} has ${size} bytes, more than a manifest can have`)
    let children = this.children.get(hex)
    if (!children) this.children.set(hex, (children = readManifest(file, descriptor, hex)))
    for (const child of children) this.visit(child, depth + 1)
  }

  /** The blob's size, held to its descriptor's. */
  private sizeOf(file: string, descriptor: Descriptor): number {
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Broken(`blob ${descriptor.digest} is missing`)
      throw new Unreadable(file, error)
    }
    if (!stat.isFile()) throw new Broken(`blob ${descriptor.digest} is not a regular file`)
    if (stat.size !== descriptor.size) throw new Broken(`blob ${descriptor.digest} has ${stat.size} bytes, its descriptor says ${descriptor.size}`)
    return stat.size
  }
}

/**
 * Checks one index entry: every referenced blob exists with the descriptor's
 * size (a stat each); manifests, read anyway to find their children, are also
 * hashed. Layers are not hashed: that is `check --verify-digests`.
 */
export function checkDescriptor(blobsDir: string, root: Descriptor): TagCheck {
  const walk = new Walk(blobsDir)
  try {
    walk.visit(root, 0)
    return { state: 'intact', blobs: walk.blobs, bytes: walk.bytes }
  } catch (error) {
    if (error instanceof Broken) return { state: 'broken', problem: error.message }
    return { state: 'unreadable', problem: errorMessage(error) }
  }
}
