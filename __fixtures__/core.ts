import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** Typed stand-ins for the parts of @actions/core the phases use; like the real API, absent inputs and state read as ''. */
export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const notice = jest.fn<typeof core.notice>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const saveState = jest.fn<typeof core.saveState>()
export const getState = jest.fn<typeof core.getState>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const getInput = jest.fn<typeof core.getInput>()
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>) => fn())
export const summary = { addHeading: jest.fn(), addTable: jest.fn(), write: jest.fn() }

/** Forgets calls and per-test behaviour, then restores the real API's defaults. Call in beforeEach. */
export function resetCore(): void {
  jest.resetAllMocks()
  getState.mockReturnValue('')
  getInput.mockReturnValue('')
  group.mockImplementation(async <T>(_name: string, fn: () => Promise<T>) => fn())
  summary.addHeading.mockReturnValue(summary)
  summary.addTable.mockReturnValue(summary)
}
