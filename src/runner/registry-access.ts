import fs from 'node:fs'
import os from 'node:os'
import * as core from '@actions/core'
import { RegistryClient } from '../registry/client.js'
import { dockerConfigPath, findCredentials, helperProgram, parseHelperOutput, type Credentials, type DockerConfig } from '../registry/credentials.js'
import { parseRegistryRef } from '../registry/reference.js'
import { credentialHelperGet } from './exec.js'

/**
 * The job's login for `host`, read the way the docker CLI reads it (the same
 * file docker/login-action writes). Problems are said once, as information:
 * the registry is then asked without credentials, and what it answers is what the user sees.
 */
async function jobCredentials(host: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const file = dockerConfigPath(env, os.homedir())
  let config: DockerConfig
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as DockerConfig
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    core.info(
      missing
        ? `No Docker config at ${file}: the registry is asked without credentials`
        : `Docker config ${file} not read (${(error as Error).message}): the registry is asked without credentials`
    )
    return undefined
  }
  const source = findCredentials(config, host)
  switch (source.kind) {
    case 'config':
      core.info(`Registry credentials for ${host}: from ${file}`)
      return source.credentials
    case 'none':
      core.info(`No credentials for ${host} in ${file}: the registry is asked without credentials`)
      return undefined
    case 'unsupported':
      core.info(`Registry credentials for ${host} not used: ${source.reason}`)
      return undefined
    case 'helper': {
      const program = helperProgram(source.helper)
      if (!program) {
        core.info(`Credential helper name '${source.helper}' in ${file} is not a plain name; not run`)
        return undefined
      }
      const result = await credentialHelperGet(program, source.serverUrl)
      const answer = result.code === 0 ? parseHelperOutput(result.stdout) : undefined
      if (answer && 'username' in answer) {
        core.info(`Registry credentials for ${host}: from ${program}`)
        return answer
      }
      const why = answer ? answer.unsupported : result.code === 0 ? 'it gave no usable answer' : (result.stderr.trim() || `exit ${result.code}`).split('\n')[0]
      core.info(`Credential helper ${program} gave no credentials for ${host} (${why}): the registry is asked without credentials`)
      return undefined
    }
  }
}

/** A client for the repository `registry-ref` names, authenticated with the job's Docker credentials, tokens masked. */
export function registryClientFor(registryRef: string, insecure: boolean, env: NodeJS.ProcessEnv = process.env): RegistryClient {
  const repo = parseRegistryRef(registryRef, { insecure })
  return new RegistryClient(repo, { credentials: () => jobCredentials(repo.host, env), secret: (value) => core.setSecret(value) })
}
