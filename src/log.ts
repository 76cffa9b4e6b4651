/** What domain modules need to report progress; the phases pass their runner (runner-port.ts) in. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export const silentLogger: Logger = { info() {}, warning() {}, debug() {} }
