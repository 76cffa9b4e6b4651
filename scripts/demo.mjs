// Cold build, builder cache cleared, warm build: the bundled action in the
// runner emulation, its outputs passed to a real `docker buildx build`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { diskUsage, ensureEngine, pruneBuilderCache } from './lib/docker.mjs'
import { buildJob } from './lib/job.mjs'
import { eventFor, PROJECT_ROOT } from './lib/runner-emulation.mjs'
import { readTags } from './lib/store-oracle.mjs'

const versions = ensureEngine()
const volume = process.env.DEMO_VOLUME ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cache-demo-'))
const project = path.join(PROJECT_ROOT, 'examples', 'demo')
const store = path.join(volume, 'acme__app')
console.log(`engine ${versions.engine}, ${versions.buildx}; volume ${volume}`)

const rows = []
for (const run of ['cold', 'warm']) {
  pruneBuilderCache()
  const { job, build } = await buildJob({ volume, project, event: eventFor('push') })
  if (job.status !== 'success') {
    console.error(job.main?.stdout, job.main?.stderr, build?.output)
    throw new Error(`${run} job failed`)
  }
  rows.push([
    run,
    build.seconds.toFixed(1),
    `${build.cached}/${build.steps}`,
    `${(diskUsage(store) / 1024 ** 2).toFixed(1)} MiB`,
    Object.keys(readTags(store)).join(' '),
    job.outputs['restored-scope'] || '-'
  ])
}

const header = ['build', 'seconds', 'steps cached', 'store size', 'scopes', 'restored']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |'
console.log(['', line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n'))
console.log(`\nThe warm build ran after \`docker buildx prune -af\`: its CACHED steps came from ${store}.`)
if (!process.env.DEMO_VOLUME) fs.rmSync(volume, { recursive: true, force: true })
