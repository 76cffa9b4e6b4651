import fs from 'node:fs'
import os from 'node:os'
import { RegistryClient } from '../registry/client.js'
import { dockerConfigPath } from '../registry/credentials.js'
import { dockerLogin } from '../registry/docker-login.js'
import { parseRegistryRef } from '../registry/reference.js'
import type { Runner } from '../runner-port.js'
import { credentialHelperGet } from './exec.js'

/** A client for the repository `registry-ref` names, authenticated with the job's Docker credentials, tokens masked. */
export function registryClientFor(registryRef: string, insecure: boolean, runner: Pick<Runner, 'info' | 'setSecret' | 'env'>): RegistryClient {
  const repo = parseRegistryRef(registryRef, { insecure })
  const io = { readFile: (file: string) => fs.readFileSync(file, 'utf8'), helperGet: credentialHelperGet, info: (message: string) => runner.info(message) }
  return new RegistryClient(repo, {
    credentials: () => dockerLogin(repo.host, dockerConfigPath(runner.env, os.homedir()), io),
    secret: (value) => runner.setSecret(value)
  })
}
