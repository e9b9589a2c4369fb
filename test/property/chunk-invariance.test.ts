/**
 * SPEC §2: "The result must be identical for every chunk size and worker
 * count." Random log files are cut into chunks with planChunks, each chunk is
 * scanned with scanChunk (or stepwise with ChunkScanner, from a file or from
 * shipped bytes), the partials travel through JSON and are merged in a random
 * order; the figures must deep-equal those of one whole-file scan. The last
 * part holds every format of the registry to it, on files of its own sample
 * and look-alike lines.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { type ByteSource, type ChunkRange, ChunkScanner, computeFigures, type Figures, type FileContext, formats, Lane, type LaneSpec, type LineParser, type LineReading, MAX_LINE, parseNginx, parseStandard, type PartialMetrics, planChunks, readingOf, scanChunk, toWire, wireProblem } from '../../src/internal.js';
import { mergeAll, mergeTree, rng, shuffle, viaJson } from '../metrics/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-chunks-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function tempFile(data: Uint8Array): string {
  const path = join(dir, `f${fileNo++}.log`);
  writeFileSync(path, data);
  return path;
}

const parse: LineParser = formats.resolve('standard').parse;
const VECTORS = resolve(process.cwd(), 'test_vectors/logs');
const T0 = Date.UTC(2024, 0, 24, 10, 15, 0, 0);

// ---------------------------------------------------------------------------
// Generated lines, each with what it must count as.

interface Line {
  /** the line's bytes, without terminator */
  bytes: Buffer;
  kind: 'entry' | 'malformed' | 'blank';
  level?: string;
  request?: boolean;
  mem?: boolean;
  cpu?: boolean;
}

const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');

/** A timestamp in one of the SPEC §3.1 layouts. */
const timeArb = fc
  .record({
    ts: fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }).map((d) => T0 + d),
    layout: fc.constantFrom('fixed', 'fixed', 'fixed', 'isoZ', 'comma', 'nofrac', 'plus2', 'micro'),
  })
  .map(({ ts, layout }) => {
    const local = layout === 'plus2' ? ts + 2 * 3_600_000 : ts;
    const d = new Date(local);
    const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
    const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    const ms = p3(d.getUTCMilliseconds());
    switch (layout) {
      case 'isoZ':
        return `${date}T${hms}.${ms}Z`;
      case 'comma':
        return `${date} ${hms},${ms}`;
      case 'nofrac':
        return `${date} ${hms}`;
      case 'plus2':
        return `${date}T${hms}.${ms}+02:00`;
      case 'micro':
        return `${date} ${hms}.${ms}417`;
      default:
        return `${date} ${hms}.${ms}`;
    }
  });

const LEVELS: [string, string][] = [
  ['INFO', 'INFO'],
  ['INFO', 'INFO'],
  ['info', 'INFO'],
  ['[INFO]', 'INFO'],
  ['NOTICE', 'INFO'],
  ['DEBUG', 'DEBUG'],
  ['TRACE', 'TRACE'],
  ['WARN', 'WARN'],
  ['Warning', 'WARN'],
  ['ERROR', 'ERROR'],
  ['ERROR', 'ERROR'],
  ['err', 'ERROR'],
  ['[ERROR]', 'ERROR'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'FATAL'],
  ['panic', 'FATAL'],
];

const NON_UTF8 = Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0x28, 0xed, 0xa0, 0x80]);

/** Message pieces; none contains a figure keyword by accident. */
const messageArb = fc
  .record({
    base: fc.oneof(
      fc.constantFrom('', 'Upstream returned 502', 'Database connection failed', 'Timeout occurred', 'user 17 logged out'),
      fc.integer({ min: 100, max: 599 }).map((n) => `Upstream returned ${n}`),
    ),
    rt: fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 5000 }).map((n) => `Request processed in ${n}ms`),
        fc.integer({ min: 0, max: 99999 }).map((n) => `GET /api/orders completed in ${(n / 1000).toFixed(3)}s`),
        fc.integer({ min: 0, max: 9999 }).map((n) => `took ${n}us`),
      ),
    ),
    mem: fc.option(fc.integer({ min: 1, max: 8192 }).map((n) => `Memory usage: ${n}MB`)),
    cpu: fc.option(fc.integer({ min: 0, max: 100 }).map((n) => `CPU usage: ${n}%`)),
    junk: fc.boolean(),
    long: fc.oneof({ arbitrary: fc.constant(0), weight: 60 }, { arbitrary: fc.integer({ min: 65_537, max: 140_000 }), weight: 1 }),
  })
  .map((m) => {
    const parts: Buffer[] = [];
    const text = [m.base, m.rt, m.mem, m.cpu].filter((x): x is string => x !== null && x !== '').join(' ');
    if (m.long > 0) parts.push(Buffer.from('x'.repeat(m.long) + ' '));
    parts.push(Buffer.from(text));
    if (m.junk) parts.push(Buffer.from(' '), NON_UTF8);
    return { bytes: Buffer.concat(parts), request: m.rt !== null, mem: m.mem !== null, cpu: m.cpu !== null };
  });

