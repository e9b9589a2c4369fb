/**
 * Failure semantics that must never hang a job: a chunk whose worker dies on
 * every attempt is reported failed after 3 attempts (exit 3, figures cover the
 * rest); actors dying faster than the restart intensity allows make the
 * supervisor give up, and the job still ends.
 */
import test from 'ava';
import { statSync } from 'node:fs';
import { analyze, exitStatusOf, parseStandard, runEmbedded, scanChunk } from '../../src/internal.js';
import { vectorPath } from '../helpers/vectors.js';

test('a chunk that kills its worker on every attempt fails after 3 attempts; the rest is counted', async (t) => {
  const attempts: number[] = [];
  const s = await analyze({
    files: [vectorPath('normal.log')],
    workers: 2,
    chunkSize: 16 * 1024,
    onStart: (job) => {
      job.on('leased', (chunk, worker) => {
        if (chunk.id !== 2) return;
        attempts.push(chunk.attempt);
        const pid = job.workers.get(worker)?.pid;
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      });
    },
  });
  t.deepEqual(attempts, [1, 2, 3]);
  t.is(s.chunks.failed, 1);
  t.is(s.chunks.done, s.chunks.total - 1);
  t.is(exitStatusOf(s), 3);
  t.is(s.failed_chunks.length, 1);
  t.is(s.failed_chunks[0].id, 2);
  t.is(s.failed_chunks[0].reasons.length, 3);
  // exactly the lines of the failed chunk are missing, every other line is counted once
  const lost = scanChunk({ path: vectorPath('normal.log'), file: 0, start: 2 * 16 * 1024, end: 3 * 16 * 1024 }, parseStandard);
  t.true(lost.lines > 0);
  t.is(s.lines, 3000 - lost.lines);
  t.is(s.workers.reduce((n, w) => n + w.restarts, 0), 3);
});

test('actors dying faster than 5 restarts in 10 s: the supervisor gives up and the job ends (exit 3)', async (t) => {
  let kills = 0;
  const s = await analyze({
    files: [vectorPath('normal.log')],
    workers: 2,
    chunkSize: 4 * 1024,
    onStart: (job) => {
      job.on('leased', (_chunk, worker) => {
        const pid = job.workers.get(worker)?.pid;
        if (pid !== undefined) {
          kills++;
          process.kill(pid, 'SIGKILL');
        }
      });
    },
  });
  t.true(kills >= 6, `kills ${kills}`);
  t.is(s.chunks.done, 0);
  t.is(s.chunks.failed, s.chunks.total);
  t.is(exitStatusOf(s), 3);
  t.true(s.failed_chunks.some((f) => f.reasons.some((r) => /supervisor gave up/.test(r))));
});

test('a lease for a format the worker does not know fails its chunks, naming the format; the job ends (exit 3)', async (t) => {
  const path = vectorPath('malformed.log');
  const s = await runEmbedded([{ path, bytes: statSync(path).size, format: 'xml' }], { files: [path], workers: 2, chunkSize: 8 * 1024 });
  t.is(s.chunks.done, 0);
  t.is(s.chunks.failed, s.chunks.total);
  t.is(exitStatusOf(s), 3);
  for (const f of s.failed_chunks) {
    t.is(f.reasons.length, 3, 'three attempts');
    for (const r of f.reasons) t.regex(r, /unknown format 'xml'; this loga knows .*json, logfmt, .*nginx, .*standard/);
  }
});
