/**
 * The logfmt format's WebAssembly lane against the JS parser: the same bytes
 * scanned both ways must give the same partial, to the last bucket, sample
 * and top-error example. Pairs are built to hit the parser's corners: keys in
 * any case, flags, empty keys, bare and quoted values with escapes (a
 * backslash before the closing quote, at the line's end), a quote running
 * into the next key, control bytes, duplicate keys (the first valid value
 * wins), times as ISO with and without fraction and zone, `,` fractions, leap
 * seconds, epochs bare and quoted, level words, numbers and junk, figures,
 * blanks anywhere.
 */
import test from 'ava';
import fc from 'fast-check';
import { parseLogfmt } from '../../src/internal.js';
import { assertLaneAgrees, linesLeftToJs, scanWith } from '../helpers/lane-check.js';

const p2 = (n: number): string => String(n).padStart(2, '0');

const isoArb = fc
  .record({
    m: fc.integer({ min: 0, max: 2 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.constantFrom('', '.123', '.1', '.123456789', '.5'),
    zone: fc.constantFrom('Z', 'Z', 'Z', '', '+01:00', '-0700', 'z'),
    quoted: fc.boolean(),
  })
  .map(({ m, s, frac, zone, quoted }) => {
    const t = `2024-01-24T10:${p2(15 + m)}:${p2(s)}${frac}${zone}`;
    return quoted ? `"${t}"` : t;
  });

const timeArb = fc.oneof(
  { weight: 10, arbitrary: isoArb },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 179_999 }).map((d) => String(1706091300000 + d)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 179_999 }).map((d) => ((1706091300000 + d) / 1000).toFixed(d % 4)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2024-01-24T10:15:60Z', '2024-02-31T10:15:00Z', '2024-01-24T10:15:00,250Z', '2024-01-24T10:15:00.Z', '2024-01-24 10:15:00Z',
      '2024-01-24T10:15:00+25:00', '2024-01-24T10:15', '"1706091300"', '-1706091300', '1.7060913e12', '17060913000000000000', '2024-01',
      '"2024-01-24T10:15:00\\u005a"', '"2024-01-24T10:15:00Z', 'abc', '',
    ),
  },
);

const levelArb = fc.constantFrom('info', 'INFO', 'warn', 'warning', 'error', 'ERROR', 'debug', 'trace', 'fatal', 'err', 'crit', '"info"', '"er\\ror"', 'severe', 'E', 'loud', '', '30', '50');

const msgArb = fc.constantFrom(
  '"Request processed"', '"Request processed in 127ms"', '"took 5s, memory usage: 512MB, cpu 35%"', '"Database connection failed after 3 retries"',
  'Upstream-returned-503', '"say \\"hi\\" after 12ms"', '"line\\nbreak took 7 ms"', '""', '"  padded  "', 'slow', '"trailing backslash\\\\"',
);

const figureArb = fc.oneof(
  fc.integer({ min: 0, max: 20000 }).map(String),
  fc.integer({ min: 0, max: 99999 }).map((n) => (n / 1000).toFixed(3)),
  fc.constantFrom('-1', '0', '1e3', '12.5', '"127"', '127ms', '""', '"1\\2"', '1234567890123456789', '01', '1.'),
);

const pairArb = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('msg', 'message', 'MSG'), msgArb) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('level', 'lvl', 'severity', 'Level'), levelArb) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('latency_ms', 'duration_ms', 'responseTime', 'request_time', 'duration_s', 'memory_mb', 'rss_mb', 'cpu_pct', 'CPU_PERCENT'), figureArb) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('pid', 'host', 'path', 'caller', 'req_id'), fc.constantFrom('1', 'api-1', '"/api/orders?id=7"', '"a b"', '""', 'x=y')) },
).map(([k, v]) => `${k}=${v}`);

const junkArb = fc.constantFrom('flag', '=x', '\x02k=1', 'k"ey=1', 'k="a"b', 'k="unterminated', 'k=\x01', '"quoted', 'k="\\');

const lineArb = fc
  .tuple(
    fc.constantFrom('ts', 'time', 'timestamp', 'TS'),
    timeArb,
    fc.array(pairArb, { maxLength: 6 }),
    fc.integer({ min: 0, max: 6 }),
    fc.array(junkArb, { maxLength: 1 }),
    fc.array(fc.tuple(fc.constantFrom('ts', 'time'), timeArb), { maxLength: 1 }),
    fc.constantFrom(' ', ' ', '  ', '\t'),
  )
  .map(([tk, tv, pairs, at, junk, extra, sep]) => {
    const all = [...pairs];
    all.splice(Math.min(at, all.length), 0, `${tk}=${tv}`);
    for (const [k, v] of extra) all.push(`${k}=${v}`);
    all.splice(Math.min(at + 1, all.length), 0, ...junk);
    return all.join(sep);
  });

const linesArb = fc.oneof(
  { weight: 30, arbitrary: lineArb },
  { weight: 1, arbitrary: lineArb.map((l) => `${l} `) },
  { weight: 1, arbitrary: lineArb.map((l) => ` ${l}`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'not logfmt', 'ts=2024-01-24T10:15:00Z', 'level=info msg=no-time') },
);

test('the logfmt lane gives the JS parser’s partial on random lines, for any read size and step budget', (t) => {
  t.true(assertLaneAgrees('logfmt', linesArb, 500) > 1000);
});

test('the logfmt lane takes plain lines itself, error lines and epochs included; the JS parser sees only the others', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = i % 60;
    const m = 15 + Math.floor(i / 1000);
    if (i % 2 === 0) {
      lines.push(`ts=2024-01-24T10:${p2(m)}:${p2(s)}.${String(i % 1000).padStart(3, '0')}Z level=${i % 10 === 0 ? 'error' : 'info'} msg="Request ${i} processed in ${i % 700}ms" path="/api/orders/${i}"`);
    } else {
      lines.push(`ts=${Date.UTC(2024, 0, 24, 10, m, s) / 1000 + (i % 1000) / 1000} level=${i % 10 === 1 ? 'warn' : 'debug'} msg=done latency_ms=${i % 300}`);
    }
  }
  lines.push('junk', 'ts=2024-01-24T10:17:59,5Z level=info msg="a comma fraction"');
  const data = Buffer.from(lines.join('\n') + '\n');
  const { seen, partial: viaLane } = linesLeftToJs('logfmt', data);
  t.deepEqual(seen, lines.slice(-2));
  t.is(viaLane, scanWith(parseLogfmt, data, undefined, 1 << 20, 1 << 30));
  t.regex(viaLane, /"Request # processed in #ms",300/);
});
