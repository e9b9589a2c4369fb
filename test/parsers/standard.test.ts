import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { ERROR, FATAL, LineRecord, parseStandard } from '../../src/internal.js';
import { parseLine, expected, lines } from './helpers.js';
import type { Expected } from './helpers.js';

const TS = '2024-01-24T10:15:32.123Z';

const GOOD: Array<[string, Expected]> = [
  ['2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed in 127ms' }],
  ['2024-01-24 10:15:32.123 ERROR Database connection failed',
    { ts: TS, level: 'ERROR', message: 'Database connection failed' }],
  ['2024-01-24 10:15:32.123 INFO Memory usage: 512MB', { ts: TS, level: 'INFO', mem: 512, message: 'Memory usage: 512MB' }],
  ['2024-01-24 10:15:32.123 INFO CPU usage: 45%', { ts: TS, level: 'INFO', cpu: 45, message: 'CPU usage: 45%' }],
  ['2024-01-24 10:15:32.123 DEBUG Cache hit for key user:3596', { ts: TS, level: 'DEBUG', message: 'Cache hit for key user:3596' }],
  ['2024-01-24T10:15:32.123 WARN took 1.5s', { ts: TS, level: 'WARN', rt: 1500, request: true, message: 'took 1.5s' }],
  ['2024-01-24T10:15:32.123Z warn x', { ts: TS, level: 'WARN', message: 'x' }],
  ['2024-01-24 10:15:32,123 [INFO] completed in 250us',
    { ts: TS, level: 'INFO', rt: 0.25, request: true, message: 'completed in 250us' }],
  ['2024-01-24 10:15:32.123456789 debug latency: 300µs',
    { ts: TS, level: 'DEBUG', rt: 0.3, request: true, message: 'latency: 300µs' }],
  ['2024-01-24 10:15:32,123456 Info x', { ts: TS, level: 'INFO', message: 'x' }],
  ['2024-01-24 10:15:32 info hello', { ts: '2024-01-24T10:15:32.000Z', level: 'INFO', message: 'hello' }],
  ['2024-01-24 10:15:32.1 info hello', { ts: '2024-01-24T10:15:32.100Z', level: 'INFO', message: 'hello' }],
  ['2024-01-24T12:15:32.123+02:00 INFO zoned', { ts: TS, level: 'INFO', message: 'zoned' }],
  ['2024-01-24T12:15:32.123+0200 INFO zoned', { ts: TS, level: 'INFO', message: 'zoned' }],
  ['2024-01-24T05:15:32.123-05:00 INFO zoned', { ts: TS, level: 'INFO', message: 'zoned' }],
  ['2024-01-24T15:45:32.123-0530 notice elapsed 3ms',
    { ts: '2024-01-24T21:15:32.123Z', level: 'INFO', rt: 3, request: true, message: 'elapsed 3ms' }],
  ['2024-01-24 10:15:32.123 INFO', { ts: TS, level: 'INFO', message: '' }],
  ['2024-01-24 10:15:32.123 [ERROR]', { ts: TS, level: 'ERROR', message: '' }],
  ['2024-01-24 10:15:32.123 INFO   \t ', { ts: TS, level: 'INFO', message: '' }],
  ['2024-01-24 10:15:32.123 warning  mem=2GB cpu 7.5 %  ',
    { ts: TS, level: 'WARN', mem: 2048, cpu: 7.5, message: 'mem=2GB cpu 7.5 %' }],
  ['2024-01-24 10:15:32.123\tCRITICAL\tdisk full', { ts: TS, level: 'FATAL', message: 'disk full' }],
  ['2024-01-24 10:15:32.123    [crit]    a  b  ', { ts: TS, level: 'FATAL', message: 'a  b' }],
  ['2024-01-24 10:15:32.123 ERR response time: 2 s',
    { ts: TS, level: 'ERROR', rt: 2000, request: true, message: 'response time: 2 s' }],
  ['2024-01-24 10:15:32.123 ALERT x', { ts: TS, level: 'FATAL', message: 'x' }],
  ['2024-01-24 10:15:32.123 emerg x', { ts: TS, level: 'FATAL', message: 'x' }],
  ['2024-01-24 10:15:32.123 Panic x', { ts: TS, level: 'FATAL', message: 'x' }],
  ['2024-01-24 10:15:32.123 FATAL x', { ts: TS, level: 'FATAL', message: 'x' }],
  ['2024-01-24 10:15:32.123 TRACE x', { ts: TS, level: 'TRACE', message: 'x' }],
  ['2024-01-24 10:15:32.123 [warning] x', { ts: TS, level: 'WARN', message: 'x' }],
  ['2024-02-29 00:00:00.000 INFO leap day', { ts: '2024-02-29T00:00:00.000Z', level: 'INFO', message: 'leap day' }],
  ['2024-01-24 23:59:60.500 INFO leap second', { ts: '2024-01-25T00:00:00.500Z', level: 'INFO', message: 'leap second' }],
  ['\uFEFF2024-01-24 10:15:32.123 INFO after a BOM', { ts: TS, level: 'INFO', message: 'after a BOM' }],
  ['  2024-01-24 10:15:32.123 INFO indented', { ts: TS, level: 'INFO', message: 'indented' }],
  ['2024-01-24 10:15:32.123 INFO took 5ms then took 7ms',
    { ts: TS, level: 'INFO', rt: 5, request: true, message: 'took 5ms then took 7ms' }],
  ['2024-01-24 10:15:32.123 INFO Request processed in 127 milliseconds',
    { ts: TS, level: 'INFO', message: 'Request processed in 127 milliseconds' }],
  ['2024-01-24 10:15:32.123 INFO na\u00efve \u00fcber caf\u00e9', { ts: TS, level: 'INFO', message: 'na\u00efve \u00fcber caf\u00e9' }],
];

