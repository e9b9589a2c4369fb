/**
 * Merge laws of the partial-metrics value (SPEC §4: "every one mergeable
 * across chunks"; §6: "Final figures equal a one-process run exactly").
 *
 * Partials are built the way a worker builds them: an Accumulator per
 * (chunk of a) file, fed LineRecords in offset order. Every (file, offset)
 * is a distinct line, as in a real job.
 */
import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import { Accumulator, addError, addSample, computeFigures, emptyPartial, ERROR_TEMPLATES_PRUNE_AT, errorTemplate, fromWire, LineRecord, MAX_MALFORMED_SAMPLES, merge, mergeInto, type PartialMetrics, toWire, wireProblem } from '../../src/internal.js';
import { canonicalWire, mergeAll, mergeTree, shuffle, viaJson } from './helpers.js';

const PATHS = ['/logs/a.log', '/logs/b.log', '/logs/c.log'];
const T0 = Date.UTC(2024, 0, 24, 10, 15, 0, 0);

interface EntryEv {
  kind: 'entry';
  ts: number;
  level: number;
  /** a response time; null: none */
  rt: number | null;
  /** a request without a response time (an nginx line without $request_time) */
  bareRequest: boolean;
  mem: number | null;
  cpu: number | null;
  msg: string;
  /** message given as text (json, logfmt) rather than as a byte span */
  asText: boolean;
}
interface BadEv {
  kind: 'bad';
  text: string;
}
type Ev = (EntryEv | BadEv) & { offset: number; owner: number };
type ErrEv = EntryEv & { offset: number; owner: number };

const ERROR_MESSAGES = [
  'Upstream returned 502',
  'Upstream returned 503',
  'Timeout occurred',
  'Timeout after 30 s',
  'Database connection failed',
  'Null pointer in handler /api/orders',
  'Null pointer in handler /api/orders/17',
  'user 42 not found in shard 7',
];

const msgArb = fc.oneof(
  { arbitrary: fc.constantFrom(...ERROR_MESSAGES), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 99999 }).map((n) => `Timeout after ${n} ms`), weight: 3 },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 150 }), weight: 1 },
);

const entryArb: fc.Arbitrary<EntryEv> = fc.record({
  kind: fc.constant('entry' as const),
  ts: fc.oneof(
    { arbitrary: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }).map((d) => T0 + d), weight: 5 },
    { arbitrary: fc.integer({ min: -120_000, max: 120_000 }).map((d) => T0 + d), weight: 5 },
  ),
  level: fc.integer({ min: 0, max: 5 }),
  rt: fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 100_000_000 }).map((us) => us / 1000),
    fc.double({ min: 0, max: 1e5, noNaN: true }),
    // past 2^53 µs once summed: the sums saturate rather than round by order
    fc.constantFrom(1e13, 1e30),
  ),
  bareRequest: fc.boolean(),
  mem: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 65536, noNaN: true }), fc.integer({ min: 0, max: 4096 }), fc.constantFrom(3e12, 1e18)),
  cpu: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 100 })),
  msg: msgArb,
  asText: fc.boolean(),
});

const badArb: fc.Arbitrary<BadEv> = fc.record({
  kind: fc.constant('bad' as const),
  text: fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), fc.constantFrom('this is not a log line', '{"truncated": ')),
});

function evArb(owners: number, badWeight = 1): fc.Arbitrary<Ev> {
  return fc
    .record({
      e: fc.oneof({ arbitrary: entryArb, weight: 3 }, { arbitrary: badArb, weight: badWeight }),
      offset: fc.integer({ min: 0, max: 10_000_000 }),
      owner: fc.integer({ min: 0, max: owners - 1 }),
    })
    .map(({ e, offset, owner }) => ({ ...e, offset, owner }));
}

const EMPTY = new Uint8Array(0);

