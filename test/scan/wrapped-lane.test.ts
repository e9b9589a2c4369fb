/**
 * The lanes inside the container wrappers (assembly/wrappers.ts): a CRI or
 * Docker json-file format fitted around an inner format runs the inner
 * format's lane, which finds each line's inner line itself. Against the JS
 * parsers (src/parsers/cri.ts, docker.ts around the inner parser): the same
 * bytes scanned both ways give the same partial, to the last bucket, example
 * and marker. The inner lines are `loga gen` lines of every lane with a
 * generator (standard, json, logfmt, nginx; log4j, syslog and the Apache
 * error log on the shape lane, which learns from what JS read) in time order,
 * and Go `log` lines built here (the shape lane's call-site mode); each is
 * wrapped the way the runtimes write it, or in one of the ways the lane must
 * leave to JS: CRI times with no fraction, an offset, ten digits, an
 * impossible date, a year out of the lane's range; a P fragment, further
 * tags, another stream, blanks; Docker's keys in another order or with
 * `attrs`, blanks between tokens, escapes in `log` (the JSON app's `\"`, a
 * `\t`, a `\u00e9`, an escaped backslash before `n`), a `log` without its
 * `\n`, a `\r\n`, a `time` that is a number, escaped or any text; inner lines
 * that are empty, blank, start with a blank or end with a raw `\r`. Then: on
 * a clean wrapped file the lane takes nearly every line (so a lane that took
 * none could not pass the comparison by being two JS scans).
 */
import test from 'ava';
import fc from 'fast-check';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChunkScanner, defaultGenOptions, formats, generate, Lane, readingOf, toWire, type LaneSpec, type LineParser, type LogFormat } from '../../src/internal.js';

/** The inner formats: their lanes, modes and the gen lines they take. */
const GENERATED = ['standard', 'json', 'logfmt', 'nginx', 'log4j', 'syslog', 'apache-error'] as const;
const INNER = [...GENERATED, 'golog'] as const;
type Inner = (typeof INNER)[number];

/** Lines of each inner format in time order (the minutes repeat, so the lanes take lines). */
const innerLines = new Map<Inner, string[]>();

test.before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loga-wrapped-'));
  try {
    for (const format of GENERATED) {
      const out = join(dir, `${format}.log`);
      await generate({ ...defaultGenOptions(), format, size: 400_000, seed: 21, errorRatio: 0.1, out });
      innerLines.set(format, (await readFile(out, 'utf8')).split('\n').filter((l) => l !== ''));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const golog: string[] = [];
  const words = ['http: TLS handshake error from 10.0.0.7:5123: EOF', 'main.go:42: request processed in 12ms', 'listening on :8080', 'panic: runtime error', 'mem 512MB cpu 40%'];
  for (let i = 0; i < 2000; i++) {
    const t = new Date(Date.UTC(2024, 0, 24, 10, 15, 0) + i * 100).toISOString();
    golog.push(`${t.slice(0, 10).replace(/-/g, '/')} ${t.slice(11, 19)} ${words[i % words.length]}`);
  }
  innerLines.set('golog', golog);
});

/** The wrapped format fitted around `inner`, as detection builds it. */
function wrappedFormat(wrapper: 'cri' | 'docker', inner: Inner): LogFormat {
  return formats.resolve(wrapper, { name: wrapper, kind: wrapper, inner });
}

/** A whole buffer in one chunk, with or without the format's lane: the partial as wire JSON. */
function scan(f: LogFormat, data: Buffer, withLane: boolean, readSize: number, budget: number, spy?: (line: string) => void): string {
  const reading = readingOf(f);
  const parse: LineParser = spy === undefined ? reading.parse : (buf, s, e, rec) => (spy(Buffer.from(buf.subarray(s, e)).toString()), reading.parse(buf, s, e, rec));
  const lane = withLane ? Lane.create(f.lane as LaneSpec, readSize) : undefined;
  if (withLane && lane === undefined) throw new Error('the lanes are not built (npm run build) or LOGA_LANE=off');
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, { ...reading, parse }, { readSize, lane });
  let steps = 0;
  while (!s.step(budget)) if (++steps > 1_000_000) throw new Error('no progress');
  return JSON.stringify(toWire(s.result()));
}

const p2 = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The runtime's time for an inner line's position i: UTC with a fraction of `digits` digits (containerd, Docker). */
function zulu(i: number, digits: number): string {
  const t = new Date(Date.UTC(2024, 0, 24, 10, 15, 0) + i * 37);
  const frac = (p2(t.getUTCMilliseconds(), 3) + '417093265').slice(0, digits);
  return `${t.toISOString().slice(0, 19)}${digits > 0 ? '.' + frac : ''}Z`;
}

