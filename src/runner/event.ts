import fs from 'node:fs'
import type { Logger } from '../log.js'
import type { EventContext, EventPayload } from '../scopes/event.js'
import { errorMessage } from '../error-message.js'

/** The trigger as the runner describes it; an unreadable payload is an empty one (scopes then come from GITHUB_REF). */
export function readEventContext(env: NodeJS.ProcessEnv, logger: Logger): EventContext {
  let payload: EventPayload = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload
    } catch (error) {
      logger.debug(`Event payload ${env.GITHUB_EVENT_PATH} not read: ${errorMessage(error)}`)
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    refName: env.GITHUB_REF_NAME ?? '',
    baseRef: env.GITHUB_BASE_REF ?? '',
    payload
  }
}
