/**
 * A file that changes under the reader (issue 11): one that shrinks or is
 * replaced while a job reads it fails the chunks read from it, naming the file
 * (exit 3, never exit 0 with figures of neither version); one that only grows
 * is read as planned. Deterministic: the file is changed at a known point of
 * the job (a lease given, or between two steps of a chunk's scan), in process.
 */
import test from 'ava';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, exitStatusOf, fileChange, runWorkerActor, silentLogger, type Chunk, type ChunkFailed, type ResultMsg, type WorkReply, type WorkerPort } from '../../src/internal.js';
import { vectorPath } from '../helpers/vectors.js';

const NORMAL = vectorPath('normal.log');
const NORMAL_LINES = 3000;

function tmp(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'loga-change-')), name);
  writeFileSync(path, bytes);
  return path;
}

test('fileChange: nothing for the file as planned or grown; a shrink, a replacement before the open, and one during the read are named', (t) => {
  const path = tmp('a.log', 'one\ntwo\nthree\n');
  const st = statSync(path);
  const planned = { size: st.size, dev: st.dev, ino: st.ino, host: hostname() };
  const fd = openSync(path, 'r');
  try {
    t.is(fileChange(fd, path, planned, hostname(), true), null);
    appendFileSync(path, 'four\n');
    t.is(fileChange(fd, path, planned, hostname(), true), null, 'grown: read as planned');
    truncateSync(path, 5);
    t.is(fileChange(fd, path, planned, hostname(), false), `${path} shrank from 14 to 5 bytes while it was read; the job's figures would match neither version`);
    appendFileSync(path, 'x'.repeat(20));
    const other = tmp('b.log', 'other\n'); // smaller, too: the replacement is what is said
    renameSync(other, path);
    t.regex(fileChange(fd, path, planned, hostname(), true) ?? '', /^\S+a\.log was replaced \(another file was put at that path while it was read\)$/);
    t.is(fileChange(fd, path, planned, hostname(), false), null, 'the open file is still the planned one');
  } finally {
    closeSync(fd);
  }
  const fd2 = openSync(path, 'r');
  try {
    t.regex(fileChange(fd2, path, planned, hostname(), false) ?? '', /a\.log was replaced \(another file is at that path than when the job was planned\)$/);
    t.is(fileChange(fd2, path, { ...planned, size: 6, host: 'elsewhere' }, hostname(), true), null, "another host's device and inode are not compared");
    t.is(fileChange(fd2, path, undefined, hostname(), true), null, 'a chunk without file_stat (an older supervisor)');
  } finally {
    closeSync(fd2);
  }
});

/** A WorkerPort that leases `chunk` once, then stops; what the actor publishes is kept. */
function onePort(chunk: Chunk): WorkerPort & { results: ResultMsg[]; failures: ChunkFailed[] } {
  let leased = false;
  const results: ResultMsg[] = [];
  const failures: ChunkFailed[] = [];
  return {
    results,
    failures,
    request: (): Promise<WorkReply> => {
      const reply: WorkReply = leased ? { type: 'stop', job: 'j' } : { type: 'lease', job: 'j', chunk: { ...chunk, token: 'file-change-token-0000' }, lease_ms: 60_000 };
      leased = true;
      return Promise.resolve(reply);
    },
    publishResult: (m) => {
      results.push(m);
      return Promise.resolve();
    },
    publishFailed: (m) => {
      failures.push(m);
      return Promise.resolve();
    },
    heartbeat: () => {},
    close: () => Promise.resolve(),
  };
}

/** A 20 MiB file of the normal vector, and its one chunk as the job planned it. */
function bigChunk() {
  const text = readFileSync(NORMAL);
  const copies = Math.ceil((20 * 1024 * 1024) / text.length);
  const path = tmp('big.log', Buffer.concat(Array<Buffer>(copies).fill(text)));
  const st = statSync(path);
  const chunk: Chunk = { id: 0, path, file: 0, start: 0, end: st.size, attempt: 1, format: 'standard', file_stat: { size: st.size, dev: st.dev, ino: st.ino, host: hostname() } };
  return { text, copies, path, st, chunk };
}