/** CRI times the lane must leave to JS (or that JS refuses), beside the good ones. */
const CRI_TIMES = (i: number): string[] => [
  zulu(i, 0),
  zulu(i, 10),
  zulu(i, 9).replace('Z', '+01:00'),
  zulu(i, 3).replace('Z', 'z'),
  zulu(i, 6).replace('T', ' '),
  '2024-02-30T10:15:00.123Z',
  '2024-02-29T10:15:00.123Z',
  '2023-02-29T10:15:00.123Z',
  '2024-13-01T10:15:00.123Z',
  '2024-01-24T24:15:00.123Z',
  '2024-01-24T10:60:00.123Z',
  '2024-01-24T10:15:60.123Z',
  '2024-01-24T10:15:61.123Z',
  '1969-12-31T23:59:59.999Z',
  '2200-01-01T00:00:00.1Z',
  '2024-01-24T10:15:0a.123Z',
];

/** A CRI line around inner text x (its index i), kind k: 0–5 the runtime's own, others each a way the lane must bail. */
function criLine(x: string, i: number, k: number, pick: number): string {
  const good = zulu(i, 1 + (pick % 9));
  switch (k) {
    case 0:
    case 1:
    case 2:
    case 3:
      return `${good} stdout F ${x}`;
    case 4:
      return `${good} stderr F ${x}`;
    case 5:
      return `${good} stdout F:x-tag ${x}`;
    case 6: {
      const times = CRI_TIMES(i);
      return `${times[pick % times.length]} stdout F ${x}`;
    }
    case 7:
      return `${good} stdout P ${x}`;
    case 8:
      return [`${good} stdin F ${x}`, `${good} STDOUT F ${x}`, `${good} stdout  F ${x}`, `${good} stdout F  ${x}`, `${good} stdout F\t${x}`, `${good} stdout Fx ${x}`][pick % 6];
    case 9:
      return [`${good} stdout F `, `${good} stdout F`, `${good} stdout F  `, `${good} stdout F \t${x}`, `${good} stdout F ${x}\r`, `${good} stdout F:`][pick % 6];
    default:
      return `${good.slice(0, 28)}${x}`;
  }
}

/** A Docker json-file line around inner text x, kind k as for criLine. */
function dockerLine(x: string, i: number, k: number, pick: number): string {
  const log = (text: string): string => JSON.stringify(text);
  const time = zulu(i, pick % 10);
  switch (k) {
    case 0:
    case 1:
    case 2:
    case 3:
      return `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}"}`;
    case 4:
      return `{"log":${log(x + '\n')},"stream":"stderr","time":"${time}"}`;
    case 5:
      return [`{"log":${log(x + '\n')},"stream":"stdout","time":"soon"}`, `{"log":${log(x + '\n')},"stream":"stdout","time":""}`][pick % 2];
    case 6:
      return [
        `{"log":${log(x + '\n')},"stream":"stdout","attrs":{"tag":"api"},"time":"${time}"}`,
        `{"stream":"stdout","log":${log(x + '\n')},"time":"${time}"}`,
        `{"log": ${log(x + '\n')}, "stream": "stdout", "time": "${time}"}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}"} `,
        ` {"log":${log(x + '\n')},"stream":"stdout","time":"${time}"}`,
        `{"log":${log(x + '\n')},"stream":"stdout"}`,
        `{"log":${log(x + '\n')},"time":"${time}"}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":${i}}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}\\u0041"}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}\\x"}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}\t"}`,
        `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}"}}`,
        `{"log":${log(x + '\n')},"stream":"stdin","time":"${time}"}`,
      ][pick % 13];
    case 7:
      return [`{"log":${log(x)},"stream":"stdout","time":"${time}"}`, `{"log":${log(x + '\r\n')},"stream":"stdout","time":"${time}"}`, `{"log":${log(x + '\\n')},"stream":"stdout","time":"${time}"}`][pick % 3];
    case 8: {
      // escapes the lane leaves to JS (which decodes them), at a random place of the text
      const at = pick % (x.length + 1);
      const esc = ['\\t', '\\u00e9', '\\/', '\\"', '\\\\', '\\u003c', '\\u0026', '\\u003E', '\\u0001', '\\u000a', '\\u0009', '\\u00', '\\x', '\\r', '\\b'][pick % 15];
      const body = JSON.stringify(x).slice(1, -1);
      const cut = Math.min(at, body.length);
      return `{"log":"${body.slice(0, cut)}${esc}${body.slice(cut)}\\n","stream":"stdout","time":"${time}"}`;
    }
    case 9:
      return [`{"log":"\\n","stream":"stdout","time":"${time}"}`, `{"log":" \\n","stream":"stdout","time":"${time}"}`, `{"log":${log(' ' + x + '\n')},"stream":"stdout","time":"${time}"}`, `{"log":"${JSON.stringify(x).slice(1, -1)}\r\\n","stream":"stdout","time":"${time}"}`][pick % 4];
    default:
      return `{"log":${log(x + '\n')},"stream":"stdout","time":"${time}"`;
  }
}

