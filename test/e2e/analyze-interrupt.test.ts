/**
 * Ctrl-C during `loga analyze`'s progress bar, typed on a pseudo-terminal.
 * The bar hides the cursor (`\x1b[?25l`); the process used to die of the
 * SIGINT with the cursor still hidden (20 of 20 runs). It must show it again
 * (`\x1b[?25h`) and still die of the signal (status 130), promptly, with no
 * warning about its actors (which the Ctrl-C reaches too) and none of them
 * left running. Then the other ways out while a bar is shown: a SIGTERM, and
 * process.exit().
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultGenOptions, generate } from '../../src/internal.js';
import { CLI } from '../helpers/cli.js';
import { CTRL_C, runInPty } from '../helpers/pty.js';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const RUNS = 5;

const dir = mkdtempSync(join(tmpdir(), 'loga-interrupt-'));
const file = join(dir, 'app.log');
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test.before(async () => {
  await generate({ ...defaultGenOptions(), out: file, size: 20 * 1024 * 1024, format: 'standard', seed: 3 });
});

test.serial('Ctrl-C at the progress bar: the cursor is shown again, the process dies of SIGINT (130), quietly, actors gone', async (t) => {
  t.timeout(90_000);
  for (let run = 0; run < RUNS; run++) {
    // 4 KiB chunks: 5,120 of them, a job of a few seconds here; the bar shows after 200 ms
    const r = await runInPty([process.execPath, CLI, 'analyze', file, '--chunk-size', '4kb'], [{ waitFor: HIDE_CURSOR, keys: CTRL_C }], 30_000);
    const where = `run ${run}: ${JSON.stringify(r.output.slice(-600))}`;
    t.false(r.timedOut, `did not exit within 30 s; ${where}`);
    t.deepEqual(r.typedAt.length, 1, `the bar never hid the cursor; ${where}`);
    const after = r.output.slice(r.typedAt[0]);
    t.true(after.includes(SHOW_CURSOR), `cursor still hidden after Ctrl-C; ${where}`);
    t.is(r.status, 130, where);
    t.notRegex(after, /WARN|ERROR|crashed/, where);
    t.false(r.leftover, `actors still running 3 s after the supervisor exited; ${where}`);
  }
});

/** A process that shows a bar (src/report/progress.ts) on its TTY stderr, then ends as `end` says. */
function barThen(end: string): string[] {
  const mod = resolve('dist/src/report/progress.js');
  const script = `
    import { progressBar } from ${JSON.stringify(mod)};
    progressBar(true).update({ bytes_done: 1, bytes_total: 10, chunks_done: 0, chunks_total: 1, workers: 1, eta_s: null });
    setInterval(() => {}, 1000); // alive, as during a job
    setTimeout(() => { ${end} }, 300);
  `;
  return [process.execPath, '--input-type=module', '-e', script];
}

test.serial('a SIGTERM while a bar is shown: the cursor is shown again, the process dies of it (143)', async (t) => {
  const r = await runInPty(barThen("process.kill(process.pid, 'SIGTERM')"), [], 20_000);
  t.false(r.timedOut);
  const hidden = r.output.indexOf(HIDE_CURSOR);
  t.true(hidden >= 0, JSON.stringify(r.output));
  t.true(r.output.slice(hidden).includes(SHOW_CURSOR), JSON.stringify(r.output));
  t.is(r.status, 143);
});

test.serial('process.exit() while a bar is shown: the cursor is shown again, the exit status kept', async (t) => {
  const r = await runInPty(barThen('process.exit(5)'), [], 20_000);
  t.false(r.timedOut);
  const hidden = r.output.indexOf(HIDE_CURSOR);
  t.true(hidden >= 0, JSON.stringify(r.output));
  t.true(r.output.slice(hidden).includes(SHOW_CURSOR), JSON.stringify(r.output));
  t.is(r.status, 5);
});
