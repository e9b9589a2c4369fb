/**
 * SPEC §7 / issue 4: a worker's memory does not grow with the chunk size. One
 * actor process reads a 100 MB chunk; its peak RSS may exceed its RSS before
 * the lease by less than 64 MB.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { generate, defaultGenOptions } from '../../src/gen/generate.js';

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
  t.true(peakKb / 1024 < 100, `peak ${(peakKb / 1024).toFixed(1)} MB`);
});
