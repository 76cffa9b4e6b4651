import fs from 'node:fs'
import path from 'node:path'

/** Mount points listed in /proc/self/mountinfo (field 5, with the kernel's octal escapes undone). */
export function mountPoints(mountinfo: string): Set<string> {
  const points = new Set<string>()
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4]
    if (field) points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
  }
  return points
}

/** The nearest mount point at or above an absolute path: the filesystem the path lives on. */
export function nearestMountPoint(points: Set<string>, realPath: string): string {
  for (let dir = realPath; ; dir = path.dirname(dir)) {
    if (points.has(dir) || dir === path.dirname(dir)) return dir
  }
}

export interface VolumeFacts {
  /** /proc/self/mountinfo, or undefined when it could not be read. */
  mountinfo: string | undefined
  inContainer: boolean
  /** volume-path with every symlink resolved. */
  realPath: string
}

/**
 * Why the cache would not outlive this job, or undefined. Only inside a
 * container does it matter: act_runner silently drops a volume that is not in
 * `valid_volumes`, and the folder then lives on the container's own root
 * filesystem and dies with it. A volume mounted at or anywhere above
 * volume-path (`/srv/ci` for `/srv/ci/buildx-cache`) keeps it.
 */
export function persistenceProblem(volumePath: string, { mountinfo, inContainer, realPath }: VolumeFacts): string | undefined {
  if (!inContainer || mountinfo === undefined) return undefined
  if (nearestMountPoint(mountPoints(mountinfo), realPath) !== '/') return undefined
  return (
    `volume-path ${volumePath} is on the job container's root filesystem (no volume is mounted at or above it), so the cache is lost when the job ends. ` +
    `Mount a volume there (container.volumes in the workflow) and list it in valid_volumes of the runner's config.`
  )
}

/** persistenceProblem for this process: reads /proc/self/mountinfo and the container markers. */
export function volumePersistenceProblem(volumePath: string): string | undefined {
  let mountinfo: string | undefined
  try {
    mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8')
  } catch {
    mountinfo = undefined
  }
  return persistenceProblem(volumePath, {
    mountinfo,
    inContainer: fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv'),
    realPath: fs.realpathSync(volumePath)
  })
}

/**
 * Free bytes on the filesystem holding `dir`, or undefined where this Node has
 * no fs.statfsSync (added in 18.15; the bundle runs on 18.0 and later).
 */
export function freeBytes(dir: string): number | undefined {
  return diskStat(dir)?.freeBytes
}

/** The size and free space of the filesystem holding `dir`; undefined where this Node has no fs.statfsSync. */
export function diskStat(dir: string): { totalBytes: number; freeBytes: number } | undefined {
  const statfs = (fs as Partial<typeof fs>).statfsSync
  if (typeof statfs !== 'function') return undefined
  const { blocks, bavail, bsize } = statfs(dir)
  return { totalBytes: blocks * bsize, freeBytes: bavail * bsize }
}
