/**
 * The standard format's WebAssembly lane against the JS parser: the same
 * bytes scanned both ways must give the same partial, to the last bucket of
 * the sketch, the last sample and the last top-error example. Lines are
 * built to hit the message scanner's corners (keyword case and spacing,
 * separators, long and fractional numbers, every unit and near-units),
 * levels and their aliases, minute changes, leap seconds, impossible dates,
 * CRLF and blank lines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { ChunkScanner, formats, Lane, type LaneSpec, parseStandard, toWire } from '../../src/internal.js';

/** Scans all of data in one chunk, with or without a lane; the partial as wire JSON. */
function scan(data: Buffer, lane: Lane | undefined, readSize: number, budget: number): string {
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, parseStandard, { readSize, lane });
  let steps = 0;
  while (!s.step(budget)) if (++steps > 1_000_000) throw new Error('no progress');
  return JSON.stringify(toWire(s.result()));
}

function newLane(readSize: number): Lane {
  const lane = Lane.create(formats.resolve('standard').lane as LaneSpec, readSize);
  if (lane === undefined) throw new Error('the standard lane is not built (npm run build) or LOGA_LANE=off');
  return lane;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Mostly a few neighbouring minutes (the lane's minute changes), sometimes a leap second or an impossible date. */
const headArb = fc.oneof(
  { weight: 20, arbitrary: fc.record({ m: fc.integer({ min: 0, max: 3 }), s: fc.integer({ min: 0, max: 59 }), ms: fc.integer({ min: 0, max: 999 }), t: fc.constantFrom(' ', 'T') })
      .map(({ m, s, ms, t }) => `2024-01-24${t}10:${p2(15 + m)}:${p2(s)}.${String(ms).padStart(3, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom(
    '2024-01-24 10:15:60.000', // leap second: the next minute
    '2024-02-30 10:15:00.000', // no such day
    '2024-01-24 10:15:5x.000',
    '2024-01-24 10:15:00,000', // comma fraction: the general path
    '2024-01-24 10:15:00.1234', // more digits: the general path
    '2024-01-24 10:15:00', // no fraction
    '2024-01-24T10:15:00.000Z',
    '\uFEFF2024-01-24 10:15:00.000', // BOM
  ) },
);

const levelArb = fc.constantFrom(
  'INFO', 'info', 'Info', '[INFO]', 'NOTICE', 'DEBUG', 'TRACE', 'WARN', 'warning', '[WARN]',
  'ERROR', 'err', '[ERROR]', 'FATAL', 'CRITICAL', 'crit', 'ALERT', 'emerg', 'Panic',
  'INFORMATION', 'WARNINGS', 'ER', '[INFO', 'INFO]', '', 'DEBUG2',
);

function randomCase(s: string, bits: number): string {
  return [...s].map((c, i) => ((bits >> (i % 30)) & 1 ? c.toUpperCase() : c)).join('');
}

const keywordArb = fc.tuple(
  fc.constantFrom(
    'processed in', 'completed in', 'took', 'duration', 'latency', 'response time', 'elapsed',
    'memory usage', 'mem', 'cpu usage', 'cpu', 'processed  in', 'response\ttime', 'processedin', 'tooks', 'Xtook', 'memo', 'cpuusage',
  ),
  fc.integer(),
).map(([k, bits]) => randomCase(k, bits));

const numberArb = fc.oneof(
  fc.integer({ min: 0, max: 100000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999999 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('0', '5.', '.5', '007', '0.0001', '2147483.647', '2147483.648', '99999999999', '1234567890123456789', '0.00000000000000000000000001', '1' + '0'.repeat(30), '3.14159265358979323846'),
);

const unitArb = fc.constantFrom('ms', 's', 'us', 'µs', 'μs', 'ns', 'MS', 'Ms', 'B', 'KB', 'kb', 'KiB', 'MB', 'MiB', 'GB', 'GiB', '%', 'sec', 'msx', 'm', 'x', '');

const figureArb = fc
  .tuple(keywordArb, fc.constantFrom('', ' ', ':', ': ', '=', ' = ', '\t', '  :  '), numberArb, fc.constantFrom('', ' ', '  '), unitArb, fc.constantFrom('', ' ', ',', 'x', '.'))
  .map((parts) => parts.join(''));

const wordArb = fc.constantFrom('Request', 'GET', '/api/orders/17', 'user', '42', 'returned', '503', '-', 'é', '\u00b5', 'x', 'Upstream', 'failed after 3 retries');

const messageArb = fc.array(fc.oneof({ weight: 2, arbitrary: wordArb }, { weight: 1, arbitrary: figureArb }), { maxLength: 6 }).map((w) => w.join(' '));

const lineArb = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(headArb, fc.constantFrom(' ', '\t', '  '), levelArb, fc.constantFrom(' ', '', '\t ', '  '), messageArb, fc.constantFrom('', ' ', '\t'))
      .map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t \t', 'not a log line', '  2024-01-24 10:15:00.000 INFO indented') },
);

const fileArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 60 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
});

function render(f: { lines: string[]; crlf: boolean; finalNewline: boolean }): Buffer {
  const nl = f.crlf ? '\r\n' : '\n';
  return Buffer.from(f.lines.join(nl) + (f.finalNewline ? nl : ''));
}

test('the lane gives the JS parser’s partial on random lines, for any read size and step budget', (t) => {
  let laneLines = 0;
  fc.assert(
    fc.property(fileArb, fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 1, max: 5000 }), (f, readSize, budget) => {
      const data = render(f);
      const js = scan(data, undefined, readSize, budget);
      const lane = newLane(readSize);
      const viaLane = scan(data, lane, readSize, budget);
      t.is(viaLane, js);
      laneLines += f.lines.length;
    }),
    { numRuns: 400 },
  );
  t.true(laneLines > 1000);
});

test('the lane gives the JS parser’s partial on the acceptance vectors', (t) => {
  for (const name of ['normal.log', 'malformed.log']) {
    const data = readFileSync(resolve(process.cwd(), 'test_vectors/logs', name));
    t.is(scan(data, newLane(64 * 1024), 64 * 1024, 1 << 30), scan(data, undefined, 64 * 1024, 1 << 30), name);
  }
});

test('the lane takes the plain lines itself, error lines included; the JS parser sees only the others', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(`2024-01-24 10:${p2(15 + Math.floor(i / 1000))}:${p2(i % 60)}.000 INFO Request processed in ${i % 500}ms`);
  lines.push('2024-01-24 10:17:59.999 ERROR Upstream returned 503', 'junk', '2024-01-24 10:17:59,999 INFO comma');
  const data = Buffer.from(lines.join('\n') + '\n');
  const seen: string[] = [];
  const spy: typeof parseStandard = (buf, s, e, rec) => {
    seen.push(Buffer.from(buf.subarray(s, e)).toString());
    return parseStandard(buf, s, e, rec);
  };
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, spy, { readSize: 1 << 20, lane: newLane(1 << 20) });
  s.step(1 << 30);
  const p = s.result();
  t.deepEqual(seen, ['junk', '2024-01-24 10:17:59,999 INFO comma']);
  t.is(p.lines, 3003);
  t.is(p.malformed, 1);
  t.is(p.errors.get('Upstream returned #')?.count, 1);
  t.is(JSON.stringify(toWire(p)), scan(data, undefined, 1 << 20, 1 << 30));
});

test('minutes out of order on every line: the same figures (the lane turns itself off)', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) lines.push(`2024-01-24 10:${p2(10 + (i % 7) * 3)}:${p2(i % 60)}.${String(i % 1000).padStart(3, '0')} WARN took ${i % 97}ms cpu ${i % 100}%`);
  const data = Buffer.from(lines.join('\n'));
  t.is(scan(data, newLane(4096), 4096, 1 << 30), scan(data, undefined, 4096, 1 << 30));
});

test('more error lines in one scan than the lane lists: all of them reach the top errors', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) lines.push(`2024-01-24 10:15:${p2(i % 60)}.000 ERROR job ${i} failed with code ${i % 3}`);
  const data = Buffer.from(lines.join('\n') + '\n');
  const viaLane = scan(data, newLane(1 << 20), 1 << 20, 1 << 30);
  t.is(viaLane, scan(data, undefined, 1 << 20, 1 << 30));
  t.regex(viaLane, /"job # failed with code #",5000/);
});

test('lines whose text up to a digit matches a cached line, but not the digit: the lane reads them as the JS parser does', (t) => {
  // each pair shares the bytes before the first line's first digit; the line
  // and message caches must not take the second for the first
  const pairs = [
    ['processed 5 items', 'processed in 5ms'],
    ['cpu 5 cores', 'cpu usage: 7%'],
    ['took 5 seconds', 'took 5s'],
    ['memory 12 pages', 'memory usage 12MB'],
    ['response 5 ok', 'response time 5ms'],
    ['Request processed in 5ms', 'Request processed in quick 7ms'],
    ['elapsed 3 min', 'elapsed: 3ms'],
  ];
  // the same with 36 more bytes in front: past what the line cache keeps (48 bytes), within the message cache's (56)
  const filler = 'the upstream inventory service said ';
  pairs.push(...pairs.map(([a, b]) => [filler + a, filler + b]));
  const lines: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (const [a, b] of pairs) {
      for (const level of ['INFO', 'ERROR', '[WARN]']) {
        lines.push(`2024-01-24 10:15:0${round}.000 ${level} ${a}`, `2024-01-24 10:15:0${round}.001 ${level} ${b}`, `2024-01-24 10:15:0${round}.002 ${level} ${a}`);
      }
    }
  }
  const data = Buffer.from(lines.join('\n') + '\n');
  const js = scan(data, undefined, 1 << 20, 1 << 30);
  t.is(scan(data, newLane(1 << 20), 1 << 20, 1 << 30), js);
  t.regex(js, /"n":\d+/);
});

/** i as lowercase letters (no digits: every i is its own error template). */
function letters(i: number): string {
  let s = '';
  do {
    s += String.fromCharCode(97 + (i % 26));
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

test('more error templates than the lane interns, over several chunks on one lane: the same top errors as the JS parser', (t) => {
  // 6,000 templates (the lane holds 2,048, then resets), some recurring, some
  // longer than the 240 bytes a template keeps, one cut inside a UTF-8 character
  const lane = newLane(1 << 16);
  const long = 'x'.repeat(230);
  for (let chunk = 0; chunk < 3; chunk++) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const k = chunk * 2000 + i;
      lines.push(`2024-01-24 10:15:${p2(i % 60)}.000 ERROR kind ${letters(k)} failed after ${i} tries`);
      if (i % 7 === 0) lines.push(`2024-01-24 10:15:${p2(i % 60)}.001 FATAL recurring ${letters(i % 5)} code ${i}`);
      if (i % 11 === 0) lines.push(`2024-01-24 10:15:${p2(i % 60)}.002 ERROR ${long} ${i} tail ${letters(k)} differs past the cut`);
      if (i % 13 === 0) lines.push(`2024-01-24 10:15:${p2(i % 60)}.003 ERROR ${'y'.repeat(239)}é then ${letters(k)}`);
    }
    const data = Buffer.from(lines.join('\n') + '\n');
    const viaLane = scan(data, lane, 1 << 16, 1 << 30);
    t.is(viaLane, scan(data, undefined, 1 << 16, 1 << 30), `chunk ${chunk}`);
    t.regex(viaLane, /"recurring [a-e] code #",\d+/);
  }
});
