/**
 * SPEC §7 / issue 4: a worker's memory does not grow with the chunk size, nor
 * with the time a chunk spans. One actor process reads a 100 MB chunk; its
 * peak RSS may exceed its RSS before the lease by less than 64 MB. And a
 * 32 MB chunk of a log with a line a minute (600,000 minutes) is split by the
 * actor into partials of at most 512 minute rows, within the same bound.
 */
import test from 'ava';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { execa } from 'execa';
import { defaultGenOptions, generate } from '../../src/internal.js';

/**
 * RSS (MB) of a real local actor (the bundled dist/src/actors/worker-main.js)
 * once it has asked for work: the probe loads every module of loga
 * (src/internal.ts, about 20 MB more than an actor), so the SPEC's 100 MB
 * bound is checked on this base plus what the probe's scan added.
 */
async function actorBaseMb(): Promise<number> {
  const child = fork(resolve('dist/src/actors/worker-main.js'), [], { env: { ...process.env, LOGA_WORKER_ID: 'probe' }, stdio: 'ignore' });
  try {
    await once(child, 'message');
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } finally {
    child.kill('SIGKILL');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'loga-mem-'));
const file = join(dir, 'chunk.log');
const CHUNK = 100 * 1000 * 1000;
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('a 100 MB chunk adds less than 64 MB to the worker', async (t) => {
  await generate({ ...defaultGenOptions(), out: file, size: CHUNK + 1024 * 1024, format: 'standard', seed: 5, malformed: 0.01 });
  const r = await execa(process.execPath, [resolve('dist/test/helpers/rss-probe.js'), file, String(CHUNK)], { timeout: 60_000 });
  const { beforeKb, peakKb, lines } = JSON.parse(String(r.stdout)) as { beforeKb: number; peakKb: number; lines: number };
  const growthMb = (peakKb - beforeKb) / 1024;
  t.log(`RSS before the lease ${(beforeKb / 1024).toFixed(1)} MB, peak ${(peakKb / 1024).toFixed(1)} MB: +${growthMb.toFixed(1)} MB for ${lines} lines`);
  t.true(lines > 1_500_000, `lines ${lines}`);
  t.true(growthMb < 64, `grew by ${growthMb.toFixed(1)} MB`);
  const base = await actorBaseMb();
  t.true(base + growthMb < 100, `an actor of ${base.toFixed(1)} MB + ${growthMb.toFixed(1)} MB`);
});

test('a 32 MB chunk spanning 600,000 minutes (a line a minute) is split, and adds less than 64 MB to the worker', async (t) => {
  const quiet = join(dir, 'quiet.log');
  const out = createWriteStream(quiet);
  const t0 = Date.UTC(2023, 0, 1);
  let bytes = 0;
  let n = 0;
  while (bytes < 32 * 1000 * 1000) {
    const line = `${new Date(t0 + n * 60_000).toISOString().replace('T', ' ').slice(0, 23)} INFO heartbeat ok took ${n % 997}ms\n`;
    bytes += line.length;
    n++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const r = await execa(process.execPath, [resolve('dist/test/helpers/rss-probe.js'), quiet, String(bytes)], { timeout: 120_000 });
  const { beforeKb, peakKb, lines, leases } = JSON.parse(String(r.stdout)) as { beforeKb: number; peakKb: number; lines: number; leases: number };
  const growthMb = (peakKb - beforeKb) / 1024;
  t.log(`${lines} lines in ${leases} leases; RSS before ${(beforeKb / 1024).toFixed(1)} MB, peak ${(peakKb / 1024).toFixed(1)} MB: +${growthMb.toFixed(1)} MB`);
  t.is(lines, n);
  t.true(leases >= Math.floor(n / 513), `${leases} leases for ${n} minutes`);
  t.true(growthMb < 64, `grew by ${growthMb.toFixed(1)} MB`);
  const base = await actorBaseMb();
  t.log(`a local actor asking for work: ${base.toFixed(1)} MB`);
  t.true(base + growthMb < 100, `an actor of ${base.toFixed(1)} MB + ${growthMb.toFixed(1)} MB`);
});
