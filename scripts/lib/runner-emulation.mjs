// Runs the committed dist/ bundles the way act_runner and the GitHub runner do:
// each phase a separate `node` process, inputs as INPUT_* (defaults from
// action.yml), outputs and state through GITHUB_OUTPUT / GITHUB_STATE files,
// saved state handed to later phases as STATE_*, pre-if / post-if honoured.
// `actionFile` picks the action file (action.yml, or node20/action.yml); its
// pre/main/post paths are relative to the folder holding it, as in act and GitHub's runner.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { PRUNE_LABEL_ENV, RUN_LABEL } from './test-run.mjs'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The action files users can point `uses:` at: the repository root and the node20 variant. */
export const ACTION_FILES = ['action.yml', 'node20/action.yml']

/** Scopes as runners write them into a runtime token's `ac` claim (go-actions-cache's Scope: Read 1, Write 2). */
export const PERMISSION = { read: 1, write: 2 }

/**
 * A runtime token of the shape act_runner (and Gitea's server) mint in
 * CreateAuthorizationToken: a JWT whose `ac` claim grants one scope, "" with
 * write permission, plus exp, nbf and the job's ids; valid for a day, never
 * signed. BuildKit's gha importer reads one cache index per scope in `ac`, so
 * a token without a scope (`scopes: []`) imports nothing.
 */
export function runtimeToken({ scopes = [{ Scope: '', Permission: PERMISSION.write }], now = Date.now(), ids = 1 } = {}) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const seconds = Math.floor(now / 1000)
  const claims = {
    exp: seconds + 86_400,
    nbf: seconds - 60,
    scp: `Actions.Results:${ids}:${ids}`,
    TaskID: ids,
    RunID: ids,
    JobID: ids,
    ac: JSON.stringify(scopes)
  }
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

export function readActionManifest(root = PROJECT_ROOT, actionFile = 'action.yml') {
  return YAML.parse(fs.readFileSync(path.join(root, actionFile), 'utf8'))
}

/** act_runner < 0.2.13 and Forgejo runner < 9.1 know no node24; newer runners and GitHub's know both. */
export const RUNTIMES = {
  current: ['node12', 'node16', 'node20', 'node24'],
  'without-node24': ['node12', 'node16', 'node20']
}

/** Parses the file-command format `name<<DELIM\nvalue\nDELIM` (and the legacy `name=value`). */
export function parseFileCommands(text) {
  const values = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i])
      values[name] = body.join('\n')
    } else {
      const eq = line.indexOf('=')
      if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return values
}

/** Warnings and errors the process reported through workflow commands. */
function workflowCommands(stdout, kind) {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) =>
      line
        .replace(/^::[a-z]+[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}

/** How act evaluates the few conditions actions use for pre-if / post-if. */
function conditionHolds(expression, jobStatus) {
  const expr = (expression ?? 'always()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim()
  if (expr === 'always()') return true
  if (expr === 'success()' || expr === '') return jobStatus === 'success'
  if (expr === 'failure()') return jobStatus === 'failure'
  if (expr === 'cancelled()') return false
  throw new Error(`runner emulation: unsupported condition ${expression}`)
}

function platformEnv(platform) {
  switch (platform) {
    case 'gitea':
      return { GITEA_ACTIONS: 'true', GITHUB_SERVER_URL: 'http://gitea.test' }
    case 'forgejo':
      return { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', GITHUB_SERVER_URL: 'http://forgejo.test' }
    case 'github-hosted':
      return {
        RUNNER_ENVIRONMENT: 'github-hosted',
        GITHUB_SERVER_URL: 'https://github.com',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
        ACTIONS_RUNTIME_TOKEN: runtimeToken()
      }
    case 'github-self-hosted':
      return { RUNNER_ENVIRONMENT: 'self-hosted', GITHUB_SERVER_URL: 'https://github.com' }
    default:
      throw new Error(`runner emulation: unknown platform ${platform}`)
  }
}

/** Event presets: push to a branch, a pull request (act_runner's GITHUB_REF_NAME = number; `action: 'closed'` for its end, `merged`, `fork: 'owner/name'`), a tag push, a schedule, a branch deletion. */
export function eventFor(kind, options = {}) {
  const defaultBranch = options.defaultBranch ?? 'main'
  const fullName = options.repository ?? 'acme/app'
  const repository = { default_branch: defaultBranch, full_name: fullName, name: fullName.split('/').pop() }
  switch (kind) {
    case 'push': {
      const branch = options.branch ?? defaultBranch
      return { name: 'push', ref: `refs/heads/${branch}`, refName: branch, payload: { ref: `refs/heads/${branch}`, repository } }
    }
    case 'pull_request': {
      const number = options.number ?? 1
      const base = options.base ?? defaultBranch
      return {
        name: 'pull_request',
        ref: `refs/pull/${number}/merge`,
        refName: String(number),
        baseRef: base,
        headRef: options.head ?? 'feature',
        payload: {
          ...(options.action ? { action: options.action } : {}),
          number,
          pull_request: {
            number,
            ...(options.merged !== undefined ? { merged: options.merged } : {}),
            base: { ref: base },
            // A fork's pull request names the fork as its head repository (`fork: 'mallory/app'`).
            head: { ref: options.head ?? 'feature', repo: { full_name: options.fork ?? fullName, fork: Boolean(options.fork) } }
          },
          repository
        }
      }
    }
    case 'tag': {
      const tag = options.tag ?? 'v1.0.0'
      return { name: 'push', ref: `refs/tags/${tag}`, refName: tag, payload: { ref: `refs/tags/${tag}`, repository } }
    }
    case 'schedule': {
      const branch = options.branch ?? defaultBranch
      return { name: 'schedule', ref: `refs/heads/${branch}`, refName: branch, payload: { schedule: '0 3 * * *', repository } }
    }
    case 'delete': {
      const branch = options.branch ?? 'feature'
      // GitHub runs a delete event on the default branch; the payload names the deleted ref.
      return {
        name: 'delete',
        ref: `refs/heads/${defaultBranch}`,
        refName: defaultBranch,
        payload: { ref: branch, ref_type: 'branch', repository }
      }
    }
    default:
      throw new Error(`runner emulation: unknown event ${kind}`)
  }
}

function runProcess(command, args, env, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 })
    })
  })
}

