// Helpers for the persistent-builder suite and benchmark: a fresh buildx
// configuration per job (what a new job container has), the builder's cache
// size as buildx reports it, and clean-up of the builders a run made.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { run } from './docker.mjs'

/** Set only where a BuildKit image for the docker-container driver exists (never in CI: none can be pulled). */
export const BUILDKIT_IMAGE = process.env.CACHEKEEPER_BUILDKIT_IMAGE ?? ''
/** A buildkitd.toml for that builder (e.g. the local registry over plain HTTP), placed where buildx reads its default. */
export const BUILDKITD_CONFIG = process.env.CACHEKEEPER_BUILDKITD_CONFIG ?? ''
/** FROM image the docker-container builder can pull. */
export const REGISTRY_BASE_IMAGE = process.env.CACHEKEEPER_REGISTRY_BASE_IMAGE ?? '127.0.0.1:5000/cachekeeper-busybox:latest'

/**
 * The docker and buildx configuration of a brand-new job container: empty,
 * but with the CLI plugins of the outer DOCKER_CONFIG (which buildx the run uses)
 * and buildx's default buildkitd.toml when one is given.
 */
export function newJobContainerEnv(extra = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-container-'))
  const dockerConfig = path.join(dir, 'docker')
  const buildxConfig = path.join(dockerConfig, 'buildx')
  fs.mkdirSync(buildxConfig, { recursive: true })
  const plugins = process.env.DOCKER_CONFIG && path.join(process.env.DOCKER_CONFIG, 'cli-plugins')
  if (plugins && fs.existsSync(plugins)) fs.symlinkSync(plugins, path.join(dockerConfig, 'cli-plugins'))
  if (BUILDKITD_CONFIG) fs.copyFileSync(BUILDKITD_CONFIG, path.join(buildxConfig, 'buildkitd.default.toml'))
  return { dir, env: { DOCKER_CONFIG: dockerConfig, BUILDX_CONFIG: buildxConfig, ...extra } }
}

const UNITS = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }

/** docker's human sizes (`13.73MB`, `0B`, decimal units) in bytes. */
export function parseHumanSize(text) {
  const match = /^([0-9.]+)\s*([A-Za-z]+)$/.exec(text.trim())
  if (!match || !(match[2] in UNITS)) throw new Error(`not a size: ${text}`)
  return Number(match[1]) * UNITS[match[2]]
}

/** The builder's whole cache as `docker buildx du` totals it. */
export function builderCacheBytes(builder, env = process.env) {
  const out = run('docker', ['buildx', 'du', '--builder', builder], { env }).stdout
  const total = /^Total:\s*(\S+)/m.exec(out)
  return total ? parseHumanSize(total[1]) : 0
}

export function containerId(name) {
  const result = run('docker', ['container', 'inspect', '--format', '{{.Id}}', name], { allowFailure: true })
  return result.status === 0 ? result.stdout.trim() : undefined
}

/** Removes a persistent builder's node container and state volume (names this run made). */
export function removeNode(builder) {
  run('docker', ['rm', '-f', `buildx_buildkit_${builder}0`], { allowFailure: true })
  run('docker', ['volume', 'rm', '-f', `buildx_buildkit_${builder}0_state`], { allowFailure: true })
}
