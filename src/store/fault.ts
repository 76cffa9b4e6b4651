/**
 * Crash-test hook: when BUILDKIT_CACHE_KEEPER_FAULT names this point, the
 * process kills itself (SIGKILL, like a cancelled job or a runner restart)
 * right here. The crash tests walk every point of promotion, GC and retention.
 */
export function faultPoint(name: string): void {
  if (process.env.BUILDKIT_CACHE_KEEPER_FAULT === name) process.kill(process.pid, 'SIGKILL')
}
