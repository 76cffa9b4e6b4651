// What this release adds to a warm persistent-builder job (weighing the
// cache's worth, probing whether the builder still holds its cache), side by
// side with a previous release in one run: the same job
// (a new job container each time, the store copy younger than store-refresh,
// so nothing is imported or exported), alternately with this release's dist
// (BENCH_ROOT, default the project) and the previous release's (its committed
// dist/ from a git worktree at BASELINE_REV). With CACHEKEEPER_BUILDKIT_IMAGE
// the persistent builder is a real docker-container builder of that image and
// each build runs on it; without one (none can be pulled here) it is the test
// suites' recording stand-in (__fixtures__/stand-in/docker) and builds go to
// the real default builder. Medians of ROUNDS alternated rounds after a
// warm-up of each; results in bench/worth-results.md (BENCH_OUT to write
// elsewhere).
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { standInJobContainer } from '../__tests__/lib/stand-in.mjs'
import { buildx, ensureEngine, writeProject } from './lib/docker.mjs'
import { BUILDKIT_IMAGE, newJobContainerEnv, REGISTRY_BASE_IMAGE, removeNode } from './lib/persistent.mjs'
import { eventFor, lines, parseFileCommands, PROJECT_ROOT, runJob } from './lib/runner-emulation.mjs'
import { machineLine, median, seconds } from './lib/stats.mjs'
import { testRunEnv } from './lib/test-run.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const BASELINE_REV = process.env.BASELINE_REV ?? 'c23dfc8'
// 1: bundle the baseline's src/ anew (a commit whose committed dist/ lags its src/).
const BASELINE_PACKAGE = process.env.BASELINE_PACKAGE === '1'
const OURS_ROOT = process.env.BENCH_ROOT ?? PROJECT_ROOT
// The job's steps between pre and main (a checkout): 0 runs main right after pre, where pre's background probe of the builder's cache is still running.
const GAP_MS = Number(process.env.GAP_MS ?? 0)
const OUT = process.env.BENCH_OUT ?? path.join(PROJECT_ROOT, 'bench', 'worth-results.md')
const versions = ensureEngine()
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-worth-'))
const id = randomBytes(3).toString('hex')
const f = (n, digits = 3) => n.toFixed(digits)
const log = (...args) => console.log(...args)

function baseline() {
  const root = path.join(work, 'baseline')
  execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'add', '--detach', root, BASELINE_REV], { stdio: 'ignore' })
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'))
  if (BASELINE_PACKAGE) execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'ignore' })
  return root
}

/** One variant's repository: its own volume, store and persistent builder. */
function variant(name, root) {
  const volume = path.join(work, `volume-${name}`)
  fs.mkdirSync(volume)
  return {
    name,
    root,
    volume,
    repo: `ckbench-worth-${name}-${id}`,
    project: writeProject(path.join(work, `project-${name}`), {
      nonce: `${id}-${name}`,
      layers: [['deps', 1]],
      ...(BUILDKIT_IMAGE ? { base: REGISTRY_BASE_IMAGE } : {})
    })
  }
}

/** A new job container: a real one with a real builder where there is a BuildKit image, else the stand-in's (its docker calls logged). */
function jobContainer(logFile) {
  if (!BUILDKIT_IMAGE) return { ...standInJobContainer(logFile), driverOpts: 'network=host' }
  return { ...newJobContainerEnv(), driverOpts: `image=${BUILDKIT_IMAGE}\nnetwork=host` }
}

/** A warm job from a new job container; each phase's seconds (node start-up included), the build's, and the docker calls it made. */
async function job({ root, volume, repo, project }) {
  const logFile = path.join(work, `calls-${randomBytes(3).toString('hex')}.log`)
  const { dir, env, driverOpts } = jobContainer(logFile)
  const inputs = { 'volume-path': volume, 'repo-name': repo, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, 'prune-builders': 'false' }
  let build
  const result = await runJob({
    root,
    inputs,
    env,
    event: eventFor('push'),
    stepsBeforeMain: () => new Promise((resolve) => setTimeout(resolve, GAP_MS)),
    steps: async (outputs) => {
      build = await buildx(project, {
        cacheFrom: lines(outputs['cache-from']),
        cacheTo: lines(outputs['cache-to']),
        args: ['--builder', outputs.builder],
        env: { ...process.env, ...env }
      })
      return { ok: build.ok }
    }
  })
  if (result.status !== 'success' || !build?.ok) throw new Error(`bench job failed: ${result.main?.stdout}\n${build?.output}`)
  const calls = BUILDKIT_IMAGE
    ? []
    : fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('buildx build') && !line.startsWith('stand-in:'))
  containers.push(dir)
  return {
    rerun: { env, state: path.join(result.work, 'state') },
    pre: result.pre?.seconds ?? 0,
    main: result.main.seconds,
    post: result.post.seconds,
    build: build.seconds,
    cached: `${build.cached}/${build.steps}`,
    calls: calls.length,
    postLine: /^Cache worth, .*$/m.exec(result.post.stdout)?.[0],
    // The step's own time, from its debug line (absent in the previous release).
    worthMs: Number(/What the cache was worth: weighed and recorded in (\d+) ms/.exec(result.post.stdout)?.[1] ?? NaN)
  }
}

