import path from 'node:path'
import { DOCKER_HUB, DOCKER_HUB_NAMES } from './reference.js'

/** The parts of Docker's `config.json` that say how to log in to a registry. */
export interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string } | undefined>
  credsStore?: string
  credHelpers?: Record<string, string>
}

export interface Credentials {
  username: string
  password: string
}

/** Where the credentials for one host come from, decided from the config alone. */
export type CredentialSource =
  | { kind: 'config'; credentials: Credentials }
  /** `docker-credential-<helper> get`, given `serverUrl` on its standard input. */
  | { kind: 'helper'; helper: string; serverUrl: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'none' }

// docker login stores Docker Hub under its v1 index URL, whatever name the user gave.
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/'

/** The job's Docker configuration file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` (as the docker CLI reads it). */
export function dockerConfigPath(env: NodeJS.ProcessEnv, homedir: string): string {
  return env.DOCKER_CONFIG ? path.join(env.DOCKER_CONFIG, 'config.json') : path.join(env.HOME || homedir, '.docker', 'config.json')
}

/** A config key (`https://git.example.com/v2/`, `git.example.com`, `http://127.0.0.1:5000`) as the bare host it names. */
export function hostOfKey(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return DOCKER_HUB_NAMES.has(host) ? DOCKER_HUB : host
}

function decodeAuth(auth: string): Credentials | undefined {
  const text = Buffer.from(auth, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0) return undefined
  return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\n$/, '') }
}

/**
 * How the docker CLI would find credentials for `host`: a per-host helper
 * first, then the file's own `auths` entry, then the default store helper.
 * The file entry is taken before the store so a `docker/login-action` login
 * written to the file is used even where a store is configured but absent.
 */
export function findCredentials(config: DockerConfig, host: string): CredentialSource {
  const wanted = hostOfKey(host)
  const serverUrl = wanted === DOCKER_HUB ? DOCKER_HUB_KEY : wanted
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOfKey(key) === wanted)?.[1]
  if (helper) return { kind: 'helper', helper, serverUrl }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOfKey(key) === wanted)?.[1]
  if (entry?.auth) {
    const credentials = decodeAuth(entry.auth)
    if (credentials) return { kind: 'config', credentials }
    return { kind: 'unsupported', reason: `the auth entry for ${wanted} in the Docker config is not base64 of user:password` }
  }
  if (entry?.username && entry.password) return { kind: 'config', credentials: { username: entry.username, password: entry.password } }
  if (entry?.identitytoken) {
    return { kind: 'unsupported', reason: `the Docker config holds an identity token for ${wanted}, which this action does not use` }
  }
  if (config.credsStore) return { kind: 'helper', helper: config.credsStore, serverUrl }
  return { kind: 'none' }
}

/** A credential helper's answer (`{"ServerURL","Username","Secret"}`); `<token>` as user means an identity token. */
export function parseHelperOutput(text: string): Credentials | { unsupported: string } | undefined {
  let parsed: { Username?: unknown; Secret?: unknown }
  try {
    parsed = JSON.parse(text) as typeof parsed
  } catch {
    return undefined
  }
  if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string' || parsed.Secret === '') return undefined
  if (parsed.Username === '<token>') return { unsupported: 'the credential helper returned an identity token, which this action does not use' }
  return { username: parsed.Username, password: parsed.Secret }
}

/** Helper names become a program name: anything but a plain word is refused. */
export function helperProgram(helper: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper) ? `docker-credential-${helper}` : undefined
}
