import test from 'ava';
import { type Chunk, emptyPartial, Job, planChunks, type ResultMsg, silentLogger, toWire, type WorkReply } from '../../src/internal.js';

function makeJob(chunks = 3) {
  let now = 1000;
  const job = new Job({
    job: 'j1',
    chunks: planChunks([{ path: '/x.log', bytes: chunks * 100, format: 'standard' }], 100),
    clock: () => now,
    log: silentLogger,
    leaseMs: 5000,
    heartbeatTimeoutMs: 3000,
  });
  return { job, advance: (ms: number) => (now += ms) };
}

function lease(r: WorkReply): Chunk {
  if (r.type !== 'lease') throw new Error(`expected a lease, got ${r.type}`);
  return r.chunk;
}

function result(chunk: Chunk, worker: string, lines: number): ResultMsg {
  const p = emptyPartial();
  p.lines = lines;
  p.malformed = lines;
  return { type: 'result', job: 'j1', chunk: chunk.id, attempt: chunk.attempt, worker, bytes: chunk.end - chunk.start, ms: 1, partial: toWire(p) };
}

test('each chunk is leased once, then idle, then stop when all are merged', (t) => {
  const { job } = makeJob(2);
  const a = lease(job.assign('w1', 1, 'h'));
  const b = lease(job.assign('w2', 2, 'h'));
  t.not(a.id, b.id);
  t.is(job.assign('w3', 3, 'h').type, 'idle');
  t.is(job.onResult(result(a, 'w1', 5)), 'merged');
  t.is(job.onResult(result(b, 'w2', 7)), 'merged');
  t.true(job.finished);
  t.is(job.merged.lines, 12);
  t.is(job.assign('w1', 1, 'h').type, 'stop');
});

test('a duplicate result for the same chunk is merged once', (t) => {
  const { job } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  t.is(job.onResult(result(a, 'w1', 5)), 'merged');
  t.is(job.onResult(result(a, 'w1', 5)), 'duplicate');
  t.is(job.onResult(result(a, 'w2', 5)), 'duplicate');
  t.is(job.merged.lines, 5);
});

test('a lost worker releases its lease; the chunk goes to another worker with attempt 2', (t) => {
  const { job } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  let reassigned = '';
  job.on('reassigned', (c, from, reason) => (reassigned = `${c.id} ${from} ${reason}`));
  job.workerLost('w1', 'killed');
  t.regex(reassigned, /^0 w1 w1 killed/);
  const b = lease(job.assign('w2', 2, 'h'));
  t.is(b.id, a.id);
  t.is(b.attempt, 2);
  t.is(job.chunkCounts().retried, 1);
});

test('lease expiry: a worker that stops making progress loses its lease', (t) => {
  const { job, advance } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  // heartbeats keep coming but bytes_done does not move
  for (let i = 0; i < 7; i++) {
    advance(1000);
    job.onHeartbeat({ type: 'heartbeat', worker: 'w1', pid: 1, host: 'h', chunk: a.id, bytes_done: 10, rss_mb: 1, cpu_pct: 1 });
    job.tick();
  }
  t.is(lease(job.assign('w2', 2, 'h')).id, a.id);
});

test('heartbeats with progress renew the lease', (t) => {
  const { job, advance } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  for (let i = 1; i <= 10; i++) {
    advance(1000);
    job.onHeartbeat({ type: 'heartbeat', worker: 'w1', pid: 1, host: 'h', chunk: a.id, bytes_done: i * 5, rss_mb: 1, cpu_pct: 1 });
    job.tick();
  }
  t.is(job.assign('w2', 2, 'h').type, 'idle');
});

test('a worker silent for more than 3 s loses its lease', (t) => {
  const { job, advance } = makeJob(1);
  lease(job.assign('w1', 1, 'h'));
  advance(2900);
  job.tick();
  t.is(job.assign('w2', 2, 'h').type, 'idle');
  advance(200);
  job.tick();
  t.is(lease(job.assign('w2', 2, 'h')).attempt, 2);
});