for (const [line, want] of GOOD) {
  test(`standard good: ${JSON.stringify(line)}`, (t) => {
    t.deepEqual(parseLine(parseStandard, line), expected(want));
  });
}

const MALFORMED: string[] = [
  '2024-01-24 10:15:32.123',
  '2024-01-24 10:15:32.123   ',
  '2024-01-24 10:15:32',
  '2024-01-24 10:15:32.123 NOTALEVEL hello',
  '2024-01-24 10:15:32.123 INFOx hello',
  '2024-01-24 10:15:32.123 INFO: hello',
  '2024-01-24 10:15:32.123 [INFO hello',
  '2024-01-24 10:15:32.123 [INFO]hello',
  '2024-01-24 10:15:32.123 [NOPE] hello',
  '2024-01-24 10:15:32.123 [] hello',
  '2024-01-24 10:15:32.123INFO hello',
  '2024-01-24 10:15:32.123Z',
  '2024-13-45 99:99:99.999 INFO broken clock',
  '2024-13-01 10:00:00.000 INFO month 13',
  '2024-00-10 10:00:00.000 INFO month 0',
  '2024-01-32 10:00:00.000 INFO day 32',
  '2024-01-00 10:00:00.000 INFO day 0',
  '2024-02-30 10:00:00.000 INFO feb 30',
  '2023-02-29 10:00:00.000 INFO not a leap year',
  '2024-04-31 10:00:00.000 INFO april 31',
  '2024-01-24 24:00:00.000 INFO hour 24',
  '2024-01-24 99:00:00.000 INFO hour 99',
  '2024-01-24 10:60:00.000 INFO minute 60',
  '2024-01-24 10:15:61.000 INFO second 61',
  '2024-01-24 10:15:32.1234567890 INFO ten fraction digits',
  '2024-01-24 10:15:32. INFO empty fraction',
  '2024-01-24 10:15:32.123+25:00 INFO bad zone',
  '2024-01-24 10:15:32.123+02:61 INFO bad zone',
  '2024/01/24 10:15:32.123 INFO slashes',
  '24-01-24 10:15:32.123 INFO short year',
  '2024-1-24 10:15:32.123 INFO one-digit month',
  '2024-01-24_10:15:32.123 INFO bad separator',
  '2024-01-24 10:15 INFO no seconds',
  '2024-01-24 10:15:32.12a INFO letter in fraction',
  '2O24-01-24 10:15:32.123 INFO letter O in year',
  '2024-01-24 10:15:3x.123 INFO',
  'INFO missing timestamp Request processed in 12ms',
  '\x00\x01\x02 binary junk',
  'this is not a log line',
  '{"truncated": ',
  '{"time":"2024-01-24T10:15:32.123Z","level":"info","msg":"json"}',
  'ts=2024-01-24T10:15:32.123Z level=info msg=logfmt',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512',
];

for (const line of MALFORMED) {
  test(`standard malformed: ${JSON.stringify(line)}`, (t) => {
    t.is(parseLine(parseStandard, line), null);
  });
}