/** The job's post once more, alone, with the state its pre and main handed over: what post costs without the build beside it. */
function postAgain({ root }, { env, state }) {
  const handed = { ...parseFileCommands(fs.readFileSync(`${state}-1`, 'utf8')), ...parseFileCommands(fs.readFileSync(`${state}-2`, 'utf8')) }
  const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((name) => [name, `${state}-again-${name}`]))
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  const stateEnv = Object.fromEntries(Object.entries(handed).map(([name, value]) => [`STATE_${name}`, value]))
  const start = process.hrtime.bigint()
  const post = spawnSync(process.execPath, [path.join(root, 'dist', 'post', 'index.js')], {
    env: { ...testRunEnv(), ...env, ...stateEnv, ...files, GITHUB_ACTIONS: 'true' },
    encoding: 'utf8'
  })
  const took = seconds(start)
  if (post.status !== 0 || post.stdout.includes('::warning::')) throw new Error(`post again: ${post.stdout}${post.stderr}`)
  return took
}

const containers = []
const previousRoot = baseline()
const variants = [variant('ours', OURS_ROOT), variant('previous', previousRoot)]
const runs = { ours: [], previous: [] }
const postOnly = { ours: [], previous: [] }
try {
  // The first job makes each builder and fills its store; one more of each, then alternate.
  for (const v of variants) for (let i = 0; i < 2; i++) await job(v)
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of round % 2 ? variants : [...variants].reverse()) runs[v.name].push(await job(v))
    const [o, p] = [runs.ours.at(-1), runs.previous.at(-1)]
    const line = (r) => `pre ${f(r.pre)} main ${f(r.main)} build ${f(r.build)} (${r.cached} cached) post ${f(r.post)}`
    log(`round ${round}: ours ${line(o)}; previous ${line(p)}`)
  }
  for (let round = 1; round <= 3 * ROUNDS; round++) {
    for (const v of round % 2 ? variants : [...variants].reverse()) postOnly[v.name].push(postAgain(v, runs[v.name].at(-1).rerun))
  }
} finally {
  for (const v of variants) removeNode(`cachekeeper-${v.repo}`)
  for (const dir of containers) fs.rmSync(dir, { recursive: true, force: true })
  execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'remove', '--force', previousRoot], { stdio: 'ignore' })
  fs.rmSync(work, { recursive: true, force: true })
}

const phases = (r) => r.pre + r.main + r.post
const measures = { phases, job: (r) => phases(r) + r.build }
const m = (name, key) => median(runs[name].map((r) => (key in measures ? measures[key](r) : r[key])))
const row = (key, label) => `| ${label} | ${f(m('ours', key))} | ${f(m('previous', key))} | ${f(m('ours', key) - m('previous', key))} |`
// Each round ran both back to back: the median of their differences is less moved by the machine's load than a difference of medians.
const added = median(runs.ours.map((r, i) => phases(r) - phases(runs.previous[i])))
const addedJob = median(runs.ours.map((r, i) => measures.job(r) - measures.job(runs.previous[i])))
const addedMain = median(runs.ours.map((r, i) => r.main - runs.previous[i].main))
const addedPost = median(runs.ours.map((r, i) => r.post - runs.previous[i].post))
const again = (name) => median(postOnly[name])
const addedAgain = median(postOnly.ours.map((took, i) => took - postOnly.previous[i]))
const report = [
  '# A warm persistent-builder job: this release beside a previous one',
  '',
  `Made by \`node scripts/bench-worth.mjs\` (ROUNDS=${ROUNDS}) on ${new Date().toISOString().slice(0, 10)}: ${machineLine(versions)}.`,
  `This release: ${OURS_ROOT === PROJECT_ROOT ? 'the dist/ of the working tree' : `the dist/ in ${OURS_ROOT}`}; previous release: ${BASELINE_PACKAGE ? 'dist/ bundled from the src/' : 'the committed dist/'} at ${BASELINE_REV}; run alternately, medians.`,
  `A warm persistent-builder job from a new job container (${BUILDKIT_IMAGE ? `the builder a real docker-container builder of \`${BUILDKIT_IMAGE}\`, each build on it` : 'the builder the recording stand-in, builds on the real default builder'}), the store copy younger than store-refresh: nothing imported or exported; ${GAP_MS ? `a step of ${GAP_MS} ms (a checkout) between pre and main` : 'main right after pre'} (GAP_MS).`,
  '',
  '| seconds | this release | previous release | added |',
  '|---|---|---|---|',
  row('pre', 'pre'),
  row('main', 'main'),
  row('post', 'post'),
  row('phases', 'the three phases'),
  row('build', 'the build'),
  row('job', 'the job (phases and build)'),
  '',
  `Median of each round's difference: main ${f(addedMain)} s, post ${f(addedPost)} s, the three phases ${f(added)} s, the job ${f(addedJob)} s.`,
  `Steps cached in the last round: this release ${runs.ours.at(-1)?.cached}, previous ${runs.previous.at(-1)?.cached}.`,
  '',
  `The same jobs' post run again alone (${3 * ROUNDS} alternated rounds, the state main handed over, no build beside it): this release ${f(again('ours'))} s, previous ${f(again('previous'))} s; median of each round's difference ${f(addedAgain)} s.`,
  '',
  `Post's worth step itself (its debug line: measure, the history read and written under the store's lock, the line): median ${median(runs.ours.map((r) => r.worthMs))} ms.`,
  BUILDKIT_IMAGE
    ? 'Docker calls are counted by the stand-in only (run without CACHEKEEPER_BUILDKIT_IMAGE).'
    : `Docker calls per job (every phase): this release ${median(runs.ours.map((r) => r.calls))}, previous ${median(runs.previous.map((r) => r.calls))}: post's one \`buildx history ls\` serves both the steps and the worth line.`,
  `Target: under 0.03 s added to the phases (here ${f(added)} s, the median of the rounds' differences).`,
  '',
  `Post's line in the last round: \`${runs.ours.at(-1)?.postLine ?? '(none)'}\``,
  ''
].join('\n')
fs.writeFileSync(OUT, report)
log(report)
