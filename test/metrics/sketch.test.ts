/**
 * The response-time sketch (SPEC §4 `response_time`: "quantiles within 1 % of
 * the exact nearest-rank value, from a mergeable sketch").
 *
 * The oracle is the definition itself: sort the values, take the
 * ceil(q·n)-th (1-based, at least the first).
 */
import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import { Sketch, type SketchWire } from '../../src/internal.js';

const QS = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function exactQuantile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

function sketchOf(values: readonly number[]): Sketch {
  const s = new Sketch();
  for (const v of values) s.add(v);
  return s;
}

/** Asserts every quantile of `values` within `rel` of the exact one (or `abs` ms, when given). */
function assertQuantiles(values: readonly number[], qs: readonly number[], rel = 0.01, abs = 0): void {
  const s = sketchOf(values);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of qs) {
    const exact = exactQuantile(sorted, q);
    const got = s.quantile(q);
    const err = Math.abs(got - exact);
    assert.ok(
      err <= rel * exact || err <= abs,
      `q=${q} n=${values.length}: sketch ${got} vs exact ${exact} (error ${((100 * err) / exact).toFixed(3)} %)`,
    );
  }
}

/** A millisecond value with microsecond precision, the finest a log line usually carries. */
const atMicros = (us: number): number => us / 1000;

/** ms values from a lognormal distribution (Box-Muller on two uniforms), rounded to µs. */
const lognormalMs = fc
  .record({
    mu: fc.double({ min: Math.log(0.5), max: Math.log(5000), noNaN: true }),
    sigma: fc.double({ min: 0.05, max: 2, noNaN: true }),
    us: fc.array(
      fc.tuple(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      { minLength: 1, maxLength: 600 },
    ),
  })
  .map(({ mu, sigma, us }) =>
    us.map(([u1, u2]) => {
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.round(Math.exp(mu + sigma * z) * 1000) / 1000;
    }),
  );

const quantileArb = fc.oneof(fc.constantFrom(...QS), fc.double({ min: 0, max: 1, noNaN: true }));

test('quantiles within 1 % of nearest rank: uniform ms at µs precision', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 256, max: 60_000_000 }).map(atMicros), { minLength: 1, maxLength: 800 }),
      fc.array(quantileArb, { minLength: 1, maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs]),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles within 1 % of nearest rank: uniform over any double ≥ 0.256 ms', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.256, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 800 }),
      fc.array(quantileArb, { minLength: 1, maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs]),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles within 1 % of nearest rank: lognormal', (t) => {
  fc.assert(
    fc.property(lognormalMs, fc.array(quantileArb, { maxLength: 8 }), (values, qs) =>
      assertQuantiles(values, [...QS, ...qs]),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles of values below 0.256 ms (whole µs) are exact', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 255 }).map(atMicros), { minLength: 1, maxLength: 500 }),
      fc.array(quantileArb, { maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs], 0, 0),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles of sub-µs values below 0.256 ms: within 1 % or the 1 µs resolution', (t) => {
  // Values carry fractions of a µs (a log may say "took 1.5us"): the sketch
  // keeps whole µs, so the bound here is 1 % or half a µs plus half a bucket.
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 0.256, noNaN: true }), { minLength: 1, maxLength: 500 }),
      fc.array(quantileArb, { maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs], 0.01, 0.001),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles within 1 % of nearest rank: values of hours', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 3_600_000, max: 48 * 3_600_000, noNaN: true }), { minLength: 1, maxLength: 500 }),
      fc.array(quantileArb, { maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs]),
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('quantiles within 1 % across mixed scales (µs to days) and around powers of two', (t) => {
  const around2k = fc
    .tuple(fc.integer({ min: 8, max: 46 }), fc.integer({ min: -3, max: 3 }))
    .map(([k, d]) => atMicros(Math.max(0, 2 ** k + d)));
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          around2k,
          fc.integer({ min: 0, max: 255 }).map(atMicros),
          fc.integer({ min: 256, max: 2 ** 40 }).map(atMicros),
        ),
        { minLength: 1, maxLength: 600 },
      ),
      fc.array(quantileArb, { maxLength: 8 }),
      (values, qs) => assertQuantiles(values, [...QS, ...qs]),
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('a bucket sample: 1..100000 ms, every integer', (t) => {
  const values = Array.from({ length: 100_000 }, (_, i) => i + 1);
  const s = sketchOf(values);
  for (const q of QS) {
    const exact = exactQuantile(values, q);
    t.true(Math.abs(s.quantile(q) - exact) <= 0.01 * exact, `q=${q}: ${s.quantile(q)} vs ${exact}`);
  }
  t.is(s.min, 1);
  t.is(s.max, 100_000);
});

