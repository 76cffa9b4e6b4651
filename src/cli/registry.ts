import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { InputError, validRegistryRef } from '../config/inputs.js'
import { formatBytes } from '../config/units.js'
import { RegistryClient } from '../registry/client.js'
import { dockerConfigPath } from '../registry/credentials.js'
import { dockerLogin } from '../registry/docker-login.js'
import { listScopes, type ScopeEntry } from '../registry/listing.js'
import { shortDigest } from '../oci/manifest.js'
import { parseRegistryRef } from '../registry/reference.js'
import { removeScopes } from '../registry/scopes.js'
import { removalWords } from '../report/removal-words.js'
import { isValidTag } from '../scopes/tag.js'
import { EXIT } from './exit.js'
import { formatTable } from '../report/table-text.js'
import type { CliIo } from './io.js'

export const REGISTRY_HELP = `Usage: registry list --ref REF [--insecure] [--json]
       registry rm --ref REF --scope S [--scope S2 ...] [--insecure] [--dry-run]
  list: every scope (tag) of the cache repository REF, its manifest digest and the bytes
  of the blobs the manifest references (config and layers, as the manifest declares them).
  rm: deletes scopes. A manifest is deleted by digest only when no tag outside the ones
  given points at it; otherwise only the tag, where the registry can delete a tag, else it
  is kept and rm says why (exit 1). The registry's own garbage collection then reclaims
  the blobs. Credentials come from the Docker config ($DOCKER_CONFIG or ~/.docker), its
  credential helpers included, as for the action; --insecure as the input registry-insecure.`

// More tags than this are not listed: a cache repository holds one per live scope.
const LIST_LIMIT = 10_000

/** `docker-credential-<name> get`, the server URL on its standard input, as the docker CLI runs it. */
function helperGet(program: string, serverUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => resolve({ code: 127, stdout: '', stderr: error.message }))
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
    child.stdin.on('error', () => {})
    child.stdin.end(serverUrl)
  })
}

function clientFor(ref: string, insecure: boolean, io: CliIo): RegistryClient {
  const repo = parseRegistryRef(ref, { insecure })
  const login = { readFile: (file: string) => fs.readFileSync(file, 'utf8'), helperGet, info: io.err }
  return new RegistryClient(repo, { credentials: () => dockerLogin(repo.host, dockerConfigPath(process.env, os.homedir()), login) })
}

function refFlag(values: Record<string, unknown>): string {
  const ref = (values.ref as string | undefined)?.trim()
  if (!ref) throw new InputError('--ref', '', 'the cache repository is required, such as git.example.com/org/app-cache')
  return validRegistryRef(ref, '--ref')
}

function entryState(entry: ScopeEntry): string {
  if (entry.problem) return entry.problem
  return entry.sharedWith.length > 0 ? `same manifest as ${entry.sharedWith.join(', ')}` : 'ok'
}

async function list(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ref: { type: 'string' }, insecure: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false
  })
  const ref = refFlag(values)
  const listing = await listScopes(clientFor(ref, values.insecure, io), LIST_LIMIT)
  if (listing.state === 'failed') {
    io.err(`${ref}: ${listing.problem}`)
    return EXIT.problems
  }
  const unreadable = listing.scopes.filter((entry) => entry.problem)
  if (values.json) {
    io.out(JSON.stringify({ ref, scopes: listing.scopes, distinctBytes: listing.distinctBytes, truncated: listing.truncated }, null, 2))
  } else if (listing.scopes.length === 0) {
    io.out(`No scopes in ${ref}`)
  } else {
    io.out(
      formatTable(
        ['SCOPE', 'DIGEST', 'SIZE', 'BLOBS', 'STATE'],
        listing.scopes.map((e) => [
          e.scope,
          e.digest ? shortDigest(e.digest) : '-',
          e.bytes === undefined ? '-' : formatBytes(e.bytes),
          e.blobs === undefined ? '-' : String(e.blobs),
          entryState(e)
        ])
      )
    )
    io.out(`${listing.scopes.length} scopes; ${formatBytes(listing.distinctBytes)} in distinct blobs (a blob several scopes share counted once)`)
  }
  if (listing.truncated) io.err(`${ref} holds more than ${LIST_LIMIT} tags: only the first ${LIST_LIMIT} are listed`)
  return unreadable.length > 0 || listing.truncated ? EXIT.problems : EXIT.ok
}

async function rm(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ref: { type: 'string' },
      scope: { type: 'string', multiple: true },
      insecure: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false }
    },
    strict: true,
    allowPositionals: false
  })
  const ref = refFlag(values)
  const scopes = values.scope ?? []
  if (scopes.length === 0) throw new InputError('--scope', '', 'at least one scope (tag) to remove is required, e.g. --scope feature-x')
  for (const scope of scopes) if (!isValidTag(scope)) throw new InputError('--scope', scope, 'a tag is allowed: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}')
  const results = await removeScopes(clientFor(ref, values.insecure, io), scopes, values['dry-run'])
  let failed = 0
  for (const { tag, removal } of results) {
    // A warning means the scope is still there although rm was asked to remove it.
    const { line, warning } = removalWords(`${ref}:${tag}`, removal)
    io.out(line)
    if (warning) failed += 1
  }
  return failed > 0 ? EXIT.problems : EXIT.ok
}

/** `registry list|rm`: a registry cache seen and pruned by hand, by the rules post uses. */
export function registryCommand(io: CliIo, args: string[]): Promise<number> {
  const [sub = '', ...rest] = args
  if (sub === 'list') return list(io, rest)
  if (sub === 'rm') return rm(io, rest)
  io.err(`${sub ? `Unknown registry command '${sub}'` : 'registry needs a command, list or rm'}.\n\n${REGISTRY_HELP}`)
  return Promise.resolve(EXIT.usage)
}
