/**
 * The supervisor keeps minute rows packed (src/metrics/packed-minutes.ts):
 * packing must lose nothing, merging packed rows must equal merging objects,
 * and a row must cost bytes, not kilobytes, so that a job spanning a year of
 * minutes fits in the supervisor.
 */
import test from 'ava';
import fc from 'fast-check';
import { addStat, emptyMinute, emptyPartial, HOT_ROWS, mergeInto, type MinuteRow, newSeconds, PackedMinutes, packRow, toWire, unpackRow } from '../../src/internal.js';

const rowArb: fc.Arbitrary<MinuteRow> = fc
  .record({
    entries: fc.nat({ max: 1_000_000 }),
    errors: fc.nat({ max: 1000 }),
    rts: fc.array(fc.oneof(fc.double({ min: 0, max: 100_000, noNaN: true }), fc.constantFrom(0, 0.001, 1, 127, 2 ** 40)), { maxLength: 50 }),
    mem: fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 5 }),
    cpu: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 5 }),
    seconds: fc.array(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 100_000 })), { maxLength: 60 }),
  })
  .map((r) => {
    const row = emptyMinute();
    row.entries = r.entries;
    row.errors = r.errors;
    for (const x of r.rts) row.rt.add(x);
    row.requests = r.rts.length;
    for (const x of r.mem) addStat(row.mem, x);
    for (const x of r.cpu) addStat(row.cpu, x);
    if (r.seconds.length > 0) {
      row.perSecond = newSeconds();
      for (const [s, n] of r.seconds) row.perSecond[s] += n;
    }
    return row;
  });

/** A row as the wire sees it: every figure, in a comparable form. */
function wireOf(row: MinuteRow): unknown {
  const p = emptyPartial();
  p.minutes.set(0, row);
  return toWire(p).minutes;
}

test('a packed row unpacks to the same row', (t) => {
  fc.assert(
    fc.property(rowArb, (row) => {
      t.deepEqual(wireOf(unpackRow(packRow(row))), wireOf(row));
    }),
    { numRuns: 300 },
  );
});

/** The rows merged into PackedMinutes (each a fresh copy: the store keeps what it is given) and into a plain partial. */
function mergeBothWays(rows: [number, MinuteRow][]): { packed: PackedMinutes; plain: ReturnType<typeof emptyPartial> } {
  const packed = new PackedMinutes();
  const plain = emptyPartial();
  for (const [m, row] of rows) {
    packed.mergeRow(m, unpackRow(packRow(row)));
    const one = emptyPartial();
    one.minutes.set(m, row);
    mergeInto(plain, one);
  }
  return { packed, plain };
}

test('merging into packed rows equals merging rows, in any order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), rowArb), { maxLength: 20 }), (rows) => {
      const { packed, plain } = mergeBothWays(rows);
      t.is(packed.size, plain.minutes.size);
      for (const [m, row] of plain.minutes) t.deepEqual(wireOf(packed.get(m) as MinuteRow), wireOf(row), `minute ${m}`);
    }),
    { numRuns: 200 },
  );
});

test('more minutes than stay unpacked: rows packed on the way out and merged into again equal merging rows', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: HOT_ROWS * 3 }), rowArb), { minLength: HOT_ROWS, maxLength: HOT_ROWS * 5 }), (rows) => {
      const { packed, plain } = mergeBothWays(rows);
      t.is(packed.size, plain.minutes.size);
      t.deepEqual([...packed.keys()].sort((a, b) => a - b), [...plain.minutes.keys()].sort((a, b) => a - b));
      for (const [m, row] of plain.minutes) t.deepEqual(wireOf(packed.get(m) as MinuteRow), wireOf(row), `minute ${m}`);
      if (packed.size > HOT_ROWS) t.true(packed.bytes > 0, 'the oldest rows were packed');
    }),
    { numRuns: 40 },
  );
});

test('a year of quiet minutes costs the supervisor under 200 bytes each', (t) => {
  const minutes = 525_600;
  const packed = new PackedMinutes();
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let m = 0; m < minutes; m++) {
    const row = emptyMinute();
    row.entries = 3;
    row.requests = 2;
    row.rt.add(100 + (m % 50));
    row.rt.add(2000);
    row.perSecond = newSeconds();
    row.perSecond[m % 60] = 2;
    packed.mergeRow(28_434_855 + m, row);
  }
  globalThis.gc?.();
  const perMinute = (process.memoryUsage().heapUsed - before) / minutes;
  t.log(`${perMinute.toFixed(0)} bytes of heap per minute row (${(packed.bytes / minutes).toFixed(0)} packed), ${((perMinute * minutes) / 1e6).toFixed(0)} MB for a year`);
  t.true(perMinute < 200, `${perMinute} bytes per minute`);
  t.is(packed.size, minutes);
});