/** What a worker's Accumulator yields for these lines of one file (fed in offset order). */
function build(file: number, evs: readonly Ev[]): PartialMetrics {
  const acc = new Accumulator(file);
  const rec = new LineRecord();
  for (const e of [...evs].sort((a, b) => a.offset - b.offset)) {
    if (e.kind === 'bad') {
      const b = Buffer.from(e.text);
      acc.malformed(b, 0, b.length, e.offset);
      continue;
    }
    rec.reset();
    rec.ts = e.ts;
    rec.level = e.level;
    if (e.rt !== null) {
      rec.rt = e.rt;
      rec.request = true;
    } else if (e.bareRequest) rec.request = true;
    if (e.mem !== null) rec.mem = e.mem;
    if (e.cpu !== null) rec.cpu = e.cpu;
    let buf: Uint8Array = EMPTY;
    if (e.asText) rec.msgText = e.msg;
    else {
      // the message as a byte span inside a line buffer, behind some prefix
      buf = Buffer.from(`2024-01-24 10:15:00.000 ERROR ${e.msg}`);
      rec.msgStart = buf.length - Buffer.byteLength(e.msg);
      rec.msgEnd = buf.length;
    }
    acc.entry(rec, buf, e.offset);
  }
  const p = acc.finish();
  // what the supervisor accepts: every partial a worker builds (wire-check.ts)
  assert.equal(wireProblem(toWire(p), file), undefined);
  return p;
}

/** n partials: partial k holds the events owned by k, all of file files[k]. */
function scenario(owners: number, opts: { maxEvents?: number; badWeight?: number } = {}) {
  return fc.record({
    files: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: owners, maxLength: owners }),
    events: fc.uniqueArray(evArb(owners, opts.badWeight), { selector: (e) => e.offset, maxLength: opts.maxEvents ?? 60 }),
  });
}

function partsOf(s: { files: number[]; events: Ev[] }): PartialMetrics[] {
  return s.files.map((file, k) =>
    build(
      file,
      s.events.filter((e) => e.owner === k),
    ),
  );
}

function assertSame(x: PartialMetrics, y: PartialMetrics, what: string): void {
  assert.deepEqual(canonicalWire(x), canonicalWire(y), `${what}: wire`);
  assert.deepEqual(computeFigures(x, PATHS), computeFigures(y, PATHS), `${what}: figures`);
}