/** Every job's folder (its workspace, RUNNER_TEMP, event and command files): kept for the caller to read until the process ends. */
const jobFolders = []
process.once('exit', () => {
  for (const dir of jobFolders) fs.rmSync(dir, { recursive: true, force: true })
})

/**
 * One job using the action: pre (when declared and wanted), the job's steps
 * before main (`stepsBeforeMain()`, a checkout), main, the job's own steps
 * (`steps(outputs)` returns {ok}), then post (post-if).
 * Returns every phase's result, the outputs and the job's status.
 */
export async function runJob({
  inputs = {},
  env = {},
  event = eventFor('push'),
  platform = 'gitea',
  withPre = true,
  steps = (/** @type {Record<string, string>} */ _outputs) => Promise.resolve({ ok: true }),
  stepsBeforeMain = () => Promise.resolve(),
  phaseEnv = {},
  node = process.execPath,
  root = PROJECT_ROOT,
  actionFile = 'action.yml',
  runtimes = RUNTIMES.current
} = {}) {
  const manifest = readActionManifest(root, actionFile)
  // The check act_runner makes before running any phase of the action.
  if (!runtimes.includes(manifest.runs?.using)) {
    throw new Error(`The runs.using key in action.yml must be one of: [${runtimes.join(' ')}], got ${manifest.runs?.using}`)
  }
  const actionDir = path.dirname(path.join(root, actionFile))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'))
  jobFolders.push(work)
  const eventPath = path.join(work, 'event.json')
  fs.writeFileSync(eventPath, JSON.stringify(event.payload ?? {}))
  const runId = String(Date.now()) + randomBytes(2).readUInt16BE(0)

  const inputEnv = {}
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = name in inputs ? inputs[name] : (spec?.default ?? '')
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value)
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in (manifest.inputs ?? {}))) throw new Error(`runner emulation: ${name} is not an input of ${actionFile}`)
  }

  const baseEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? work,
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    // The buildx client under test (scripts/test.sh runs the suites with each): the action's docker calls use it too.
    ...(process.env.DOCKER_CONFIG ? { DOCKER_CONFIG: process.env.DOCKER_CONFIG } : {}),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    // The repository the event's payload names (eventFor's `repository` option), acme/app by default.
    GITHUB_REPOSITORY: event.payload?.repository?.full_name ?? 'acme/app',
    GITHUB_REPOSITORY_OWNER: (event.payload?.repository?.full_name ?? 'acme/app').split('/')[0],
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_JOB: 'build',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_ACTION: 'cache',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.refName ?? '',
    GITHUB_BASE_REF: event.baseRef ?? '',
    GITHUB_HEAD_REF: event.headRef ?? '',
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
    RUNNER_OS: 'Linux',
    ...platformEnv(platform),
    ...inputEnv,
    ...env,
    // Last, so no test can lift it: pruning in these jobs sees only what this test run created.
    [PRUNE_LABEL_ENV]: RUN_LABEL
  }

  const result = { outputs: {}, status: 'success', work }
  let state = {}
  let stepCounter = 0
  const runPhase = async (phase) => {
    stepCounter += 1
    const outputFile = path.join(work, `output-${stepCounter}`)
    const stateFile = path.join(work, `state-${stepCounter}`)
    const summaryFile = path.join(work, `summary-${stepCounter}`)
    for (const file of [outputFile, stateFile, summaryFile]) fs.writeFileSync(file, '')
    const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]))
    const script = path.resolve(actionDir, manifest.runs[phase])
    const run = await runProcess(node, [script], {
      ...baseEnv,
      ...stateEnv,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STATE: stateFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...(phaseEnv[phase] ?? {})
    })
    run.outputs = parseFileCommands(fs.readFileSync(outputFile, 'utf8'))
    run.summary = fs.readFileSync(summaryFile, 'utf8')
    run.warnings = workflowCommands(run.stdout, 'warning')
    run.errors = workflowCommands(run.stdout, 'error')
    run.notices = workflowCommands(run.stdout, 'notice')
    state = { ...state, ...parseFileCommands(fs.readFileSync(stateFile, 'utf8')) }
    result[phase] = run
    return run
  }

  if (withPre && manifest.runs.pre && conditionHolds(manifest.runs['pre-if'], result.status)) {
    if ((await runPhase('pre')).code !== 0) result.status = 'failure'
  }
  let mainRan = false
  if (result.status === 'success') {
    await stepsBeforeMain()
    mainRan = true
    const main = await runPhase('main')
    result.outputs = main.outputs
    if (main.code !== 0) result.status = 'failure'
  }
  if (result.status === 'success') {
    result.steps = await steps(result.outputs)
    if (!result.steps?.ok) result.status = 'failure'
  }
  // A runner registers a post step only for an action whose main step ran.
  if (mainRan && manifest.runs.post && conditionHolds(manifest.runs['post-if'], result.status)) {
    await runPhase('post')
  }
  return result
}

/** Splits a newline list output into the entries build-push-action passes as separate flags. */
export function lines(value) {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}
