import path from 'node:path'

/** Where everything lives inside one repository's store, `<volume-path>/<repo-name>`. */
export interface StoreLayout {
  root: string
  index: string
  ociLayout: string
  blobs: string
  staging: string
  lock: string
  meta: string
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    index: path.join(root, 'index.json'),
    ociLayout: path.join(root, 'oci-layout'),
    blobs: path.join(root, 'blobs', 'sha256'),
    staging: path.join(root, '.staging'),
    lock: path.join(root, '.lock'),
    meta: path.join(root, '.meta')
  }
}

const DIGEST = /^sha256:([a-f0-9]{64})$/
const BLOB_NAME = /^[a-f0-9]{64}$/

/** The hex part of a sha256 digest, or undefined for anything else (other algorithms, traversal attempts). */
export function digestHex(digest: unknown): string | undefined {
  return typeof digest === 'string' ? DIGEST.exec(digest)?.[1] : undefined
}

export function isBlobName(name: string): boolean {
  return BLOB_NAME.test(name)
}

export const OCI_LAYOUT_CONTENT = '{"imageLayoutVersion":"1.0.0"}'
