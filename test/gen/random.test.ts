import test from 'ava';
import { lognormalTable, normalQuantile, Rng } from '../../src/internal.js';

function draws(seed: number, n: number): number[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => r.u32());
}

test('same seed, same sequence; other seeds differ', (t) => {
  t.deepEqual(draws(7, 100), draws(7, 100));
  t.notDeepEqual(draws(7, 100), draws(8, 100));
  t.notDeepEqual(draws(1, 100), draws(1.5, 100));
  t.notDeepEqual(draws(0, 100), draws(-0.5, 100));
  t.notDeepEqual(draws(2 ** 32, 100), draws(0, 100));
});

test('u32 is a uint32; float in [0, 1) with mean ~0.5', (t) => {
  const r = new Rng(123);
  let sum = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const u = r.u32();
    if (!(Number.isInteger(u) && u >= 0 && u < 2 ** 32)) t.fail(`u32 ${u}`);
    const f = r.float();
    if (!(f >= 0 && f < 1)) t.fail(`float ${f}`);
    sum += f;
  }
  t.true(Math.abs(sum / n - 0.5) < 0.005);
});

test('int and range stay in bounds and cover them evenly', (t) => {
  const r = new Rng(5);
  const counts = new Array<number>(10).fill(0);
  const n = 100_000;
  for (let i = 0; i < n; i++) counts[r.int(10)]++;
  for (const c of counts) t.true(Math.abs(c / n - 0.1) < 0.01, `bucket share ${c / n}`);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const v = r.range(-2, 2);
    if (v < -2 || v > 2 || !Number.isInteger(v)) t.fail(`range ${v}`);
    seen.add(v);
  }
  t.deepEqual([...seen].sort(), [-1, -2, 0, 1, 2]);
});

test('chance(p) hits about p of the time', (t) => {
  const r = new Rng(9);
  let hits = 0;
  for (let i = 0; i < 100_000; i++) if (r.chance(0.02)) hits++;
  t.true(Math.abs(hits / 100_000 - 0.02) < 0.002);
  t.false(r.chance(0));
});

test('normalQuantile matches known values', (t) => {
  t.true(Math.abs(normalQuantile(0.5)) < 1e-9);
  t.true(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-6);
  t.true(Math.abs(normalQuantile(0.01) + 2.326347874) < 1e-6);
  t.true(Math.abs(normalQuantile(0.999) - 3.090232306) < 1e-6);
});

test('lognormalTable is increasing with the requested median', (t) => {
  const tab = lognormalTable(100, 0.5, 1024);
  for (let i = 1; i < tab.length; i++) if (!(tab[i] > tab[i - 1])) t.fail(`not increasing at ${i}`);
  t.true(Math.abs((tab[511] + tab[512]) / 2 - 100) < 1);
});
