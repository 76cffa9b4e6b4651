import os from 'node:os'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9

export function machineLine(versions) {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, Docker ${versions.engine}, buildx ${versions.buildx.split(' ')[1]}`
}
