/**
 * SIGKILL (and SIGTERM, SIGSTOP) of a local worker actor mid-run: the run completes with exit 0
 * semantics (no failed chunk), figures identical to an undisturbed run, and
 * the summary shows the retried chunk and the restart.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, defaultGenOptions, generate, type Job, renderSummary } from '../../src/internal.js';
import { figuresOf } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-kill-'));
const file = join(dir, 'big.log');
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** An onStart that calls act(pid, worker) once, when chunk `id` is leased. */
function atLease(id: number, act: (pid: number, worker: string) => void): (job: Job) => void {
  let acted = false;
  return (job) =>
    job.on('leased', (chunk, worker) => {
      if (acted || chunk.id !== id) return;
      const pid = job.workers.get(worker)?.pid;
      if (pid === undefined) return;
      acted = true;
      act(pid, worker);
    });
}

test.serial.before(async () => {
  await generate({ ...defaultGenOptions(), out: file, size: 110 * 1024 * 1024, format: 'standard', seed: 42, malformed: 0.001 });
});

test.serial('a worker killed with SIGKILL mid-run: same figures, the chunk retried, the actor restarted', async (t) => {
  const opts = { files: [file], workers: 2, chunkSize: 8 * 1024 * 1024 };
  const undisturbed = await analyze(opts);
  t.is(undisturbed.chunks.failed, 0);
  t.is(undisturbed.chunks.retried, 0);

  let killed: { pid: number; chunk: number } | null = null;
  const disturbed = await analyze({
    ...opts,
    // the 4th chunk handed out: well inside the run, the worker is reading it
    onStart: atLease(3, (pid) => {
      killed = { pid, chunk: 3 };
      setTimeout(() => process.kill(pid, 'SIGKILL'), 5);
    }),
  });
  t.not(killed, null, 'a worker was killed');
  t.is(disturbed.chunks.failed, 0);
  t.true(disturbed.chunks.retried >= 1, `retried ${disturbed.chunks.retried}`);
  t.is(disturbed.workers.reduce((n, w) => n + w.restarts, 0), 1);
  t.deepEqual(figuresOf(disturbed), figuresOf(undisturbed));
  t.true(undisturbed.lines > 1_000_000);
  const table = renderSummary(disturbed);
  t.regex(table, /[1-9]\d* retried/);
  t.regex(table, /1 restart \(w\d: 1\)/);
});

test.serial('a local actor that hangs (SIGSTOP) is noticed after 3 s of silence, killed and restarted; the figures are exact', async (t) => {
  t.timeout(60_000);
  const opts = { files: [file], workers: 2, chunkSize: 8 * 1024 * 1024 };
  const undisturbed = await analyze(opts);
  let stopped: { pid: number; worker: string } | null = null;
  const disturbed = await analyze({
    ...opts,
    onStart: atLease(2, (pid, worker) => {
      stopped = { pid, worker };
      process.kill(pid, 'SIGSTOP');
    }),
  });
  t.not(stopped, null, 'an actor was stopped');
  const s = stopped as unknown as { pid: number; worker: string };
  t.is(disturbed.chunks.failed, 0);
  t.true(disturbed.chunks.retried >= 1);
  t.true(disturbed.duration_ms >= 3000, `the chunk moved after the 3 s of silence (${disturbed.duration_ms} ms)`);
  t.throws(() => process.kill(s.pid, 0), { code: 'ESRCH' }, 'the hung actor was killed');
  // it is restarted too, but the other actor may finish the job first: the
  // restart shows in the summary only when the new process came up in time
  const w = disturbed.workers.find((x) => x.id === s.worker);
  t.true((w?.restarts ?? 0) <= 1, JSON.stringify(disturbed.workers));
  t.deepEqual(figuresOf(disturbed), figuresOf(undisturbed));
});

test.serial('a local actor ended by a SIGTERM from outside (it exits with 0) gives its lease back when it exits, not after 3 s of silence', async (t) => {
  const opts = { files: [file], workers: 2, chunkSize: 8 * 1024 * 1024 };
  const undisturbed = await analyze(opts);
  let termed: { pid: number; worker: string } | null = null;
  const reasons: string[] = [];
  const silent: string[] = [];
  const disturbed = await analyze({
    ...opts,
    onStart: (job) => {
      job.on('reassigned', (_chunk, _from, reason) => reasons.push(reason));
      job.on('silent', (id) => silent.push(id));
      atLease(3, (pid, worker) => {
        termed = { pid, worker };
        setTimeout(() => process.kill(pid, 'SIGTERM'), 5);
      })(job);
    },
  });
  t.not(termed, null, 'an actor was sent SIGTERM');
  const w = (termed as unknown as { worker: string }).worker;
  t.deepEqual(silent, [], 'nobody waited for a silence');
  t.true(
    reasons.some((r) => r === `${w} exited (code 0)`),
    `reasons: ${JSON.stringify(reasons)}`,
  );
  t.is(disturbed.chunks.failed, 0);
  t.true(disturbed.chunks.retried >= 1);
  t.deepEqual(figuresOf(disturbed), figuresOf(undisturbed));
});