test('an empty sketch: NaN quantiles and mean, n 0, empty wire form', (t) => {
  const s = new Sketch();
  for (const q of QS) t.true(Number.isNaN(s.quantile(q)), `q=${q}`);
  t.true(Number.isNaN(s.mean()));
  t.is(s.n, 0);
  t.deepEqual(s.toWire(), { n: 0, sumUs: 0, min: 0, max: 0, b: [] });
  const back = Sketch.fromWire(s.toWire());
  t.true(Number.isNaN(back.quantile(0.5)));
  t.true(Number.isNaN(back.mean()));
  // merging an empty sketch changes nothing, either way round
  const one = sketchOf([12.5]);
  const before = one.toWire();
  one.merge(new Sketch());
  t.deepEqual(one.toWire(), before);
  const e = new Sketch();
  e.merge(sketchOf([12.5]));
  t.deepEqual(e.toWire(), before);
});

test('min and max are the exact values added', (t) => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.integer({ min: 0, max: 10_000_000 }).map(atMicros)),
        { minLength: 1, maxLength: 300 },
      ),
      (values) => {
        const s = sketchOf(values);
        assert.equal(s.min, Math.min(...values));
        assert.equal(s.max, Math.max(...values));
        // quantiles never leave [min, max]
        for (const q of QS) assert.ok(s.quantile(q) >= s.min && s.quantile(q) <= s.max, `q=${q}`);
        assert.equal(s.n, values.length);
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('the mean is exact: integer µs sum over n', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000_000 }), { minLength: 1, maxLength: 500 }), (us) => {
      const s = sketchOf(us.map(atMicros));
      const sum = us.reduce((a, b) => a + BigInt(b), 0n);
      assert.equal(BigInt(s.sumUs), sum);
      assert.equal(s.mean(), Number(sum) / us.length / 1000);
    }),
    { numRuns: 200 },
  );
  // a value with a sub-µs fraction counts as its nearest µs
  const s = sketchOf([0.0004, 0.0006, 1.2344, 1.2346]);
  t.is(s.sumUs, 0 + 1 + 1234 + 1235);
  t.is(s.mean(), 2470 / 4 / 1000);
});