const WRAP = { cri: criLine, docker: dockerLine } as const;

/** Files of consecutive inner lines, each wrapped by kind (0–5 good, mostly), with the odd inner line cut or changed. */
function wrappedFiles(wrapper: 'cri' | 'docker', inner: Inner): fc.Arbitrary<{ lines: string[]; crlf: boolean; final: boolean; readSize: number; budget: number }> {
  const source = innerLines.get(inner) as string[];
  const line = fc.record({ k: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 4, arbitrary: fc.integer({ min: 6, max: 10 }) }), pick: fc.nat(1000), cut: fc.oneof({ weight: 9, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(200) }) });
  return fc
    .record({ from: fc.nat(source.length - 80), kinds: fc.array(line, { minLength: 1, maxLength: 60 }), crlf: fc.boolean(), final: fc.boolean(), readSize: fc.integer({ min: 1024, max: 4096 }), budget: fc.integer({ min: 1, max: 5000 }) })
    .map(({ from, kinds, crlf, final, readSize, budget }) => ({
      lines: kinds.map(({ k, pick, cut }, j) => {
        const i = from + j;
        const x = cut < 0 ? source[i] : source[i].slice(0, cut);
        return WRAP[wrapper](x, i, k, pick);
      }),
      crlf,
      final,
      readSize,
      budget,
    }));
}

for (const wrapper of ['cri', 'docker'] as const) {
  for (const inner of INNER) {
    test(`${wrapper} around ${inner}: the inner format's lane and the JS parsers give the same partial on wrapped lines of every kind`, (t) => {
      const f = wrappedFormat(wrapper, inner);
      t.truthy(f.lane?.wrap, `the ${wrapper} format around ${inner} has the ${inner} lane, reading the wrapper`);
      fc.assert(
        fc.property(wrappedFiles(wrapper, inner), ({ lines, crlf, final, readSize, budget }) => {
          const nl = crlf ? '\r\n' : '\n';
          const data = Buffer.from(lines.join(nl) + (final ? nl : ''));
          return scan(f, data, true, readSize, budget) === scan(f, data, false, readSize, budget);
        }),
        { numRuns: 120 },
      );
      t.pass();
    });

    test(`${wrapper} around ${inner}: on a clean wrapped file the lane takes as many lines as on the plain file, with the JS parser's figures`, (t) => {
      const f = wrappedFormat(wrapper, inner);
      const source = innerLines.get(inner) as string[];
      const data = Buffer.from(source.map((x, i) => WRAP[wrapper](x, i, i % 5, i)).join('\n') + '\n');
      const seen: string[] = [];
      const partial = scan(f, data, true, 1 << 20, 1 << 30, (l) => seen.push(l));
      t.is(partial, scan(f, data, false, 1 << 20, 1 << 30));
      // the plain inner lines with the inner format's lane: what JS reads there (error lines, new minutes, a shape lane's lessons) is the floor
      const plainSeen: string[] = [];
      scan(formats.resolve(inner), Buffer.from(source.join('\n') + '\n'), true, 1 << 20, 1 << 30, (l) => plainSeen.push(l));
      t.true(plainSeen.length < source.length * 0.5, `the ${inner} lane itself leaves ${plainSeen.length} of ${source.length} lines to JS`);
      // Docker's escaped lines (\" in json, logfmt, nginx) are decoded by the lane, whose error lines then go to JS
      const errors = source.filter((l) => /ERROR|FATAL|"level":"(error|fatal)"|level=(error|fatal)|" [5]\d\d /i.test(l)).length;
      t.true(seen.length <= plainSeen.length + errors + source.length * 0.02, `the JS parser read ${seen.length} of ${source.length} wrapped lines, ${plainSeen.length} plain`);
    });
  }
}
