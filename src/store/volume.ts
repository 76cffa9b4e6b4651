import fs from 'node:fs'

/** Mount points listed in /proc/self/mountinfo (field 5, with the kernel's octal escapes undone). */
export function mountPoints(mountinfo: string): Set<string> {
  const points = new Set<string>()
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4]
    if (field) points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
  }
  return points
}

/**
 * Why the cache would not outlive this job, or undefined. Only inside a
 * container does it matter: act_runner silently drops a volume that is not in
 * `valid_volumes`, and the folder then dies with the job container.
 */
export function volumePersistenceProblem(volumePath: string): string | undefined {
  const inContainer = fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv')
  if (!inContainer) return undefined
  let mountinfo: string
  try {
    mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8')
  } catch {
    return undefined
  }
  const real = fs.realpathSync(volumePath)
  if (mountPoints(mountinfo).has(real)) return undefined
  return (
    `volume-path ${volumePath} is not a mount point in this job container, so the cache is lost when the job ends. ` +
    `Mount a volume there (container.volumes in the workflow) and list it in valid_volumes of the runner's config.`
  )
}