test('a chunk that fails 3 attempts is reported failed and the job still finishes', (t) => {
  const { job } = makeJob(1);
  for (let i = 1; i <= 3; i++) {
    const c = lease(job.assign(`w${i}`, i, 'h'));
    t.is(c.attempt, i);
    job.onFailed({ type: 'failed', job: 'j1', chunk: c.id, attempt: c.attempt, worker: `w${i}`, reason: 'error', message: 'boom' });
  }
  t.true(job.finished);
  t.deepEqual(job.chunkCounts(), { total: 1, done: 0, retried: 2, failed: 1 });
  t.is(job.failureReasons(0).length, 3);
  t.is(job.assign('w9', 9, 'h').type, 'stop');
});

test('a late result from an earlier attempt still counts, and the newer one is a duplicate', (t) => {
  const { job } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  job.workerLost('w1', 'silent');
  const b = lease(job.assign('w2', 2, 'h'));
  t.is(job.onResult(result(a, 'w1', 4)), 'merged');
  t.is(job.onResult(result(b, 'w2', 4)), 'duplicate');
  t.is(job.merged.lines, 4);
  t.true(job.finished);
  t.deepEqual(job.chunkCounts(), { total: 1, done: 1, retried: 1, failed: 0 });
});

test('a result arriving after its chunk was reported failed still counts: the chunk is done, not failed', (t) => {
  const { job } = makeJob(2);
  const kept = lease(job.assign('w0', 9, 'h'));
  let last: Chunk = kept;
  for (let i = 1; i <= 3; i++) {
    last = lease(job.assign(`w${i}`, i, 'h'));
    t.is(last.id, 1);
    job.workerLost(`w${i}`, 'killed');
  }
  t.deepEqual(job.chunkCounts(), { total: 2, done: 0, retried: 2, failed: 1 });
  t.is(job.onResult(result(last, 'w3', 2)), 'merged');
  t.is(job.onResult(result(kept, 'w0', 3)), 'merged');
  t.true(job.finished);
  t.deepEqual(job.chunkCounts(), { total: 2, done: 2, retried: 2, failed: 0 });
  t.is(job.progress().bytes_done, 200);
});

test('a result split by its actor (too many minutes) merges its part; the rest of the range becomes a new chunk, leased next', (t) => {
  const { job } = makeJob(1);
  const a = lease(job.assign('w1', 1, 'h'));
  t.is(job.onResult({ ...result(a, 'w1', 5), bytes: 40, split_at: 40 }), 'merged');
  t.false(job.finished, 'the rest is still to do');
  t.deepEqual(job.chunkCounts(), { total: 2, done: 1, retried: 0, failed: 0 });
  t.is(job.progress().bytes_done, 40);
  const b = lease(job.assign('w1', 1, 'h'));
  t.deepEqual([b.id, b.start, b.end, b.path], [1, 40, 100, '/x.log']);
  t.deepEqual(job.chunk(a.id), { ...a, end: 40, attempt: 1 });
  // a duplicate of the split result (a retry that also split) changes nothing
  t.is(job.onResult({ ...result(a, 'w2', 5), split_at: 40 }), 'duplicate');
  t.is(job.onResult({ ...result(b, 'w1', 7), bytes: 60 }), 'merged');
  t.true(job.finished);
  t.is(job.merged.lines, 12);
  t.is(job.progress().bytes_done, 100);
});

test('a split outside the chunk (at or before its start, at or past its end) is rejected', (t) => {
  const { job } = makeJob(2);
  const a = lease(job.assign('w1', 1, 'h'));
  for (const split_at of [a.start, a.end, a.end + 10]) t.is(job.onResult({ ...result(a, 'w1', 5), split_at }), 'unknown', String(split_at));
  t.is(job.chunkCounts().total, 2);
  t.is(job.onResult(result(a, 'w1', 5)), 'merged');
});
