/**
 * The json format's WebAssembly lane against the JS parser: the same bytes
 * scanned both ways must give the same partial, to the last bucket, sample
 * and top-error example. Objects are built to hit the parser's corners: keys
 * in any case and with escapes, duplicate keys (the first valid value wins),
 * times as ISO strings with and without fraction and zone, `,` fractions,
 * leap seconds and impossible dates, epochs in ms and s (with fractions,
 * negative, with exponents), level words, pino numbers and junk, figures as
 * numbers and strings, escaped messages, nested values, Docker's keys,
 * whitespace anywhere JSON allows it, and broken JSON.
 */
import test from 'ava';
import fc from 'fast-check';
import { parseJson } from '../../src/internal.js';
import { assertLaneAgrees, linesLeftToJs, scanWith } from '../helpers/lane-check.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const q = (s: string): string => `"${s}"`;

const isoArb = fc
  .record({
    m: fc.integer({ min: 0, max: 2 }),
    s: fc.integer({ min: 0, max: 59 }),
    sep: fc.constantFrom('T', 'T', ' ', 't'),
    frac: fc.constantFrom('', '.123', '.1', '.123456', '.123456789', '.5'),
    zone: fc.constantFrom('Z', 'Z', 'Z', '', '+01:00', '-07:00', '+0530', 'z'),
  })
  .map(({ m, s, sep, frac, zone }) => q(`2024-01-24${sep}10:${p2(15 + m)}:${p2(s)}${frac}${zone}`));

const timeArb = fc.oneof(
  { weight: 12, arbitrary: isoArb },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 179_999 }).map((d) => String(1706091300000 + d)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 179_999 }).map((d) => ((1706091300000 + d) / 1000).toFixed(d % 4)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      q('2024-01-24T10:15:60Z'),
      q('2024-02-31T10:15:00Z'),
      q('2024-01-24T10:15:00,250Z'),
      q('2024-01-24T10:15:00.Z'),
      q('2024-01-24T10:15:00.1234567890Z'),
      q('2024-01-24T10:15:00+25:00'),
      q('2024-01-24T10:15:00 junk'),
      q('2024-01-24T10:15'),
      q('1706091300'),
      q('Jan 24 10:15:00'),
      q('2024-01-24T10:15:00\\u005a'),
      '-1706091300',
      '1.7060913e12',
      '17060913000000000000',
      '0',
      'null',
      '{"a":1}',
      'true',
    ),
  },
);

const levelArb = fc.constantFrom(
  q('info'), q('INFO'), q('Info'), q('warn'), q('warning'), q('error'), q('ERROR'), q('debug'), q('trace'), q('fatal'), q('err'), q('crit'), q('notice'),
  q('severe'), q('E'), q('loud'), q(''), q('30'), q('in\\u0066o'),
  '10', '20', '30', '35', '40', '50', '60', '70', '5', '30.5', '3e1', 'null', 'true', '[1]',
);

const msgArb = fc.constantFrom(
  q('Request processed'),
  q('Request processed in 127ms'),
  q('took 5s, memory usage: 512MB, cpu 35%'),
  q('Database connection failed after 3 retries'),
  q('Upstream returned 503'),
  q('say \\"hi\\" after 12ms'),
  q('line\\nbreak took 7 ms'),
  q('caf\\u00e9 latency=3ms'),
  q(''),
  q('  padded  '),
  '42',
  'null',
  '{"text":"nested"}',
);

const figureArb = fc.oneof(
  fc.integer({ min: 0, max: 20000 }).map(String),
  fc.integer({ min: 0, max: 99999 }).map((n) => (n / 1000).toFixed(3)),
  fc.constantFrom('-1', '0', '1e3', '12.5', '0.105', q('127'), q('127ms'), q(''), q('1\\u0032'), 'null', '1234567890123456789', '01', '-0', '1.'),
);

const keyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('msg', 'message', 'Message', 'MSG') .map((k) => ({ k, v: msgArb })) },
  { weight: 3, arbitrary: fc.constantFrom('level', 'Level', 'lvl', 'severity', 'LEVEL').map((k) => ({ k, v: levelArb })) },
  { weight: 2, arbitrary: fc.constantFrom('latency_ms', 'duration_ms', 'responseTime', 'response_time_ms', 'elapsed_ms', 'request_time', 'duration_s', 'memory_mb', 'mem_mb', 'rss_mb', 'cpu_pct', 'cpu_percent', 'CPU_PCT').map((k) => ({ k, v: figureArb })) },
  { weight: 2, arbitrary: fc.constantFrom('pid', 'hostname', 'req', 'tags', 'log', 'stream', 'tim\\u0065', 'name').map((k) => ({ k, v: fc.constantFrom('1', q('api-1'), '{"id":"x","n":[1,2,{"a":null}]}', '[]', '{}', '[1,[2,[3]]]', q('stdout'), 'false', '{"a":1e5}', '[1,]', '{"a" 1}') })) },
);

interface Member {
  k: string;
  v: string;
}

const memberArb: fc.Arbitrary<Member> = keyArb.chain(({ k, v }) => v.map((val) => ({ k, v: val })));

const wsArb = fc.constantFrom('', '', '', ' ', '\t', '  ');

const objectArb = fc
  .tuple(
    fc.constantFrom('timestamp', 'time', 'ts', '@timestamp', 'Timestamp', 'TIME'),
    timeArb,
    fc.array(memberArb, { maxLength: 6 }),
    fc.integer({ min: 0, max: 6 }),
    fc.array(fc.tuple(timeArb, fc.constantFrom('time', 'ts')), { maxLength: 1 }),
    wsArb,
    wsArb,
  )
  .map(([tk, tv, members, at, extraTimes, w1, w2]) => {
    const all: Member[] = [...members];
    all.splice(Math.min(at, all.length), 0, { k: tk, v: tv });
    for (const [v, k] of extraTimes) all.push({ k, v });
    return `{${w1}${all.map((m) => `"${m.k}"${w2}:${w1}${m.v}`).join(`,${w2}`)}${w1}}`;
  });

const lineArb = fc.oneof(
  { weight: 30, arbitrary: objectArb },
  { weight: 1, arbitrary: objectArb.map((o) => o + ' junk') },
  { weight: 1, arbitrary: objectArb.map((o) => o.slice(0, Math.max(1, o.length - 3))) },
  { weight: 1, arbitrary: objectArb.map((o) => ` ${o}`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'not json', '[1,2,3]', '{}', '{"time":"2024-01-24T10:15:00Z"}', '{"log":"x\\n","stream":"stdout","time":"2024-01-24T10:15:00Z"}') },
);

test('the json lane gives the JS parser’s partial on random lines, for any read size and step budget', (t) => {
  t.true(assertLaneAgrees('json', lineArb, 500) > 1000);
});

test('the json lane takes plain lines itself, error lines and pino lines included; the JS parser sees only the others', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = i % 60;
    const m = 15 + Math.floor(i / 1000);
    if (i % 2 === 0) {
      lines.push(`{"timestamp":"2024-01-24T10:${p2(m)}:${p2(s)}.${String(i % 1000).padStart(3, '0')}Z","level":"${i % 10 === 0 ? 'error' : 'info'}","message":"Request ${i} processed in ${i % 700}ms","req":{"id":"r${i}","tags":[1,2]}}`);
    } else {
      lines.push(`{"level":${i % 10 === 1 ? 50 : 30},"time":${Date.UTC(2024, 0, 24, 10, m, s) + (i % 1000)},"pid":7,"msg":"request completed","responseTime":${i % 300}}`);
    }
  }
  lines.push('junk', '{"timestamp":"2024-01-24T10:17:59,5Z","level":"info","message":"a comma fraction"}');
  const data = Buffer.from(lines.join('\n') + '\n');
  const { seen, partial: viaLane } = linesLeftToJs('json', data);
  t.deepEqual(seen, lines.slice(-2));
  t.is(viaLane, scanWith(parseJson, data, undefined, 1 << 20, 1 << 30));
  t.regex(viaLane, /"Request # processed in #ms",300/);
});
