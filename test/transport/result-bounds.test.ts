/**
 * What a results subject can make the supervisor hold (issue 11): a gzip
 * bomb is refused once MAX_INFLATED bytes are inflated (a 510 KB bomb took
 * the supervisor to 1.6 GB), and unfinished multi-part results are capped in
 * number and bytes and expire (300 of them were held to the job's end,
 * 370 MB); a real result in parts still joins.
 */
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { decodePayload, encodeResult, MAX_INFLATED, ResultAssembler, type ResultMsg } from '../../src/internal.js';

const headersOf = (h: Record<string, string>) => ({ get: (k: string) => h[k] ?? '' });

test('a gzip bomb is refused without inflating it whole', (t) => {
  const bomb = gzipSync(Buffer.alloc(4 * MAX_INFLATED, 0x20), { level: 9 });
  t.true(bomb.length < 1024 * 1024, `${bomb.length} bytes of gzip`);
  const before = process.memoryUsage().rss;
  const got = decodePayload(bomb, true);
  const grew = process.memoryUsage().rss - before;
  t.is(typeof got, 'string');
  t.regex(got as string, /cannot gunzip/);
  t.true(grew < 2 * MAX_INFLATED, `RSS grew ${Math.round(grew / 1e6)} MB`);
});

test('300 unfinished multi-part results: at most 32 joined at once, bytes capped, all expire; a real result then joins', (t) => {
  let now = 0;
  const a = new ResultAssembler<number>({ clock: () => now, ttlMs: 1000, maxBytes: 4 * 1024 * 1024 });
  const part = Buffer.alloc(100 * 1024, 1);
  let refused = 0;
  for (let k = 0; k < 300; k++) {
    const r = a.add(part, headersOf({ 'Loga-Encoding': 'gzip', 'Loga-Part': '1/2', 'Loga-Key': `${k}.1.tok` }), k);
    if (r.kind === 'invalid') {
      refused++;
      t.deepEqual(r.handles, [k], 'a refused part comes back to be acked');
    } else t.is(r.kind, 'partial');
    t.true(a.pending <= 32);
    t.true(a.bytesHeld <= 4 * 1024 * 1024);
  }
  t.is(a.pending, 32);
  t.is(refused, 268);
  now += 999;
  t.deepEqual(a.expire(), []);
  now += 1;
  t.is(a.expire().length, 32);
  t.is(a.pending, 0);
  t.is(a.bytesHeld, 0);
  // a real result cut in parts joins as before
  const msg: ResultMsg = { type: 'result', job: 'j', chunk: 7, attempt: 1, token: 'bounds-token-000000000', worker: 'w', bytes: 10, ms: 1, partial: { lines: 0, malformed: 0, levels: [0, 0, 0, 0, 0, 0], firstTs: null, lastTs: null, minutes: [], errors: [], errorsUncounted: 0, samples: [] } };
  const parts = encodeResult({ ...msg, worker: 'w'.repeat(5000) }, 64);
  t.true(parts.length > 1);
  let last;
  for (const [i, p] of parts.entries()) last = a.add(p.data, headersOf(p.headers), i);
  t.is(last?.kind, 'whole');
  t.is(a.bytesHeld, 0);
});

test('a part redelivered replaces the bytes held, counted once', (t) => {
  const a = new ResultAssembler<number>({ maxBytes: 1000 });
  const h = headersOf({ 'Loga-Encoding': 'gzip', 'Loga-Part': '1/3', 'Loga-Key': '1.1.tok' });
  t.is(a.add(Buffer.alloc(400), h, 1).kind, 'partial');
  t.is(a.add(Buffer.alloc(400), h, 2).kind, 'partial');
  t.is(a.bytesHeld, 400);
  t.is(a.add(Buffer.alloc(700), headersOf({ 'Loga-Encoding': 'gzip', 'Loga-Part': '2/3', 'Loga-Key': '1.1.tok' }), 3).kind, 'invalid');
});