test('merge of sketches equals the sketch of the concatenated values, in any order', (t) => {
  const values = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 36 }).map(atMicros),
    fc.double({ min: 0, max: 1e7, noNaN: true }),
    fc.integer({ min: 0, max: 300 }).map(atMicros),
  );
  fc.assert(
    fc.property(
      fc.array(fc.array(values, { maxLength: 200 }), { minLength: 1, maxLength: 8 }),
      fc.integer(),
      (parts, seed) => {
        const all = parts.flat();
        const want = sketchOf(all).toWire();
        const sketches = parts.map(sketchOf);
        // in order
        const a = new Sketch();
        for (const s of sketches) a.merge(s);
        assert.deepEqual(a.toWire(), want);
        // in a shuffled order, into the first non-trivial sketch (not an empty one)
        const order = shuffle(sketches.map((_, i) => i), seed);
        const b = sketchOf(parts[order[0]]);
        for (const i of order.slice(1)) b.merge(sketches[i]);
        assert.deepEqual(b.toWire(), want);
        // a tree: pairwise
        let level = sketches.map((s) => Sketch.fromWire(s.toWire()));
        while (level.length > 1) {
          const next: Sketch[] = [];
          for (let i = 0; i < level.length; i += 2) {
            if (i + 1 < level.length) level[i].merge(level[i + 1]);
            next.push(level[i]);
          }
          level = next;
        }
        assert.deepEqual(level[0].toWire(), want);
        // the merged sketch answers like the one built from all values
        const whole = sketchOf(all);
        for (const q of QS) assert.equal(Object.is(b.quantile(q), whole.quantile(q)), true, `q=${q}`);
        assert.equal(Object.is(b.mean(), whole.mean()), true);
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('sums past 2^53 µs saturate, so merge order cannot change the last bit (addExact)', (t) => {
  // 2^53 - 1 µs is 285 years of response time: beyond it a double rounds, and
  // (a + b) + c differed from a + (b + c) in a property test of the lane
  const big = 2 ** 53 - 1;
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant(1e30), fc.integer({ min: 0, max: 2 ** 52 }).map(atMicros), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 2, maxLength: 40 }), fc.integer(), (vals, seed) => {
      const parts = vals.map((v) => sketchOf([v]));
      const forward = new Sketch();
      for (const p of parts) forward.merge(p);
      const shuffled = new Sketch();
      for (const i of shuffle(parts.map((_, i) => i), seed)) shuffled.merge(parts[i]);
      const exact = vals.reduce((a, v) => a + BigInt(Math.min(big, Math.round(v * 1000))), 0n);
      const want = exact > BigInt(big) ? big : Number(exact);
      assert.equal(forward.sumUs, want);
      assert.equal(shuffled.sumUs, want);
      assert.equal(sketchOf(vals).sumUs, want);
    }),
    { numRuns: 300 },
  );
  t.is(sketchOf([1e30, 1e30]).sumUs, big);
});

test('merge across far-apart ranges (µs into hours and back) keeps every bucket', (t) => {
  const low = sketchOf([0, 0.001, 0.002, 0.1]);
  const high = sketchOf([3_600_000, 7_200_000.5]);
  const a = Sketch.fromWire(low.toWire());
  a.merge(high);
  const b = Sketch.fromWire(high.toWire());
  b.merge(low);
  const want = sketchOf([0, 0.001, 0.002, 0.1, 3_600_000, 7_200_000.5]).toWire();
  t.deepEqual(a.toWire(), want);
  t.deepEqual(b.toWire(), want);
  t.is(a.n, 6);
  t.is(a.quantile(0.5), 0.002);
  t.true(Math.abs(a.quantile(1) - 7_200_000.5) <= 72_000);
});

test('wire round trip: fromWire(toWire(s)) answers and serializes like s, through JSON too', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.integer({ min: 0, max: 1e7 }).map(atMicros)), {
        maxLength: 400,
      }),
      fc.array(fc.double({ min: 0, max: 1e8, noNaN: true }), { maxLength: 50 }),
      (values, more) => {
        const s = sketchOf(values);
        const w = s.toWire();
        const json = JSON.parse(JSON.stringify(w)) as SketchWire;
        assert.deepEqual(json, w);
        const back = Sketch.fromWire(json);
        assert.deepEqual(back.toWire(), w);
        assert.equal(back.n, s.n);
        assert.equal(back.sumUs, s.sumUs);
        for (const q of QS) assert.equal(Object.is(back.quantile(q), s.quantile(q)), true, `q=${q}`);
        assert.equal(Object.is(back.mean(), s.mean()), true);
        // a revived sketch keeps working: adding more equals adding all at once
        for (const v of more) back.add(v);
        assert.deepEqual(back.toWire(), sketchOf([...values, ...more]).toWire());
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('fromWire rejects buckets out of range or not ascending', (t) => {
  t.throws(() => Sketch.fromWire({ n: 2, sumUs: 3, min: 0.001, max: 0.002, b: [1, 1, 0, 1] }), { instanceOf: RangeError });
  t.throws(() => Sketch.fromWire({ n: 1, sumUs: 1, min: 0.001, max: 0.001, b: [1e6, 1] }), { instanceOf: RangeError });
});

/** Fisher-Yates with a small seeded generator (mulberry32). */
function shuffle<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
