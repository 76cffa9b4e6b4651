import type { DockerCli } from '../../docker-cli.js'
import type { Logger } from '../../log.js'
import { nodeListArgs } from './buildx-args.js'
import { builderOfNode } from './name.js'
import { newerRecord, unusedBuilders, type BuilderRecord } from './record.js'
import { allRecords, readNodeRecord, recordsDirExists, removeRecord, withRecordsLock } from './records-io.js'
import { retireBuilder } from './remove.js'

/** Retiring this action's builders nobody has used for their repository's max-age; their cache lives on in the local store. */

export interface RetireOptions {
  now?: number
  dryRun: boolean
}

/** Whether a record says its builder is unused by `now`. */
const unused = (record: BuilderRecord, now: number) => unusedBuilders([record], now).length > 0

/**
 * Removes the recorded builders unused for their max-age: only names this
 * action made and recorded, their container and `_state` volume. Jobs without
 * the volume record their use in the node container only: the newer of the
 * two records decides. Returns the names (would be) removed.
 */
export async function retireUnusedBuilders(cli: DockerCli, volumePath: string, options: RetireOptions, logger: Logger): Promise<string[]> {
  if (!recordsDirExists(volumePath)) return []
  return withRecordsLock(volumePath, logger, async (lock) => {
    const now = options.now ?? Date.now()
    const candidates: BuilderRecord[] = []
    for (const record of allRecords(volumePath).filter((record) => unused(record, now)))
      if (unused(newerRecord(record, await readNodeRecord(cli, record.name)) as BuilderRecord, now)) candidates.push(record)
    if (options.dryRun) return candidates.map((record) => record.name)
    for (const { name } of candidates) {
      lock.keepFresh()
      if (await retireBuilder(cli, name, logger)) removeRecord(lock, volumePath, name)
    }
    return candidates.map((record) => record.name)
  })
}

/**
 * retireUnusedBuilders for a job without a persistent volume: the node
 * containers of this action's builders, each judged by the record it holds.
 * A container without a readable record is never removed (nothing says it is
 * unused); each record is read again just before removal, so a job that
 * attached it meanwhile keeps it. Returns the names (would be) removed.
 */
export async function retireUnusedNodeBuilders(cli: DockerCli, options: RetireOptions, logger: Logger): Promise<string[]> {
  const listed = await cli(nodeListArgs())
  if (listed.code !== 0) return []
  const now = options.now ?? Date.now()
  const isUnused = async (name: string) => {
    const record = await readNodeRecord(cli, name)
    return record !== undefined && unused(record, now)
  }
  const retired: string[] = []
  for (const name of listed.stdout.split('\n').flatMap((line) => builderOfNode(line) ?? [])) {
    if (!(await isUnused(name))) continue
    if (options.dryRun) retired.push(name)
    else if ((await isUnused(name)) && (await retireBuilder(cli, name, logger))) retired.push(name)
  }
  return retired
}