test('fast path and general path agree (property)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) }),
      fc.constantFrom(' ', 'T'),
      fc.constantFrom('INFO', 'error', '[WARN]', 'Debug'),
      (ms, sep, lvl) => {
        const iso = new Date(ms).toISOString();
        const fixed = `${iso.slice(0, 10)}${sep}${iso.slice(11, 23)} ${lvl} took 3ms`; // fast path
        const zoned = `${iso.slice(0, 10)}${sep}${iso.slice(11, 23)}Z ${lvl} took 3ms`; // general path
        const a = parseLine(parseStandard, fixed);
        const b = parseLine(parseStandard, zoned);
        return a !== null && b !== null && a.ts === iso && b.ts === iso && a.level === b.level && a.rt === 3;
      },
    ),
    { numRuns: 3000 },
  );
  t.pass();
});

test('impossible fixed-layout dates are malformed (property)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
      (y, mo, d, h, mi, s) => {
        const p2 = (n: number) => String(n).padStart(2, '0');
        const line = `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(s)}.000 INFO x`;
        const dim = mo >= 1 && mo <= 12 ? new Date(Date.UTC(2000, mo, 0)).getUTCDate() : 0; // 2000: leap
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const days = mo === 2 && !leap ? 28 : dim;
        const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 60;
        return (parseLine(parseStandard, line) !== null) === valid;
      },
    ),
    { numRuns: 5000 },
  );
  t.pass();
});

test('acceptance: test_vectors/logs/malformed.log', (t) => {
  const buf = readFileSync(new URL('../../../test_vectors/logs/malformed.log', import.meta.url));
  const rec = new LineRecord();
  let entries = 0;
  let malformed = 0;
  let requests = 0;
  let mem = 0;
  let cpu = 0;
  let errors = 0;
  let rtSum = 0;
  for (const [s, e] of lines(buf)) {
    rec.reset();
    if (!parseStandard(buf, s, e, rec)) {
      malformed++;
      continue;
    }
    entries++;
    if (rec.request) {
      requests++;
      rtSum += rec.rt;
    }
    if (!Number.isNaN(rec.mem)) mem++;
    if (!Number.isNaN(rec.cpu)) cpu++;
    if (rec.level === ERROR || rec.level === FATAL) errors++;
  }
  t.is(entries, 300);
  t.is(malformed, 30);
  t.is(requests, 200);
  t.is(mem, 15);
  t.is(cpu, 7);
  t.is(errors, 13);
  // The truth file's average, to the cent.
  t.is(Math.round((rtSum / requests) * 100) / 100, 108.96);
});

test('minute cache: lines sharing a prefix in one buffer', (t) => {
  const src = [
    '2024-01-24 10:15:32.123 INFO a',
    '2024-01-24 10:15:33.456 INFO b', // hit
    '2024-01-24 10:15:99.123 INFO bad second', // hit, impossible second
    '2024-01-24 10:15:3x.123 INFO bad digit', // hit, not a digit
    '2024-01-24 10:15:34,5 INFO comma fraction', // hit on the prefix, general path
    '2024-01-24 10:15:35.000Z INFO zone', // general path
    '2024-01-24 10:16:00.001 INFO next minute', // miss
    '2024-01-24 10:16:00.002 [ERROR] hit again',
    '2024-01-25 10:16:00.003 INFO next day', // miss
    '2024-02-30 10:16:00.003 INFO impossible day', // miss, invalid: cache kept
    '2024-01-25 10:16:00.004 INFO cached still right',
    '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff:00.000 INFO ff',
    '2024-01-25T10:16:00.005 INFO T separator', // a different prefix (T), same minute
  ];
  const buf = Buffer.from(src.join('\n'), 'latin1');
  const rec = new LineRecord();
  const got = lines(buf).map(([s, e]) => {
    rec.reset();
    return parseStandard(buf, s, e, rec) ? new Date(rec.ts).toISOString() : null;
  });
  t.deepEqual(got, [
    '2024-01-24T10:15:32.123Z',
    '2024-01-24T10:15:33.456Z',
    null,
    null,
    '2024-01-24T10:15:34.500Z',
    '2024-01-24T10:15:35.000Z',
    '2024-01-24T10:16:00.001Z',
    '2024-01-24T10:16:00.002Z',
    '2024-01-25T10:16:00.003Z',
    null,
    '2024-01-25T10:16:00.004Z',
    null,
    '2024-01-25T10:16:00.005Z',
  ]);
  // The same line in fresh buffers (a new view each time) agrees.
  const one = Buffer.from('2024-01-24 10:15:33.456 INFO b');
  rec.reset();
  t.true(parseStandard(one, 0, one.length, rec));
  t.is(rec.ts, Date.UTC(2024, 0, 24, 10, 15, 33, 456));
});
