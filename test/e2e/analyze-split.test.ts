/**
 * A chunk that spans more minutes than a worker keeps rows for is split by
 * the worker (result.split_at) and the rest becomes a new chunk: through the
 * real CLI, on a quiet log spanning many minutes, the figures equal those of
 * a run without splits, with more chunks done than planned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { type Summary } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-split-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The figures of a summary, without what depends on how the work was cut and timed. */
function figures(s: Summary): Record<string, unknown> {
  const { job: _j, duration_ms: _d, throughput_mb_s: _t, chunks: _c, workers: _w, ...rest } = s;
  return rest;
}

test('a quiet log spanning hours, 3 minute rows per partial at most: the figures of an unsplit run', async (t) => {
  const log = join(dir, 'quiet.log');
  // 2 requests a second for ~45 minutes of log time
  const gen = await loga(['gen', log, '--size', '300kb', '--rps', '2', '--seed', '5']);
  t.is(gen.exitCode, 0, String(gen.stderr));
  const whole = await loga(['analyze', log, '--json', '--workers', '2', '--chunk-size', '64kb']);
  t.is(whole.exitCode, 0, String(whole.stderr));
  const split = await loga(['analyze', log, '--json', '--workers', '2', '--chunk-size', '64kb'], { env: { LOGA_MAX_CHUNK_MINUTES: '3' } });
  t.is(split.exitCode, 0, String(split.stderr));
  const a = JSON.parse(String(whole.stdout)) as Summary;
  const b = JSON.parse(String(split.stdout)) as Summary;
  t.true(a.per_minute.length > 30, `${a.per_minute.length} minutes`);
  t.is(a.chunks.total, 5);
  t.true(b.chunks.total > 10, `${b.chunks.total} chunks after splits`);
  t.is(b.chunks.done, b.chunks.total);
  t.is(b.workers.reduce((n, w) => n + w.bytes, 0), b.bytes, 'the workers covered every byte once');
  t.deepEqual(figures(b), figures(a));
});
