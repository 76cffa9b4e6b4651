import { findCredentials, helperProgram, parseHelperOutput, type Credentials, type DockerConfig } from './credentials.js'
import { errorMessage } from '../error-message.js'

/** The I/O finding a login needs, given by the caller: the action runs helpers through @actions/exec, the CLI through child_process. */
export interface LoginIo {
  readFile: (file: string) => string
  helperGet: (program: string, serverUrl: string) => Promise<{ code: number; stdout: string; stderr: string }>
  info: (message: string) => void
}

/**
 * The login for `host` in the Docker config `file`, read the way the docker CLI
 * reads it (the same file docker/login-action writes). Problems are said once, as
 * information: the registry is then asked without credentials, and what it answers is what the user sees.
 */
export async function dockerLogin(host: string, file: string, io: LoginIo): Promise<Credentials | undefined> {
  let config: DockerConfig
  try {
    config = JSON.parse(io.readFile(file)) as DockerConfig
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    io.info(
      missing
        ? `No Docker config at ${file}: the registry is asked without credentials`
        : `Docker config ${file} not read (${errorMessage(error)}): the registry is asked without credentials`
    )
    return undefined
  }
  const source = findCredentials(config, host)
  switch (source.kind) {
    case 'config':
      io.info(`Registry credentials for ${host}: from ${file}`)
      return source.credentials
    case 'none':
      io.info(`No credentials for ${host} in ${file}: the registry is asked without credentials`)
      return undefined
    case 'unsupported':
      io.info(`Registry credentials for ${host} not used: ${source.reason}`)
      return undefined
    case 'helper': {
      const program = helperProgram(source.helper)
      if (!program) {
        io.info(`Credential helper name '${source.helper}' in ${file} is not a plain name; not run`)
        return undefined
      }
      const result = await io.helperGet(program, source.serverUrl)
      const answer = result.code === 0 ? parseHelperOutput(result.stdout) : undefined
      if (answer && 'username' in answer) {
        io.info(`Registry credentials for ${host}: from ${program}`)
        return answer
      }
      const why = answer ? answer.unsupported : result.code === 0 ? 'it gave no usable answer' : (result.stderr.trim() || `exit ${result.code}`).split('\n')[0]
      io.info(`Credential helper ${program} gave no credentials for ${host} (${why}): the registry is asked without credentials`)
      return undefined
    }
  }
}
