/** Helpers shared by the metrics and property tests (not a test file: no `.test.` in the name). */
import { emptyPartial, fromWire, merge, mergeInto, type PartialMetrics, type PartialWire, toWire } from '../../src/internal.js';

/** A small seeded generator (mulberry32): the same seed gives the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy. */
export function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const rnd = rng(seed);
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The wire form with the error groups sorted by template. toWire lists the
 * groups in Map insertion order, which depends on merge order; the groups
 * themselves (count, example, position) must not.
 */
export function canonicalWire(p: PartialMetrics): PartialWire {
  const w = toWire(p);
  w.errors.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return w;
}

/** Merges all partials (pure merge) in the order given. */
export function mergeAll(parts: readonly PartialMetrics[]): PartialMetrics {
  return parts.reduce((acc, p) => merge(acc, p), emptyPartial());
}

/** Merges all partials by joining two random ones at a time (a random tree), with mergeInto. */
export function mergeTree(parts: readonly PartialMetrics[], seed: number): PartialMetrics {
  const rnd = rng(seed);
  // copies, so the inputs stay unchanged
  const pool = parts.map((p) => fromWire(toWire(p)));
  if (pool.length === 0) return emptyPartial();
  while (pool.length > 1) {
    const i = Math.floor(rnd() * pool.length);
    const a = pool.splice(i, 1)[0];
    const j = Math.floor(rnd() * pool.length);
    const b = pool[j];
    pool[j] = rnd() < 0.5 ? mergeInto(a, b) : mergeInto(b, a);
  }
  return pool[0];
}

/** A partial after a trip through JSON, as it arrives over IPC or NATS. */
export function viaJson(p: PartialMetrics): PartialMetrics {
  return fromWire(JSON.parse(JSON.stringify(toWire(p))) as PartialWire);
}
