import { afterEach, beforeEach, expect, jest } from '@jest/globals'
import * as core from './core.js'

/**
 * Stand-ins for the @actions modules a phase test mocks (jest.unstable_mockModule in the test
 * file, before it imports the phase): @actions/exec's getExecOutput answers as docker on a host
 * with no builders at all (exit 0, nothing said) until a test says otherwise, and @actions/io
 * finds docker on PATH.
 */
export const getExecOutput = jest.fn(async (_command: string, _args?: string[], _options?: object) => ({ exitCode: 0, stdout: '', stderr: '' }))
export const which = jest.fn(async (_tool: string, _check?: boolean) => '/usr/bin/docker')

/**
 * The phase test's hooks: each test starts from the stand-ins reset, and ends proving that
 * everything the phase said, set and saved went through the runner it was given, none of it
 * through @actions/core (whose stand-in only exec's debug line may reach).
 */
export function phaseMocksEachTest(): void {
  beforeEach(() => {
    core.resetCore()
    getExecOutput.mockReset()
    getExecOutput.mockImplementation(async () => ({ exitCode: 0, stdout: '', stderr: '' }))
    which.mockResolvedValue('/usr/bin/docker')
  })
  afterEach(() => {
    for (const call of [core.info, core.warning, core.notice, core.setFailed, core.setOutput, core.saveState, core.getState, core.getInput])
      expect(call).not.toHaveBeenCalled()
  })
}