test('the worker: a file truncated in the middle of a chunk fails the chunk at its end, naming the file and both sizes', async (t) => {
  // a chunk of 3 scan steps (8 MiB each): the file is cut between the first two
  const { path, st, chunk } = bigChunk();
  const port = onePort(chunk);
  let cut = false;
  await runWorkerActor(port, {
    id: 'w1',
    log: silentLogger,
    // before the scan's first step: the cut runs on the event loop's next turn, between step 1 and step 2
    onLease: () => setImmediate(() => {
      truncateSync(path, 1024 * 1024);
      cut = true;
    }),
  });
  t.true(cut);
  t.deepEqual(port.results, [], 'no partial of a file that changed');
  t.is(port.failures.length, 1);
  t.is(port.failures[0].message, `${path} shrank from ${st.size} to ${1024 * 1024} bytes while it was read; the job's figures would match neither version`);
});

test('the worker: a file replaced in the middle of a chunk fails the chunk', async (t) => {
  const { text, copies, path, chunk } = bigChunk();
  const port = onePort(chunk);
  const other = tmp('other.log', Buffer.concat(Array<Buffer>(copies + 1).fill(text)));
  await runWorkerActor(port, { id: 'w1', log: silentLogger, onLease: () => setImmediate(() => renameSync(other, path)) });
  t.deepEqual(port.results, []);
  t.is(port.failures.length, 1);
  t.is(port.failures[0].message, `${path} was replaced (another file was put at that path while it was read)`);
});

/** analyze in process, with `change` run on the path when chunk `at` is first leased. */
async function analyzeChanged(change: (path: string) => void, at = 3) {
  const path = tmp('normal.log', readFileSync(NORMAL));
  let changed = false;
  const s = await analyze({
    files: [path],
    actors: 'inprocess',
    workers: 2,
    chunkSize: 16 * 1024,
    onStart: (job) => {
      job.on('leased', (chunk) => {
        if (chunk.id !== at || changed) return;
        changed = true;
        change(path);
      });
    },
  });
  return { s, path, size: NORMAL_SIZE };
}
const NORMAL_SIZE = statSync(NORMAL).size;

test('analyze: a file truncated while the job reads it ends the job with exit 3 and the message, not with figures of neither version', async (t) => {
  const { s, path } = await analyzeChanged((p) => truncateSync(p, 40 * 1024));
  t.is(exitStatusOf(s), 3);
  t.true(s.chunks.failed > 0);
  for (const f of s.failed_chunks) {
    t.is(f.reasons.length, 3, 'three attempts, then given up: never retried forever');
    for (const r of f.reasons) t.true(r.endsWith(`${path} shrank from ${NORMAL_SIZE} to ${40 * 1024} bytes while it was read; the job's figures would match neither version`), r);
  }
  // the chunks from the cut on are the failed ones (those done before it read the planned bytes)
  t.true(s.failed_chunks.some((f) => f.start >= 40 * 1024));
});

test('analyze: a file replaced (another renamed over it) while the job reads it ends the job with exit 3, naming it', async (t) => {
  const other = tmp('other.log', readFileSync(NORMAL));
  const { s, path } = await analyzeChanged((p) => renameSync(other, p));
  t.is(exitStatusOf(s), 3);
  t.true(s.chunks.failed > 0);
  for (const f of s.failed_chunks) for (const r of f.reasons) t.true(r.endsWith(`${path} was replaced (another file is at that path than when the job was planned)`), r);
});

test('analyze: a file appended to while the job reads it is no error: the figures of the planned size', async (t) => {
  const { s } = await analyzeChanged((p) => appendFileSync(p, readFileSync(NORMAL).subarray(0, 50_000)));
  t.is(exitStatusOf(s), 0);
  t.is(s.chunks.failed, 0);
  t.is(s.lines, NORMAL_LINES);
  t.is(s.bytes, NORMAL_SIZE);
});