test('merge is commutative', (t) => {
  fc.assert(
    fc.property(scenario(2), (s) => {
      const [a, b] = partsOf(s);
      assertSame(merge(a, b), merge(b, a), 'merge(a,b) vs merge(b,a)');
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('merge is associative', (t) => {
  fc.assert(
    fc.property(scenario(3), (s) => {
      const [a, b, c] = partsOf(s);
      assertSame(merge(merge(a, b), c), merge(a, merge(b, c)), '(ab)c vs a(bc)');
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('emptyPartial is the identity, on either side', (t) => {
  fc.assert(
    fc.property(scenario(1), (s) => {
      const [a] = partsOf(s);
      // exact (not canonical) wire: merging with nothing must not even reorder
      assert.deepEqual(toWire(merge(emptyPartial(), a)), toWire(a));
      assert.deepEqual(toWire(merge(a, emptyPartial())), toWire(a));
      assert.deepEqual(computeFigures(merge(a, emptyPartial()), PATHS), computeFigures(a, PATHS));
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('merge is pure and mergeInto mutates only its target', (t) => {
  fc.assert(
    fc.property(scenario(2), (s) => {
      const [a, b] = partsOf(s);
      const wa = JSON.stringify(toWire(a));
      const wb = JSON.stringify(toWire(b));
      const m = merge(a, b);
      assert.equal(JSON.stringify(toWire(a)), wa, 'a changed by merge');
      assert.equal(JSON.stringify(toWire(b)), wb, 'b changed by merge');
      // changing the result must not reach the arguments (no shared sketches, rows or groups)
      mergeInto(m, b);
      assert.equal(JSON.stringify(toWire(a)), wa, 'a changed through the merge result');
      assert.equal(JSON.stringify(toWire(b)), wb, 'b changed through the merge result');
      const into = partsOf(s)[0];
      const ret = mergeInto(into, b);
      assert.equal(ret, into);
      assert.deepEqual(canonicalWire(into), canonicalWire(merge(a, b)));
      assert.equal(JSON.stringify(toWire(b)), wb, 'b changed by mergeInto');
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('toWire/fromWire round trip, through JSON', (t) => {
  fc.assert(
    fc.property(scenario(2), (s) => {
      const [a, b] = partsOf(s);
      const w = toWire(a);
      const back = fromWire(JSON.parse(JSON.stringify(w)));
      assert.deepEqual(toWire(back), w);
      assert.deepEqual(computeFigures(back, PATHS), computeFigures(a, PATHS));
      // revived partials merge like the originals
      assertSame(merge(viaJson(a), viaJson(b)), merge(a, b), 'merge of revived partials');
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('merging any split of one file equals one accumulator over the whole file, in any order and shape', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) =>
        fc.record({ n: fc.constant(n), events: fc.uniqueArray(evArb(n), { selector: (e) => e.offset, maxLength: 120 }) }),
      ),
      fc.integer(),
      (s, seed) => {
        const whole = build(0, s.events);
        const parts = Array.from({ length: s.n }, (_, k) => build(0, s.events.filter((e) => e.owner === k)));
        assertSame(mergeAll(parts), whole, 'in order');
        assertSame(mergeAll(shuffle(parts, seed)), whole, 'shuffled');
        assertSame(mergeTree(parts, seed), whole, 'random tree');
        assertSame(mergeAll(shuffle(parts, seed ^ 0x5bd1e995).map(viaJson)), whole, 'through JSON');
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('malformed samples: the 10 earliest by (file, offset), whatever the merge order', (t) => {
  fc.assert(
    fc.property(scenario(6, { maxEvents: 80, badWeight: 6 }), fc.integer(), (s, seed) => {
      const parts = partsOf(s);
      const want = s.events
        .filter((e): e is BadEv & Ev => e.kind === 'bad')
        .map((e) => ({ file: s.files[e.owner], offset: e.offset, text: Buffer.from(e.text).subarray(0, 240).toString('utf8') }))
        .sort((x, y) => x.file - y.file || x.offset - y.offset)
        .slice(0, MAX_MALFORMED_SAMPLES);
      for (const [what, m] of [
        ['in order', mergeAll(parts)],
        ['reversed', mergeAll([...parts].reverse())],
        ['shuffled', mergeAll(shuffle(parts, seed))],
        ['tree', mergeTree(parts, seed)],
      ] as const) {
        assert.deepEqual(m.samples, want, what);
        const f = computeFigures(m, PATHS);
        assert.deepEqual(
          f.malformed_samples,
          want.map((x) => ({ file: PATHS[x.file], offset: x.offset, line: x.text })),
          `${what}: figures`,
        );
        assert.equal(f.malformed_lines, s.events.filter((e) => e.kind === 'bad').length, `${what}: count`);
      }
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('top errors: counts add up and the example is the earliest occurrence, whatever the merge order', (t) => {
  const errEv = fc
    .record({
      template: fc.constantFrom('Upstream returned {}', 'Timeout after {} ms', 'shard {} of {} down', 'Database connection failed'),
      a: fc.integer({ min: 0, max: 999 }),
      b: fc.integer({ min: 0, max: 99 }),
      offset: fc.integer({ min: 0, max: 1_000_000 }),
      owner: fc.integer({ min: 0, max: 4 }),
      asText: fc.boolean(),
      level: fc.constantFrom(4, 5),
    })
    .map(
      (r): ErrEv => ({
        kind: 'entry',
        ts: T0 + r.offset,
        level: r.level,
        rt: null,
        bareRequest: false,
        mem: null,
        cpu: null,
        msg: r.template.replace('{}', String(r.a)).replace('{}', String(r.b)),
        asText: r.asText,
        offset: r.offset,
        owner: r.owner,
      }),
    );
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 5 }),
      fc.uniqueArray(errEv, { selector: (e) => e.offset, minLength: 1, maxLength: 60 }),
      fc.integer(),
      (files, events, seed) => {
        const parts = files.map((file, k) => build(file, events.filter((e) => e.owner === k)));
        const want = new Map<string, { count: number; example: string; pos: [number, number] }>();
        for (const e of events) {
          const pos: [number, number] = [files[e.owner], e.offset];
          const tpl = errorTemplate(e.msg);
          const cur = want.get(tpl);
          if (cur === undefined) want.set(tpl, { count: 1, example: e.msg, pos });
          else {
            cur.count++;
            if (pos[0] < cur.pos[0] || (pos[0] === cur.pos[0] && pos[1] < cur.pos[1])) {
              cur.example = e.msg;
              cur.pos = pos;
            }
          }
        }
        for (const [what, m] of [
          ['in order', mergeAll(parts)],
          ['reversed', mergeAll([...parts].reverse())],
          ['shuffled', mergeAll(shuffle(parts, seed))],
          ['tree', mergeTree(parts, seed)],
        ] as const) {
          assert.equal(m.errors.size, want.size, what);
          for (const [tpl, w] of want) {
            const got = m.errors.get(tpl);
            assert.ok(got, `${what}: ${tpl} missing`);
            assert.equal(got.count, w.count, `${what}: count of ${tpl}`);
            assert.equal(got.example, w.example, `${what}: example of ${tpl}`);
            assert.deepEqual([got.file, got.offset], w.pos, `${what}: position of ${tpl}`);
          }
          const top = computeFigures(m, PATHS).top_errors;
          const sorted = [...want].sort((x, y) => y[1].count - x[1].count || (x[0] < y[0] ? -1 : 1));
          assert.deepEqual(
            top,
            sorted.slice(0, 10).map(([message, w]) => ({ message, count: w.count, example: w.example })),
            `${what}: top_errors`,
          );
        }
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('addSample keeps a sorted, duplicate-free list of at most 10', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ file: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: 0, max: 40 }) }), { maxLength: 60 }),
      (xs) => {
        const p = emptyPartial();
        for (const x of xs) addSample(p, { ...x, text: `${x.file}:${x.offset}` });
        const keys = [...new Set(xs.map((x) => x.file * 1000 + x.offset))].sort((a, b) => a - b).slice(0, 10);
        assert.deepEqual(
          p.samples.map((s) => s.file * 1000 + s.offset),
          keys,
        );
        for (const s of p.samples) assert.equal(s.text, `${s.file}:${s.offset}`);
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('addError merges groups: counts add, the earliest position gives the example', (t) => {
  const p = emptyPartial();
  addError(p, 'Upstream returned #', 3, 'Upstream returned 502', 1, 500);
  addError(p, 'Upstream returned #', 2, 'Upstream returned 503', 0, 900);
  addError(p, 'Upstream returned #', 4, 'Upstream returned 504', 1, 10);
  addError(p, 'Upstream returned #', 1, 'Upstream returned 505', 0, 901);
  t.deepEqual(p.errors.get('Upstream returned #'), { count: 10, example: 'Upstream returned 503', file: 0, offset: 900 });
  t.is(p.errors.size, 1);
  t.is(p.errorsUncounted, 0);
});

test('beyond the template cap, no error is lost: counted or uncounted, whatever the order', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: ERROR_TEMPLATES_PRUNE_AT - 5, max: ERROR_TEMPLATES_PRUNE_AT + 300 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      (templates, nParts, seed) => {
        // distinct templates: letters, not digits, tell them apart
        const name = (i: number): string => i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[+d]);
        const parts = Array.from({ length: nParts }, () => emptyPartial());
        let total = 0;
        for (let i = 0; i < templates; i++) {
          const n = 1 + (i % 3);
          addError(parts[i % nParts], `error ${name(i)}`, n, `error ${name(i)}`, 0, i);
          total += n;
        }
        for (const m of [mergeAll(shuffle(parts, seed)), mergeTree(parts, seed)]) {
          let counted = 0;
          for (const e of m.errors.values()) counted += e.count;
          assert.equal(counted + m.errorsUncounted, total);
          assert.ok(m.errors.size <= ERROR_TEMPLATES_PRUNE_AT);
          const f = computeFigures(m, PATHS);
          assert.equal(f.top_errors_uncounted, m.errorsUncounted);
          assert.equal(f.top_errors.length, 10);
        }
      },
    ),
    { numRuns: 30 },
  );
  t.pass();
});

test('figures of a known partial', (t) => {
  // three lines in one minute, two requests in one second, one error, one malformed line
  const a = build(0, [
    { kind: 'entry', ts: T0 + 100, level: 2, rt: 100, bareRequest: false, mem: 100, cpu: 10, msg: 'ok', asText: true, offset: 0, owner: 0 },
    { kind: 'bad', text: 'junk', offset: 40, owner: 0 },
  ]);
  const b = build(0, [
    { kind: 'entry', ts: T0 + 900, level: 4, rt: 300, bareRequest: false, mem: 300, cpu: null, msg: 'Upstream returned 502', asText: false, offset: 80, owner: 1 },
    { kind: 'entry', ts: T0 + 2500, level: 5, rt: null, bareRequest: false, mem: null, cpu: 30, msg: 'Upstream returned 503', asText: true, offset: 120, owner: 1 },
  ]);
  const f = computeFigures(merge(b, a), PATHS);
  t.is(f.lines, 4);
  t.is(f.entries, 3);
  t.is(f.malformed_lines, 1);
  t.deepEqual(f.malformed_samples, [{ file: PATHS[0], offset: 40, line: 'junk' }]);
  t.is(f.errors, 2);
  t.is(f.error_rate, 2 / 3);
  t.is(f.total_requests, 2);
  t.is(f.avg_response_time, 200);
  t.is(f.response_time?.min, 100);
  t.is(f.response_time?.max, 300);
  t.is(f.requests_per_second, 2 / 3); // seconds :00 to :02 inclusive
  t.is(f.peak_requests_per_second, 2);
  t.deepEqual(f.levels, { INFO: 1, ERROR: 1, FATAL: 1 });
  t.is(f.first_timestamp, '2024-01-24T10:15:00.100Z');
  t.is(f.last_timestamp, '2024-01-24T10:15:02.500Z');
  t.is(f.per_minute.length, 1);
  t.like(f.per_minute[0], { minute: '2024-01-24T10:15', entries: 3, errors: 2, requests: 2, avg_response_time: 200, memory_mb: 200, cpu_pct: 20 });
  t.deepEqual(f.resources, {
    memory_mb: { min: 100, max: 300, avg: 200, samples: 2 },
    cpu_pct: { min: 10, max: 30, avg: 20, samples: 2 },
  });
  t.deepEqual(f.top_errors, [{ message: 'Upstream returned #', count: 2, example: 'Upstream returned 502' }]);
  t.is(f.top_errors_uncounted, 0);
});

test('figures of the empty partial', (t) => {
  const f = computeFigures(emptyPartial(), PATHS);
  t.like(f, {
    lines: 0,
    entries: 0,
    malformed_lines: 0,
    errors: 0,
    error_rate: 0,
    total_requests: 0,
    avg_response_time: null,
    response_time: null,
    requests_per_second: 0,
    peak_requests_per_second: 0,
    first_timestamp: null,
    last_timestamp: null,
  });
  t.deepEqual(f.per_minute, []);
  t.deepEqual(f.resources, { memory_mb: null, cpu_pct: null });
  t.deepEqual(f.top_errors, []);
});