const entryArb: fc.Arbitrary<Line> = fc
  .record({ time: timeArb, level: fc.constantFrom(...LEVELS), sep: fc.constantFrom(' ', ' ', '\t', '  '), msg: messageArb })
  .map(({ time, level, sep, msg }) => ({
    bytes: Buffer.concat([Buffer.from(`${time}${sep}${level[0]}${msg.bytes.length > 0 ? ' ' : ''}`), msg.bytes]),
    kind: 'entry',
    level: level[1],
    request: msg.request,
    mem: msg.mem,
    cpu: msg.cpu,
  }));

const malformedArb: fc.Arbitrary<Line> = fc
  .oneof(
    fc.constantFrom(
      'this is not a log line',
      '2024-01-24 10:15:32.123',
      '2024-01-24 10:15:32.123 NOTALEVEL hello',
      '2024-13-01 10:00:00.000 INFO month thirteen',
      '2024-01-24 99:00:00.000 INFO hour ninety-nine',
      '2024-02-30 10:00:00.000 ERROR no such day',
      '2024-01-24 10:15:32.123 [INFO hello',
      '\x00\x01\x02 binary junk',
      '{"truncated": ',
      '  \tindented junk',
    ),
    fc.constant(Buffer.concat([NON_UTF8, Buffer.from(' not a line')]).toString('latin1')),
    fc.integer({ min: 65_537, max: 140_000 }).map((n) => 'y'.repeat(n)),
  )
  .map((s) => ({ bytes: Buffer.from(s, 'latin1'), kind: 'malformed' as const }));

const blankArb: fc.Arbitrary<Line> = fc
  .constantFrom('', ' ', '\t', '   ', ' \t \t')
  .map((s) => ({ bytes: Buffer.from(s), kind: 'blank' as const }));

const lineArb: fc.Arbitrary<Line> = fc.oneof(
  { arbitrary: entryArb, weight: 12 },
  { arbitrary: malformedArb.filter((l) => l.bytes.length < 1000), weight: 4 },
  { arbitrary: malformedArb, weight: 1 },
  { arbitrary: blankArb, weight: 3 },
);

interface LogFile {
  lines: Line[];
  crlf: boolean[];
  finalNewline: boolean;
}

const logArb: fc.Arbitrary<LogFile> = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 40 }),
    crlf: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    finalNewline: fc.boolean(),
  })
  .map((f) => ({ ...f, crlf: f.crlf.slice(0, f.lines.length) }));

