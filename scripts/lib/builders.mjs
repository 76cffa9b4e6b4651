// @ts-check
// Real containers and volumes named exactly as buildx names them, for the pruning tests and benchmark.
// Each carries this test run's label (scripts/lib/test-run.mjs), so the product's pruning, scoped to
// that label in every process the tests start, can only ever remove what the run created.
import { randomUUID } from 'node:crypto'
import { BASE_IMAGE, run } from './docker.mjs'
import { RUN_LABEL } from './test-run.mjs'

export const builderName = () => `buildx_buildkit_builder-${randomUUID()}0`

/**
 * `docker run/create` flags: the run's label on the container, and the `_state` volume
 * mounted like BuildKit's, created with the same label.
 * @param {string} name
 * @param {{ volume?: boolean, label?: string | null }} options  label null: a look-alike this run does not own
 */
export function builderFlags(name, { volume = true, label = RUN_LABEL } = {}) {
  const labels = label ? ['--label', label] : []
  const mount = volume ? ['--mount', `type=volume,src=${name}_state,dst=/var/lib/buildkit${label ? `,volume-label=${label}` : ''}`] : []
  return ['--name', name, ...labels, ...mount]
}

/**
 * A builder container in the given state.
 * @param {'running' | 'exited' | 'created'} state
 * @param {string} [name]
 * @param {{ volume?: boolean, label?: string | null }} [options]
 */
export function createBuilder(state, name = builderName(), options = {}) {
  const flags = builderFlags(name, options)
  if (state === 'running') run('docker', ['run', '-d', '--restart', 'unless-stopped', ...flags, BASE_IMAGE, 'sleep', '86400'])
  else if (state === 'exited') run('docker', ['run', ...flags, BASE_IMAGE, 'true'])
  else if (state === 'created') run('docker', ['create', ...flags, BASE_IMAGE, 'true'])
  else throw new Error(`unknown state ${String(state)}`)
  return name
}

/**
 * @param {string} name
 * @param {{ label?: string | null }} [options]
 */
export function createVolume(name, { label = RUN_LABEL } = {}) {
  run('docker', ['volume', 'create', ...(label ? ['--label', label] : []), name])
  return name
}

export function containerNames() {
  return new Set(run('docker', ['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').filter(Boolean))
}

export function volumeNames() {
  return new Set(run('docker', ['volume', 'ls', '--format', '{{.Name}}']).stdout.split('\n').filter(Boolean))
}

/**
 * @param {string[]} [containers]
 * @param {string[]} [volumes]
 */
export function removeQuietly(containers = [], volumes = []) {
  if (containers.length) run('docker', ['rm', '-f', ...containers], { allowFailure: true })
  if (volumes.length) run('docker', ['volume', 'rm', '-f', ...volumes], { allowFailure: true })
}
