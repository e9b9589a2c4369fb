/**
 * The JetStream stream of results, LOGA_RESULTS (subjects `<prefix>.results.>`):
 * created when missing, a job id claimed before use, a finished job purged.
 */
import { jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { UsageError } from '../../errors.js';
import { subjects } from './options.js';

export const STREAM = 'LOGA_RESULTS';
const NS_PER_MS = 1_000_000;
/** Results are kept this long in the stream, then dropped by the server. */
const STREAM_MAX_AGE_MS = 24 * 3600 * 1000;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Creates the results stream if missing, or adds this prefix's subjects to it. */
export async function ensureResultsStream(jsm: JetStreamManager, prefix: string): Promise<void> {
  const subject = subjects(prefix).resultsAll;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const info = await jsm.streams.info(STREAM);
      if (!info.config.subjects?.includes(subject)) {
        await jsm.streams.update(STREAM, { ...info.config, subjects: [...(info.config.subjects ?? []), subject] });
      }
      return;
    } catch (err) {
      if ((err as Error).name !== 'StreamNotFoundError') throw err;
    }
    try {
      await jsm.streams.add({
        name: STREAM,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: STREAM_MAX_AGE_MS * NS_PER_MS,
        duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
      });
      return;
    } catch {
      // another supervisor created it meanwhile: look again
    }
  }
}

/**
 * Makes sure a job id can take results. The stream drops a msgID it saw
 * within its duplicate window (2 min) even after a purge, so the results of
 * a job id reused that soon would be lost: refused (exit 2). Older results of
 * the id are purged. A finished job keeps its last result (purge keep 1) so
 * that this check sees it.
 */
export async function claimJobSubject(jsm: JetStreamManager, prefix: string, job: string): Promise<void> {
  const subject = subjects(prefix).results(job);
  const info = await jsm.streams.info(STREAM);
  const windowMs = (info.config.duplicate_window ?? DUPLICATE_WINDOW_MS * NS_PER_MS) / NS_PER_MS;
  const last = await jsm.streams.getMessage(STREAM, { last_by_subj: subject });
  if (last === null) return;
  const age = Date.now() - last.time.getTime();
  if (age <= windowMs + 1000) {
    const wait = Math.ceil((windowMs + 1000 - age) / 1000);
    throw new UsageError(
      `--job ${job}: this job id was used ${Math.round(age / 1000)} s ago, and its result ids are still in the duplicate window of ${STREAM} (new results would be dropped); use another --job or wait ${wait} s`,
    );
  }
  await jsm.streams.purge(STREAM, { filter: subject });
}

/** Purges a finished job's results from the stream (merged and acked), but the last (see claimJobSubject). */
export async function purgeJobResults(nc: NatsConnection, prefix: string, job: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.purge(STREAM, { filter: subjects(prefix).results(job), keep: 1 });
}