function render(f: LogFile): Buffer {
  const parts: Buffer[] = [];
  f.lines.forEach((l, i) => {
    parts.push(l.bytes);
    if (i < f.lines.length - 1 || f.finalNewline) parts.push(Buffer.from(f.crlf[i] ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
}

/** What a chunk's lines are read with: a parser, or a format's reading (its parser, markers and continuations). */
type Reading = LineParser | LineReading;

/** How a chunk is read. */
type Mode = 'scanChunk' | 'stepwise' | 'bytes-minimal' | 'bytes-to-eof' | 'bytes-whole' | 'pushed';

interface Config {
  chunkSize: number;
  readSize: number;
  seed: number;
  shape: 'sequence' | 'tree';
}

const configArb = fc.record({
  // a fraction of the file size (fc.double would crowd near 0: it is uniform over doubles, not over [0, 1])
  chunkFrac: fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 1_000_000),
    fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 20_000_000),
  ),
  readSize: fc.oneof(
    fc.integer({ min: 1024, max: 1100 }),
    fc.integer({ min: 1024, max: 20_000 }),
    fc.constant(1024 * 1024),
  ),
  seed: fc.integer(),
  shape: fc.constantFrom('sequence' as const, 'tree' as const),
});

/** The bytes a chunk needs: from start - 1 through the end of its last line. */
function minimalSource(data: Buffer, c: ChunkRange): ByteSource {
  const from = c.start > 0 ? c.start - 1 : 0;
  const nl = data.indexOf(10, Math.max(from, c.end - 1));
  return { bytes: data.subarray(from, nl < 0 ? data.length : nl + 1), offset: from };
}

/** Push mode, as for bytes shipped over NATS: the minimal range in slices of random sizes, pushed when the scanner starves. */
function scanPushed(data: Buffer, c: ChunkRange, readSize: number, budget: number, parse: Reading, rnd: () => number): PartialMetrics {
  const range = (minimalSource(data, c) as { bytes: Uint8Array }).bytes;
  const s = new ChunkScanner({ pushed: true }, c, parse, { readSize, lane: maybeLane(readSize, parse, rnd) });
  let at = 0;
  let steps = 0;
  while (!s.step(budget)) {
    if (++steps > 10_000_000) throw new Error('scanner makes no progress');
    if (!s.starved) continue;
    if (at >= range.length) s.endInput();
    else {
      const n = 1 + Math.floor(rnd() * Math.min(range.length - at, rnd() < 0.5 ? 7 : 70_000));
      s.push(range.subarray(at, at + n));
      at += n;
    }
  }
  return s.result();
}

/** A chunk's partial, which must pass the supervisor's checks (wireProblem: what a worker can produce). */
function scanWith(mode: Mode, data: Buffer, c: ChunkRange, readSize: number, budget: number, parse: Reading, rnd: () => number = Math.random): PartialMetrics {
  const p = scanOnce(mode, data, c, readSize, budget, parse, rnd);
  assert.equal(wireProblem(toWire(p), c.file), undefined, 'the supervisor would refuse this partial');
  return p;
}

function scanOnce(mode: Mode, data: Buffer, c: ChunkRange, readSize: number, budget: number, parse: Reading, rnd: () => number): PartialMetrics {
  if (mode === 'scanChunk') return scanChunk(c, parse, readSize);
  if (mode === 'pushed') return scanPushed(data, c, readSize, budget, parse, rnd);
  let fd: number | null = null;
  let source: ByteSource;
  if (mode === 'stepwise') source = { fd: (fd = openSync(c.path, 'r')) };
  else if (mode === 'bytes-minimal') source = minimalSource(data, c);
  else if (mode === 'bytes-whole') source = { bytes: data, offset: 0 };
  else {
    const from = c.start > 0 ? c.start - 1 : 0;
    source = { bytes: data.subarray(from), offset: from };
  }
  try {
    const s = new ChunkScanner(source, c, parse, { readSize, lane: maybeLane(readSize, parse, rnd) });
    let steps = 0;
    while (!s.step(budget)) {
      if (++steps > 10_000_000) throw new Error('scanner makes no progress');
    }
    return s.result();
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Half the chunks of a format with a WebAssembly lane (standard, nginx) go
 * through it, so the lane is held to the figures of the JS parser that the
 * whole-file scan uses.
 */
function maybeLane(readSize: number, reading: Reading, rnd: () => number): Lane | undefined {
  const parse = typeof reading === 'function' ? reading : reading.parse;
  const format = parse === parseStandard ? 'standard' : parse === parseNginx ? 'nginx' : null;
  if (format === null || rnd() < 0.5) return undefined;
  const lane = Lane.create(formats.resolve(format).lane as LaneSpec, readSize);
  if (lane === undefined) throw new Error(`the ${format} lane is not built (npm run build) or LOGA_LANE=off`);
  return lane;
}

const MODES: Mode[] = ['scanChunk', 'stepwise', 'bytes-minimal', 'bytes-to-eof', 'bytes-whole', 'pushed'];

/** Figures of the file scanned in chunks of cfg.chunkSize, chunks read in mixed ways and merged in a random order. */
function chunkedFigures(path: string, data: Buffer, cfg: Config, format: string = 'standard'): Figures {
  const parse = formats.resolve(format).parse;
  const chunks = planChunks([{ path, bytes: data.length, format }], cfg.chunkSize);
  const rnd = rng(cfg.seed);
  const parts = chunks.map((c) => {
    const mode = MODES[Math.floor(rnd() * MODES.length)];
    const budget = 1 + Math.floor(rnd() * 5000);
    const p = scanWith(mode, data, c, cfg.readSize, budget, parse, rnd);
    return rnd() < 0.5 ? viaJson(p) : p;
  });
  const merged = cfg.shape === 'tree' ? mergeTree(parts, cfg.seed) : mergeAll(shuffle(parts, cfg.seed));
  return computeFigures(merged, [path]);
}

function wholeFigures(path: string, size: number, format: string = 'standard'): Figures {
  return computeFigures(scanChunk({ path, file: 0, start: 0, end: size }, formats.resolve(format).parse), [path]);
}

test('random files: the same figures for every chunk size, read size, reading mode and merge order', (t) => {
  let runs = 0;
  let withLong = 0;
  const spread = [0, 0, 0, 0];
  fc.assert(
    fc.property(logArb, fc.array(configArb, { minLength: 1, maxLength: 3 }), (f, cfgs) => {
      const data = render(f);
      const path = tempFile(data);
      try {
        const whole = wholeFigures(path, data.length);

        // what the generated lines must count as
        const nonBlank = f.lines.filter((l) => l.kind !== 'blank');
        const entries = f.lines.filter((l) => l.kind === 'entry');
        assert.equal(whole.lines, nonBlank.length, 'lines = non-blank lines generated');
        assert.equal(whole.entries, entries.length, 'entries');
        assert.equal(whole.malformed_lines, nonBlank.length - entries.length, 'malformed');
        const levels: Record<string, number> = {};
        for (const l of entries) levels[l.level as string] = (levels[l.level as string] ?? 0) + 1;
        assert.deepEqual(whole.levels, levels, 'levels');
        assert.equal(whole.errors, entries.filter((l) => l.level === 'ERROR' || l.level === 'FATAL').length, 'errors');
        assert.equal(whole.total_requests, entries.filter((l) => l.request).length, 'requests');
        assert.equal(whole.resources.memory_mb?.samples ?? 0, entries.filter((l) => l.mem).length, 'memory samples');
        assert.equal(whole.resources.cpu_pct?.samples ?? 0, entries.filter((l) => l.cpu).length, 'cpu samples');

        for (const c of cfgs) {
          // chunk sizes 1 .. size + 10, but at most ~2000 chunks a file
          const raw = 1 + Math.floor(c.chunkFrac * (data.length + 9));
          const chunkSize = Math.max(raw, Math.ceil(data.length / 2000));
          const n = Math.ceil(data.length / chunkSize);
          spread[n === 1 ? 0 : n <= 10 ? 1 : n <= 100 ? 2 : 3]++;
          const got = chunkedFigures(path, data, { ...c, chunkSize });
          assert.deepEqual(got, whole, `chunk size ${chunkSize}, read size ${c.readSize}, ${c.shape}`);
        }
        runs++;
        if (data.length > 65536) withLong++;
      } finally {
        rmSync(path, { force: true });
      }
    }),
    { numRuns: 300 },
  );
  t.log(`${runs} files, ${withLong} with a line over 64 KiB; chunk counts 1 / 2-10 / 11-100 / >100: ${spread.join(' / ')}`);
  t.true(withLong > 0, 'some files had a line over 64 KiB');
});

test('tiny files: every chunk size from 1 to size + 10', (t) => {
  fc.assert(
    fc.property(
      fc.record({
        lines: fc.array(
          fc.oneof(
            { arbitrary: entryArb.filter((l) => l.bytes.length < 200), weight: 3 },
            { arbitrary: malformedArb.filter((l) => l.bytes.length < 200), weight: 1 },
            { arbitrary: blankArb, weight: 1 },
          ),
          { minLength: 1, maxLength: 6 },
        ),
        crlf: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        finalNewline: fc.boolean(),
      }),
      fc.integer(),
      (f, seed) => {
        const data = render(f);
        const path = tempFile(data);
        try {
          const whole = wholeFigures(path, data.length);
          assert.equal(whole.lines, f.lines.filter((l) => l.kind !== 'blank').length);
          for (let size = 1; size <= data.length + 10; size++) {
            const got = chunkedFigures(path, data, { chunkSize: size, readSize: 1024, seed: seed + size, shape: 'sequence' });
            assert.deepEqual(got, whole, `chunk size ${size}`);
          }
        } finally {
          rmSync(path, { force: true });
        }
      },
    ),
    { numRuns: 40 },
  );
  t.pass();
});

test('the vectors: the same figures at 1 KiB, 4 KiB, 64 KiB, 1 MiB and 64 MiB chunks', (t) => {
  for (const name of ['normal.log', 'malformed.log']) {
    const path = resolve(VECTORS, name);
    const data = readFileSync(path);
    const whole = wholeFigures(path, data.length);
    t.true(whole.entries > 0, name);
    for (const chunkSize of [1024, 4096, 65536, 1024 * 1024, 64 * 1024 * 1024]) {
      for (const [readSize, seed] of [
        [1024 * 1024, 1],
        [1024, 2],
      ]) {
        t.deepEqual(chunkedFigures(path, data, { chunkSize, readSize, seed, shape: 'sequence' }), whole, `${name} @ ${chunkSize}`);
      }
    }
  }
});

test("malformed.log's first 3 KiB: every chunk size from 1 to 200 bytes", (t) => {
  const data = readFileSync(resolve(VECTORS, 'malformed.log')).subarray(0, 3072);
  const path = tempFile(data);
  const whole = wholeFigures(path, data.length);
  t.true(whole.malformed_lines > 0 && whole.entries > 0, 'the cut holds entries and malformed lines');
  t.is(whole.lines, data.toString('latin1').split('\n').filter((l) => l.replace(/[ \t\r]/g, '') !== '').length);
  for (let chunkSize = 1; chunkSize <= 200; chunkSize++) {
    const readSize = chunkSize % 2 === 0 ? 1024 * 1024 : 1024;
    const got = chunkedFigures(path, data, { chunkSize, readSize, seed: chunkSize, shape: chunkSize % 3 === 0 ? 'tree' : 'sequence' });
    t.deepEqual(got, whole, `chunk size ${chunkSize}`);
  }
});

test('a line longer than MAX_LINE is one malformed line, whatever the chunks', (t) => {
  const head = Buffer.from('2024-01-24 10:15:00.000 INFO Request processed in 5ms\n');
  const tail = Buffer.from('\n2024-01-24 10:15:01.000 ERROR Upstream returned 502\n');
  const data = Buffer.concat([head, Buffer.alloc(MAX_LINE + 4096, 'z'), tail]);
  const path = tempFile(data);
  const whole = wholeFigures(path, data.length);
  t.is(whole.lines, 3);
  t.is(whole.entries, 2);
  t.is(whole.malformed_lines, 1);
  t.is(whole.malformed_samples[0].offset, head.length);
  t.is(whole.malformed_samples[0].line, 'z'.repeat(240));
  for (const chunkSize of [1024 * 1024, 5 * 1024 * 1024 + 3, 64 * 1024 * 1024]) {
    t.deepEqual(chunkedFigures(path, data, { chunkSize, readSize: 1024 * 1024, seed: chunkSize, shape: 'sequence' }), whole, `${chunkSize}`);
  }
  rmSync(path, { force: true });
});

test('lines near MAX_LINE count the same for every read size and chunk size', (t) => {
  // A valid entry whose line is a little over or under MAX_LINE bytes: whether it
  // is held whole (an entry) or skipped (malformed) must not depend on how it is read.
  for (const extra of [-10, 10, 2000]) {
    const prefix = '2024-01-24 10:15:00.000 INFO ';
    const line = Buffer.concat([Buffer.from(prefix), Buffer.alloc(MAX_LINE + extra - prefix.length - 10, 'a'), Buffer.from(' took 5ms.')]);
    t.is(line.length, MAX_LINE + extra);
    const data = Buffer.concat([Buffer.from('2024-01-24 10:14:59.000 INFO start\n'), line, Buffer.from('\n')]);
    const path = tempFile(data);
    const results = new Map<string, Figures>();
    for (const readSize of [1024 * 1024, 1500, 1024]) {
      results.set(`whole, read size ${readSize}`, computeFigures(scanChunk({ path, file: 0, start: 0, end: data.length }, parse, readSize), [path]));
      results.set(`1 MiB chunks, read size ${readSize}`, chunkedFigures(path, data, { chunkSize: 1024 * 1024, readSize, seed: 7, shape: 'sequence' }));
    }
    const [first, ...rest] = [...results];
    t.is(first[1].lines, 2, `${extra}: lines`);
    for (const [what, f] of rest) {
      t.deepEqual(
        { entries: f.entries, malformed: f.malformed_lines, requests: f.total_requests },
        { entries: first[1].entries, malformed: first[1].malformed_lines, requests: first[1].total_requests },
        `line of MAX_LINE${extra >= 0 ? '+' : ''}${extra} bytes: ${what} vs ${first[0]}`,
      );
    }
    rmSync(path, { force: true });
  }
});

test('more than 1000 distinct error messages: top errors do not depend on the chunks', (t) => {
  // 1000 one-off errors whose messages differ in letters (so 1000 templates),
  // then the same error 50 times: the most frequent error of the file.
  const lines: string[] = [];
  const name = (i: number): string => i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[+d]);
  for (let i = 0; i < 1000; i++) lines.push(`2024-01-24 10:15:00.000 ERROR Cache miss for key ${name(i)}`);
  for (let i = 0; i < 50; i++) lines.push(`2024-01-24 10:16:00.000 ERROR Database connection failed`);
  const data = Buffer.from(lines.join('\n') + '\n');
  const path = tempFile(data);
  const whole = wholeFigures(path, data.length);
  t.is(whole.errors, 1050);
  for (const chunkSize of [4096, 16384, 60_000]) {
    for (const seed of [1, 2, 3]) {
      const got = chunkedFigures(path, data, { chunkSize, readSize: 1024 * 1024, seed, shape: 'sequence' });
      t.deepEqual(got.top_errors, whole.top_errors, `chunk size ${chunkSize}, order ${seed}`);
    }
  }
  // and the most frequent error is the first one reported
  t.deepEqual(whole.top_errors[0], { message: 'Database connection failed', count: 50, example: 'Database connection failed' });
  rmSync(path, { force: true });
});

test('a file of only blank lines, and a file without any newline', (t) => {
  for (const [text, lines] of [
    [' \n\t\n\r\n  \t \r\n\n', 0],
    ['2024-01-24 10:15:00.000 INFO Request processed in 7ms', 1],
    ['junk without newline', 1],
    ['\n\n\n2024-01-24 10:15:00.000 WARN x\r', 1],
  ] as const) {
    const data = Buffer.from(text);
    const path = tempFile(data);
    const whole = wholeFigures(path, data.length);
    t.is(whole.lines, lines, JSON.stringify(text));
    for (let size = 1; size <= data.length + 2; size++) {
      t.deepEqual(chunkedFigures(path, data, { chunkSize: size, readSize: 1024, seed: size, shape: 'sequence' }), whole, `${JSON.stringify(text)} @ ${size}`);
    }
    rmSync(path, { force: true });
  }
});

// ---------------------------------------------------------------------------
// The other formats: line ownership does not depend on the parser, but a
// parser that kept state from one line to the next would break invariance.

const hms = fc.record({ m: fc.integer({ min: 0, max: 3 }), s: fc.integer({ min: 0, max: 59 }), ms: fc.integer({ min: 0, max: 999 }) });

const jsonLine = fc
  .record({
    t: hms,
    shape: fc.constantFrom('iso', 'epochMs', 'epochS', 'nolevel'),
    level: fc.constantFrom('"info"', '"error"', '"WARN"', '50', '30', '"fatal"'),
    msg: fc.constantFrom('Upstream returned 502', 'say \\"hi\\" \\u00e9\\n', 'Request processed in 12ms', 'memory usage: 12MB'),
    extra: fc.constantFrom('', ',"duration_ms":127.5', ',"request_time":0.105', ',"rss_mb":300,"cpu_pct":12.5', ',"nested":{"a":[1,{"b":null}]}'),
  })
  .map(({ t, shape, level, msg, extra }) => {
    const ts = Date.UTC(2024, 0, 24, 10, 15 + t.m, t.s, t.ms);
    const time =
      shape === 'epochMs' ? `"ts":${ts}` : shape === 'epochS' ? `"time":${ts / 1000}` : `"timestamp":"${new Date(ts).toISOString()}"`;
    return `{${time}${shape === 'nolevel' ? '' : `,"level":${level}`},"message":"${msg}"${extra}}`;
  });

const logfmtLine = fc
  .record({
    t: hms,
    level: fc.constantFrom('info', 'error', 'warn', 'debug'),
    msg: fc.constantFrom('"GET /a \\"x\\""', 'plain', '"Upstream returned 502"', '"took 5ms"'),
    extra: fc.constantFrom('', ' duration_ms=127', ' request_time=0.2', ' mem_mb=12 cpu_pct=3'),
  })
  .map(({ t, level, msg, extra }) => `ts=${new Date(Date.UTC(2024, 0, 24, 10, 15 + t.m, t.s, t.ms)).toISOString()} level=${level} msg=${msg}${extra}`);

const nginxLine = fc
  .record({
    t: hms,
    status: fc.constantFrom(200, 201, 304, 404, 500, 502),
    rt: fc.option(fc.integer({ min: 0, max: 5000 })),
  })
  .map(
    ({ t, status, rt }) =>
      `10.0.0.1 - - [24/Jan/2024:10:${15 + t.m}:${p2(t.s)} +0000] "GET /a?id=${t.ms} HTTP/1.1" ${status} 512 "-" "curl/8"${rt === null ? '' : ` ${(rt / 1000).toFixed(3)}`}`,
  );

const junkLine = fc.constantFrom('{"truncated": ', 'not a line at all', '[1,2,3]', '10.0.0.1 - - [bad] "GET"', 'level=info msg=no-time', '\t');

for (const [format, line] of [
  ['json', jsonLine],
  ['logfmt', logfmtLine],
  ['nginx', nginxLine],
] as const) {
  test(`${format} files: the same figures for every chunk size`, (t) => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: line.map((text) => ({ text, entry: true })), weight: 5 },
            { arbitrary: junkLine.map((text) => ({ text, entry: false })), weight: 1 },
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.boolean(),
        configArb,
        (lines, crlf, finalNewline, cfg) => {
          const eol = (i: number): string => (i < lines.length - 1 || finalNewline ? (crlf[i] ? '\r\n' : '\n') : '');
          const data = Buffer.from(lines.map((l, i) => l.text + eol(i)).join(''));
          const path = tempFile(data);
          try {
            const whole = wholeFigures(path, data.length, format);
            assert.equal(whole.lines, lines.filter((l) => l.text.trim() !== '').length, 'lines');
            assert.equal(whole.entries, lines.filter((l) => l.entry).length, 'entries');
            const chunkSize = Math.max(1, 1 + Math.floor(cfg.chunkFrac * (data.length + 9)));
            assert.deepEqual(chunkedFigures(path, data, { ...cfg, chunkSize }, format), whole, `chunk size ${chunkSize}`);
          } finally {
            rmSync(path, { force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
    t.pass();
  });
}

/**
 * A worker stops a chunk whose partial reaches maxMinutes minute rows and
 * hands back the rest as a new chunk (result.split_at). Scanning as the
 * supervisor then does — the rest queued as a chunk of its own, however many
 * times it splits again — must give the figures of one whole-file scan.
 */
function splitFigures(path: string, data: Buffer, chunkSize: number, maxMinutes: number, readSize: number, seed: number): { figures: Figures; scans: number } {
  const rnd = rng(seed);
  const queue: ChunkRange[] = planChunks([{ path, bytes: data.length, format: 'standard' }], chunkSize);
  const parts: PartialMetrics[] = [];
  let scans = 0;
  while (queue.length > 0) {
    if (++scans > 100_000) throw new Error('splitting makes no progress');
    const c = queue.shift() as ChunkRange;
    const source: ByteSource = rnd() < 0.5 ? { bytes: data, offset: 0 } : minimalSource(data, c);
    const s = new ChunkScanner(source, c, parse, { readSize, maxMinutes, lane: maybeLane(readSize, parse, rnd) });
    let steps = 0;
    while (!s.step(1 + Math.floor(rnd() * 5000))) if (++steps > 10_000_000) throw new Error('scanner makes no progress');
    if (s.splitAt >= 0) {
      assert.ok(s.splitAt > c.start && s.splitAt < c.end, `split ${s.splitAt} inside [${c.start}, ${c.end})`);
      queue.push({ ...c, start: s.splitAt });
    }
    const p = s.result();
    assert.equal(wireProblem(toWire(p), c.file), undefined, 'the supervisor would refuse this partial');
    assert.ok(p.minutes.size <= maxMinutes + 1, `${p.minutes.size} minute rows, at most ${maxMinutes} + the lane's last`);
    parts.push(viaJson(p));
  }
  return { figures: computeFigures(mergeAll(shuffle(parts, seed)), [path]), scans };
}

test('chunks split by minute rows (maxMinutes): the same figures, each partial within its bound', (t) => {
  let splits = 0;
  fc.assert(
    fc.property(logArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4096 }), fc.constantFrom(1024, 4096, 1 << 20), fc.integer(), (f, maxMinutes, chunkSize, readSize, seed) => {
      const data = render(f);
      const path = tempFile(data);
      try {
        const { figures, scans } = splitFigures(path, data, Math.max(chunkSize, Math.ceil(data.length / 500)), maxMinutes, readSize, seed);
        assert.deepEqual(figures, wholeFigures(path, data.length));
        splits += scans - Math.ceil(data.length / Math.max(chunkSize, Math.ceil(data.length / 500)));
      } finally {
        rmSync(path, { force: true });
      }
    }),
    { numRuns: 150 },
  );
  t.log(`${splits} splits in all`);
  t.true(splits > 100, 'chunks did split');
});

// ---------------------------------------------------------------------------
// Every format of the registry, whoever added it: files of its samples,
// look-alikes, continuation lines, blank and junk lines in random order and
// number, read with the format fitted to the file (LogFormat.fit) as
// detection would, cut into chunks of random sizes and at cuts next to line
// ends (1-byte chunks among them), must give the figures of one whole scan.

/** Lines of a multi-line entry after its first (src/parsers/continuation.ts); malformed for the other formats. */
const CONTINUATIONS = [
  '\tat com.example.Foo.bar(Foo.java:42)',
  'Caused by: java.io.EOFException: x',
  '\t... 3 more',
  'Traceback (most recent call last):',
  '  File "app.py", line 3, in handler',
  'java.lang.IllegalStateException: boom',
];
const JUNK = ['this is not a log line', '{"truncated": ', '\x00\x01 junk', '[1,2,3]'];
/** Lines of a format that are neither samples nor look-alikes: markers and such (a format missing here is covered by its samples). */
const FORMAT_LINES: Record<string, readonly string[]> = {
  cri: [
    '2024-01-24T10:15:32.123456789Z stdout P 2024-01-24 10:15:32.123 ERROR the first piece of a long line',
    '2024-01-24T10:15:32.123456789Z stderr F ',
    '2024-01-24T10:15:32.2Z stdout F \tat com.example.Foo.bar(Foo.java:42)',
  ],
  docker: [
    '{"log":"2024-01-24 10:15:32.123 ERROR the first piece of a long line","stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}',
    '{"log":"\\n","stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}',
    '{"log":"{\\"level\\":\\"error\\",\\"msg\\":\\"caf\\u00e9 502\\",\\"ts\\":\\"2024-01-24T10:16:00Z\\"}\\n","stream":"stderr","time":"2024-01-24T10:16:00.1Z"}',
  ],
};
/** The mtime of the files: the year of year-less timestamps. */
const FILE: FileContext = { mtimeMs: Date.UTC(2024, 5, 1) };

/** Cuts next to the line ends of data (before, at and after each '\n', 1-byte chunks among them), as chunk ranges. */
function cutsNearLineEnds(path: string, data: Buffer, rnd: () => number): ChunkRange[] {
  const cuts = new Set<number>([0, data.length]);
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
    if (rnd() < 0.5) continue;
    const at = i + Math.floor(rnd() * 4) - 1; // i - 1 .. i + 2
    cuts.add(Math.min(data.length, Math.max(0, at)));
    if (rnd() < 0.5) cuts.add(Math.min(data.length, at + 1)); // a 1-byte chunk
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(1).map((end, k) => ({ path, file: 0, start: sorted[k], end }));
}

/** The chunks scanned in a random order (a parser that carried state from line to line would show), then merged in another. */
function figuresOfChunks(path: string, data: Buffer, ranges: readonly ChunkRange[], reading: LineReading, cfg: Config): Figures {
  const rnd = rng(cfg.seed);
  const parts = shuffle(ranges, cfg.seed + 1).map((c) => {
    const mode = MODES[Math.floor(rnd() * MODES.length)];
    const p = scanWith(mode, data, c, cfg.readSize, 1 + Math.floor(rnd() * 5000), reading, rnd);
    return rnd() < 0.5 ? viaJson(p) : p;
  });
  return computeFigures(cfg.shape === 'tree' ? mergeTree(parts, cfg.seed) : mergeAll(shuffle(parts, cfg.seed)), [path]);
}

/** Runs per format: about 400 files in all (some 10 s), however many formats the registry has. */
const RUNS_PER_FORMAT = Math.min(60, Math.max(12, Math.floor(400 / formats.list().length)));

for (const format of formats.list()) {
  const pool = [
    ...format.samples.map((text) => ({ text, entry: true })),
    ...[...(format.lookalikes ?? []), ...CONTINUATIONS, ...JUNK, ...(FORMAT_LINES[format.name] ?? [])].map((text) => ({ text, entry: false })),
  ];
  const lineArb = fc.oneof(
    { arbitrary: fc.constantFrom(...format.samples).map((text) => ({ text, entry: true })), weight: 4 },
    { arbitrary: fc.constantFrom(...pool), weight: 3 },
    { arbitrary: fc.constantFrom('', ' ', '\t ').map((text) => ({ text, entry: false })), weight: 1 },
  );
  test(`every format, ${format.name}: files of its lines, the same figures for every chunking`, (t) => {
    let fitted = 0;
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        configArb,
        (lines, crlf, finalNewline, cfg) => {
          const eol = (i: number): string => (i < lines.length - 1 || finalNewline ? (crlf[i] ? '\r\n' : '\n') : '');
          const data = Buffer.from(lines.map((l, i) => l.text + eol(i)).join(''), 'latin1');
          const def = format.fit?.(data, formats);
          if (def !== undefined) fitted++;
          const reading = readingOf(def === undefined ? format : formats.resolve(def.name, def), FILE);
          const path = tempFile(data);
          try {
            const whole = computeFigures(scanChunk({ path, file: 0, start: 0, end: data.length }, reading), [path]);
            if (def === undefined) assert.equal(whole.entries, lines.filter((l) => l.entry).length, 'every sample is an entry');
            assert.equal(whole.lines, whole.entries + whole.malformed_lines + whole.continuation_lines, 'lines');
            const chunkSize = Math.max(1, 1 + Math.floor(cfg.chunkFrac * (data.length + 9)));
            const planned = planChunks([{ path, bytes: data.length, format: format.name }], chunkSize);
            assert.deepEqual(figuresOfChunks(path, data, planned, reading, { ...cfg, chunkSize }), whole, `chunk size ${chunkSize}`);
            assert.deepEqual(figuresOfChunks(path, data, cutsNearLineEnds(path, data, rng(cfg.seed)), reading, { ...cfg, chunkSize }), whole, 'cuts next to line ends');
          } finally {
            rmSync(path, { force: true });
          }
        },
      ),
      { numRuns: RUNS_PER_FORMAT },
    );
    t.log(`${format.name}: ${fitted} of ${RUNS_PER_FORMAT} files fitted`);
    t.pass();
  });
}
