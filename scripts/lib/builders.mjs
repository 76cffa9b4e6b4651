// Real containers and volumes named exactly as buildx names them, for the pruning tests and benchmark.
import { randomUUID } from 'node:crypto'
import { BASE_IMAGE, run } from './docker.mjs'

export const builderName = () => `buildx_buildkit_builder-${randomUUID()}0`

/** A builder container in the given state, with its `_state` volume mounted like BuildKit's. */
export function createBuilder(state, name = builderName(), { volume = true } = {}) {
  const mount = volume ? ['-v', `${name}_state:/var/lib/buildkit`] : []
  if (state === 'running') run('docker', ['run', '-d', '--restart', 'unless-stopped', '--name', name, ...mount, BASE_IMAGE, 'sleep', '86400'])
  else if (state === 'exited') run('docker', ['run', '--name', name, ...mount, BASE_IMAGE, 'true'])
  else if (state === 'created') run('docker', ['create', '--name', name, ...mount, BASE_IMAGE, 'true'])
  else throw new Error(`unknown state ${state}`)
  return name
}

export function createVolume(name) {
  run('docker', ['volume', 'create', name])
  return name
}

export function containerNames() {
  return new Set(run('docker', ['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').filter(Boolean))
}

export function volumeNames() {
  return new Set(run('docker', ['volume', 'ls', '--format', '{{.Name}}']).stdout.split('\n').filter(Boolean))
}

export function removeQuietly(containers = [], volumes = []) {
  if (containers.length) run('docker', ['rm', '-f', ...containers], { allowFailure: true })
  if (volumes.length) run('docker', ['volume', 'rm', '-f', ...volumes], { allowFailure: true })
}
