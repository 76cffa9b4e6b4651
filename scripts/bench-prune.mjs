// Builder pruning benchmark: N stale builders (each with its _state volume),
// removed by the bundled action's pre step against the folk one-at-a-time
// loop (`docker rm -f <name>; docker volume rm <name>_state` per builder).
// Runs alternate A B A B on the same engine; medians and the ratio are printed
// and written to bench/prune-results.md.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { builderFlags, builderName, containerNames } from './lib/builders.mjs'
import { BASE_IMAGE, ensureEngine, run } from './lib/docker.mjs'
import { eventFor, PROJECT_ROOT, runJob } from './lib/runner-emulation.mjs'
import { machineLine, median } from './lib/stats.mjs'

const CONCURRENCY = 8

async function createStaleBuilders(count) {
  const names = Array.from({ length: count }, builderName)
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    await Promise.all(
      names.slice(i, i + CONCURRENCY).map(
        (name) =>
          new Promise((resolve, reject) => {
            // Labelled for this run: the bundled pre, scoped by the runner emulation, prunes only these.
            const child = spawnSync('docker', ['create', ...builderFlags(name), BASE_IMAGE, 'true'])
            if (child.status === 0) resolve(undefined)
            else reject(new Error(child.stderr.toString()))
          })
      )
    )
  }
  return names
}

async function ours() {
  const started = process.hrtime.bigint()
  const job = await runJob({ inputs: { 'cache-mode': 'off', 'builder-max-age': '1s' }, event: eventFor('push') })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (job.status !== 'success') throw new Error(`job failed: ${job.pre?.stdout}`)
  return { seconds, removed: Number(job.outputs['builders-pruned']) }
}

function folkLoop(names) {
  const started = process.hrtime.bigint()
  for (const name of names) {
    run('docker', ['rm', '-f', name])
    run('docker', ['volume', 'rm', `${name}_state`])
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, removed: names.length }
}

/** Times pruning COUNT stale builders, ours against the loop, alternating; returns a markdown section. */
export async function benchPrune({ COUNT = 200, ROUNDS = 3 } = {}) {
  const versions = ensureEngine()
  const timings = { ours: [], loop: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of ['ours', 'loop']) {
      const names = await createStaleBuilders(COUNT)
      await new Promise((resolve) => setTimeout(resolve, 1500)) // past the 1 s grace
      const result = variant === 'ours' ? await ours() : folkLoop(names)
      const left = names.filter((name) => containerNames().has(name))
      if (left.length > 0 || result.removed < COUNT) throw new Error(`${variant}: ${left.length} builders left, ${result.removed} removed`)
      timings[variant].push(result.seconds)
      console.log(`round ${round} ${variant}: ${result.seconds.toFixed(2)} s for ${COUNT} builders`)
    }
  }

  const ratio = median(timings.loop) / median(timings.ours)
  const table = [
    `## Builder pruning: ${COUNT} stale builders with volumes`,
    '',
    `Made by \`npm run bench:prune\` (BUILDERS=${COUNT} ROUNDS=${ROUNDS}) on ${new Date().toISOString().slice(0, 10)}: ` + `${machineLine(versions)}.`,
    'Runs alternate ours / loop; "ours" is the whole bundled pre + main + post job through the runner emulation (node start-up included).',
    '',
    '| variant | median seconds | runs |',
    '|---|---|---|',
    `| ours (two batch calls) | ${median(timings.ours).toFixed(2)} | ${timings.ours.map((t) => t.toFixed(2)).join(', ')} |`,
    `| one-at-a-time loop | ${median(timings.loop).toFixed(2)} | ${timings.loop.map((t) => t.toFixed(2)).join(', ')} |`,
    '',
    `Ratio (loop / ours): **${ratio.toFixed(1)}x**.`,
    ''
  ].join('\n')
  return table
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table = await benchPrune({ COUNT: Number(process.env.BUILDERS ?? 200), ROUNDS: Number(process.env.ROUNDS ?? 3) })
  fs.mkdirSync(path.join(PROJECT_ROOT, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(PROJECT_ROOT, 'bench', 'prune-results.md'), table)
  console.log('\n' + table)
}
