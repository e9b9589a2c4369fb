/**
 * The shape lane (assembly/shape-lane.ts) against the JS parsers of the
 * formats that use it: the same bytes scanned both ways must give the same
 * partial, to the last bucket, sample and top-error example. The lane does
 * not parse: it learns, from the lines the JS parser read, the bytes between
 * the end of the time shape and the message start, and counts later lines of
 * the same minute with the same bytes there. The lines here attack that
 * assumption: every format of the registry with a shape lane (so a format
 * added later is covered) gets lines built from its own samples and
 * lookalikes, re-timed into three consecutive minutes of one day (minutes
 * repeat, so the lane takes lines), the part after the time recombined from
 * different samples (tokens cut and spliced, blanks changed, separator words
 * inserted, the level letter of klog changed), random messages holding the
 * formats' separators, levels and figures, blanks and tabs at both ends, the
 * time alone, leap seconds, other fractions and separators, zones, `T`,
 * continuation lines, lines longer than the read buffer and junk; syslog
 * gets lines with and without a tag (its lane reads the tag itself). Each format is
 * tried on lines drawn one by one (assertLaneAgrees) and on files whose lines
 * share a few heads, mostly in time order; both check that the lane took a
 * share of the lines, so that the comparison is not one of two JS scans.
 * Then: on a time-ordered file of one layout the lane
 * takes nearly every line (so a lane that took none could not pass), a file
 * whose line starts never repeat still agrees (past the scanner's trial, which
 * turns the lane off), lines of the minute where a year-less format's year
 * guess turns (the file's mtime plus a day) agree, and a shape the lane
 * cannot read is refused with a clear error.
 */
import test from 'ava';
import fc from 'fast-check';
import { formats, Lane, LineRecord, type LaneSpec, type LogFormat } from '../../src/internal.js';
import { assertLaneAgrees, linesLeftToJs, newLane, scanWith } from '../helpers/lane-check.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every format with a shape lane, from the registry. */
const SHAPED: LogFormat[] = formats.list().filter((f) => f.lane?.shape !== undefined && f.lane.mode !== 3);
// mode 3 (RFC 3164) has its `<PRI>` before the shape: its own property test below
const shapeOf = (f: LogFormat): string => f.lane?.shape as string;

/** A line's time, field by field; frac holds 9 digits (a writer takes the ones its shape has). */
interface Clock {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: string;
}

/** The day and hour the lines are re-timed into: minutes BASE.mi, +1, +2. */
const BASE: Clock = { y: 2024, mo: 1, d: 24, h: 10, mi: 15, s: 0, frac: '000000000' };
const at = (minute: number, s: number, frac: string): Clock => ({ ...BASE, mi: BASE.mi + minute, s, frac });

const ymd = (c: Clock): string => `${c.y}-${p2(c.mo)}-${p2(c.d)}`;
const hms = (c: Clock): string => `${p2(c.h)}:${p2(c.mi)}:${p2(c.s)}`;
const yy = (c: Clock): string => p2(c.y % 100);

/**
 * The time of a line in its format's shape (exactly the shape's width; a `k`
 * byte is a placeholder, put in by timeOf). Formats without a writer keep
 * the sample's own minute (own: the sample's first bytes) with the clock's
 * seconds and fraction.
 */
const WRITERS: Record<string, (c: Clock) => string> = {
  log4j: (c) => `${ymd(c)} ${hms(c)},${c.frac.slice(0, 3)} `,
  python: (c) => `${ymd(c)} ${hms(c)},${c.frac.slice(0, 3)} `,
  zookeeper: (c) => `${ymd(c)} ${hms(c)},${c.frac.slice(0, 3)} `,
  logback: (c) => `${ymd(c)} ${hms(c)}.${c.frac.slice(0, 3)} `,
  spring: (c) => `${ymd(c)} ${hms(c)}.${c.frac.slice(0, 3)} `,
  cbs: (c) => `${ymd(c)} ${hms(c)},`,
  spark: (c) => `${yy(c)}/${p2(c.mo)}/${p2(c.d)} ${hms(c)} `,
  hdfs: (c) => `${yy(c)}${p2(c.mo)}${p2(c.d)} ${p2(c.h)}${p2(c.mi)}${p2(c.s)} `,
  logcat: (c) => `${p2(c.mo)}-${p2(c.d)} ${hms(c)}.${c.frac.slice(0, 3)} `,
  klog: (c) => `k${p2(c.mo)}${p2(c.d)} ${hms(c)}.${c.frac.slice(0, 6)} `,
  syslog: (c) => `${MONTHS[c.mo - 1]} ${String(c.d).padStart(2)} ${hms(c)} `,
};

/** The time of a line of format f at clock c, its `k` bytes from own (the time of the sample whose head follows). */
function timeOf(f: LogFormat, c: Clock, own: string): string {
  const shape = shapeOf(f);
  const written = WRITERS[f.name]?.(c);
  let out = '';
  let si = 0;
  let fi = 0;
  for (let i = 0; i < shape.length; i++) {
    const ch = shape[i];
    if (ch === 'k') out += own[i];
    else if (written !== undefined) out += written[i];
    else if (ch === 's') out += p2(c.s)[si++];
    else if (ch === 'f') out += c.frac[fi++];
    else out += own[i];
  }
  return out;
}

/** A format's time shape as a RegExp on a line's start. */
function shapeRegex(shape: string): RegExp {
  let src = '^';
  for (const c of shape) src += c === 'd' || c === 's' || c === 'f' ? '\\d' : c === '?' || c === 'k' ? '[^\\n]' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(src);
}

/** An ISO-like time at a sample's start that is not the shape (Spring Boot 3's `T…Z`, rsyslog's RFC 3339): re-timed too. */
const ISO_START = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)?/;

/**
 * Extra line ends (what follows the time) per format, beside its samples:
 * the separators' corner cases. Syslog's are lines with and without a tag,
 * for the lane's own reading of the tag.
 */
const EXTRA_RESTS: Record<string, string[]> = {
  syslog: [
    ' host sshd[1]: msg',
    ' host msg: with colon later',
    ' host: msg',
    ' host message without any tag',
    ' host sshd[1] no colon: later',
    ' host sshd[12]:no blank after the colon',
    ' host sshd[1 2]: a blank in the pid',
    ' host a:b: c',
    ' host kernel: [    1.234] usb 1-1: took 12ms',
    ' host -- MARK --',
    ' host\tsshd[1]: a tab before the tag',
    ' host  sshd[1]:  two blanks',
    ' host sshd[1]:',
    ' host CRON[4242]: (root) CMD (run-parts /etc/cron.hourly) took 3ms',
    ' host x'.padEnd(90, 'x') + ': a tag past the 64 bytes a tag may have',
  ],
  log4j: [
    'INFO [main] org.Foo: - both separators',
    'WARN [main] org.Foo - : both separators',
    'ERROR [a [b] c] org.Foo: nested brackets',
    'INFO  [main]  org.Foo  -  padded',
    'INFO [main] org.Foo:42 - line number',
    'FATAL [main] : no logger',
  ],
  python: ['- ERROR - WARNING - two levels', '- simple_example - ERROR - - a dash message', '-  name  -  INFO  -  padded', '- INFO -', '- a - b - INFO - x'],
  logback: ['[main] ERROR org.Foo: colon', '[a [b]] WARN org.Foo - nested', '[main] INFO org.Foo - - dash message'],
  spring: [' WARN 1 --- [main] o.s.Foo : x', ' ERROR 1 --- [app] [main] o.s.Foo : x', ' INFO 1 --- [main] o.s.Foo: colon on the name'],
  zookeeper: ['[myid:1] - ERROR [main:Foo@1] - x', '- WARN  [a[b]c] - - dash message', '[myid:] - INFO [x] -'],
  cbs: [' Warning CBS x', ' Error   CSI    0x80004005 - E_FAIL', ' Info CBS', ' Info C1S x'],
  spark: ['ERROR a.B: x', 'WARN a.B - dash', 'INFO a.B:42 - x'],
  hdfs: ['1 ERROR a.B: x', '22 WARN a.B - dash', '3  INFO  a.B:  padded'],
  logcat: ['  1  2 E Tag: x', '1702  2395 W Tag:x: y', '1702  2395 I Tag with blanks: x', ' 1 1 D :x'],
  klog: ['   1 a.go:1] x', '1 a.go:12]x', '  12 a:b.go:3] x', '1 a.go:1]  padded'],
};

/** The words messages and heads are made of: the formats' separators, levels, figures. */
const WORDS = [
  '-', ' - ', ': ', ':', ']', '[', '[pid 1]', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'FATAL', 'Info', 'Error', 'tag[12]: ', 'sshd[1]:', 'in', 'CBS', '---',
  '12', '0', '3200', 'took 12ms', 'took 1.5s', 'memory usage: 512MB', 'cpu 35%', 'Request processed in 127ms', 'Exception on /login [POST]', '(x)', 'a=b',
  '"quoted"', 'café', '日本語', 'x', 'E/Tag( 12):', 'file.go:42]', '\t', '  ',
];
const BLANKS = ['\t', '  ', '', ' \t', '   '];

/** What follows the time of a sample: the bytes up to the message start (JS's reading), the message. */
interface Part {
  own: string;
  head: string;
  msg: string;
}

/** The parts of a format's samples, lookalikes and extra line ends, split where its parser starts the message. */
function partsOf(f: LogFormat): Part[] {
  const shape = shapeOf(f);
  const w = shape.length;
  const re = shapeRegex(shape);
  const ownDefault = [...f.samples].find((l) => re.test(l))?.slice(0, w) ?? timeOf(f, BASE, 'I'.repeat(w));
  const rests: { own: string; rest: string }[] = [];
  for (const line of [...f.samples, ...(f.lookalikes ?? [])]) {
    if (re.test(line)) rests.push({ own: line.slice(0, w), rest: line.slice(w) });
    else {
      const m = ISO_START.exec(line);
      if (m === null) continue;
      let rest = line.slice(m[0].length);
      if (shape.endsWith(' ') && rest.startsWith(' ')) rest = rest.slice(1);
      rests.push({ own: ownDefault, rest });
    }
  }
  for (const rest of EXTRA_RESTS[f.name] ?? []) rests.push({ own: ownDefault, rest });
  const rec = new LineRecord();
  return rests.map(({ own, rest }) => {
    const buf = Buffer.from(timeOf(f, BASE, own) + rest);
    rec.reset();
    if (f.parse(buf, 0, buf.length, rec) && rec.msgStart >= w && rec.msgStart <= buf.length) {
      return { own, head: buf.subarray(w, rec.msgStart).toString(), msg: buf.subarray(rec.msgStart).toString() };
    }
    return { own, head: rest, msg: '' };
  });
}

/** Head (own time for the `k` bytes, the bytes up to the message) of a line. */
interface Head {
  own: string;
  head: string;
}

const tokens = (s: string): string[] => s.split(/([ \t]+)/);

/** Heads from the parts: as they are, or spliced from two parts' tokens, blanks changed, a word put in, the `k` bytes changed. */
function headArb(f: LogFormat, parts: Part[]): fc.Arbitrary<Head> {
  const shape = shapeOf(f);
  const part = fc.nat(parts.length - 1).map((i) => parts[i]);
  const spliced = fc.tuple(part, part, fc.nat(), fc.nat()).map(([a, b, i, j]) => {
    const ta = tokens(a.head);
    const tb = tokens(b.head);
    return { own: a.own, head: ta.slice(0, i % (ta.length + 1)).join('') + tb.slice(j % (tb.length + 1)).join('') };
  });
  const blanked = fc.tuple(part, fc.nat(), fc.constantFrom(...BLANKS)).map(([a, i, bl]) => {
    const t = tokens(a.head);
    const blanksAt = t.map((_, k) => k).filter((k) => k % 2 === 1);
    if (blanksAt.length > 0) t[blanksAt[i % blanksAt.length]] = bl;
    return { own: a.own, head: t.join('') };
  });
  const worded = fc.tuple(part, fc.nat(), fc.constantFrom(...WORDS), fc.constantFrom(' ', '', '\t')).map(([a, i, word, sep]) => {
    const t = tokens(a.head);
    t.splice(i % (t.length + 1), 0, word + sep);
    return { own: a.own, head: t.join('') };
  });
  const base = fc.oneof(
    { weight: 8, arbitrary: part.map((p) => ({ own: p.own, head: p.head })) },
    { weight: 3, arbitrary: spliced },
    { weight: 2, arbitrary: blanked },
    { weight: 2, arbitrary: worded },
  );
  if (!shape.includes('k')) return base;
  // klog: the level letter before the time decides the level
  return fc.tuple(base, fc.option(fc.constantFrom('I', 'W', 'E', 'F', 'D', 'X', 'i', ' '), { freq: 4 })).map(([h, k]) => {
    if (k === null) return h;
    let own = '';
    for (let i = 0; i < h.own.length; i++) own += shape[i] === 'k' ? k : h.own[i];
    return { own, head: h.head };
  });
}

/** The heads of the parts the parser read (most lines of a file have one of the first few: the lane learns them). */
function commonHeadArb(f: LogFormat, parts: Part[]): fc.Arbitrary<Head> {
  const read = parts.filter((p) => p.msg !== '').map((p) => ({ own: p.own, head: p.head }));
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...read.slice(0, 3)) }, { weight: 1, arbitrary: fc.constantFrom(...read) }, { weight: 2, arbitrary: headArb(f, parts) });
}

/** Messages: the samples', words with separators, empty ones, blanks. */
function msgArb(parts: Part[]): fc.Arbitrary<string> {
  const own = parts.map((p) => p.msg).filter((m) => m !== '');
  const composed = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', '', '\t', '  ')), { minLength: 1, maxLength: 6 }).map((ws) => ws.map(([w, s]) => w + s).join(''));
  return fc.oneof(
    { weight: 4, arbitrary: own.length > 0 ? fc.constantFrom(...own) : composed },
    { weight: 6, arbitrary: composed },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', ' x ', '\tx') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 99999 }).map((n) => `Request ${n} processed in ${n % 700}ms`) },
  );
}

/** The time with one thing off: the other fraction separator, one digit more or less, a zone, `T`, a byte order mark. */
function timeVariant(f: LogFormat, t: string, kind: number, zone: string): string {
  const shape = shapeOf(f);
  const secEnd = shape.lastIndexOf('s') + 1;
  const fracAt = shape.indexOf('f');
  const fracEnd = fracAt < 0 ? secEnd : shape.lastIndexOf('f') + 1;
  const swap = (c: string): string => (c === ',' ? '.' : c === '.' ? ',' : c === ':' ? '.' : ',');
  switch (kind) {
    case 0: // the other fraction separator
      if (fracAt > 0) return t.slice(0, fracAt - 1) + swap(t[fracAt - 1]) + t.slice(fracAt);
      if (t[secEnd] === ',') return t.slice(0, secEnd) + '.' + t.slice(secEnd + 1);
      return t.slice(0, secEnd) + ',123' + t.slice(secEnd);
    case 1: // a digit less in the fraction, or a fraction where the shape has none
      if (fracAt > 0) return t.slice(0, fracEnd - 1) + t.slice(fracEnd);
      return t.slice(0, secEnd) + '.5' + t.slice(secEnd);
    case 2: // a digit more
      if (fracAt > 0) return t.slice(0, fracEnd) + '7' + t.slice(fracEnd);
      return t.slice(0, secEnd) + '.000' + t.slice(secEnd);
    case 3: // a zone after the time
      return t.slice(0, fracEnd) + zone + t.slice(fracEnd);
    case 4: // `T` between date and time
      return shape[4] === '-' && t[10] === ' ' ? t.slice(0, 10) + 'T' + t.slice(11) : t.slice(0, 2) + 'T' + t.slice(3);
    default: // a byte order mark
      return '\uFEFF' + t;
  }
}

const CONTINUATIONS = ['\tat com.Foo(Foo.java:1)', 'Caused by: x', 'Caused by: java.io.IOException: took 12ms', '\t... 3 more', '    at org.x.Y.z(Y.java:42)', ' ERROR x'];
const JUNK = ['junk', 'ERROR', '-----', '--------- beginning of main', 'x: y', '[]', '\u0000', 'WARNING:root:Watch out!'];

/** One line of a file, drawn: which head (of the file's palette, or any), which minute and second, which kind of line. */
interface LineSpec {
  kind: 'main' | 'timeOnly' | 'timeBlank' | 'leap' | 'variant' | 'cont' | 'junk' | 'raw' | 'junkAfterTime' | 'long';
  head: number;
  free: Head;
  freeHead: boolean;
  minute: number;
  s: number;
  frac: string;
  msg: string;
  tail: string;
  lead: boolean;
  variant: number;
  zone: string;
  pick: number;
}

function lineSpecArb(f: LogFormat, parts: Part[], heads: fc.Arbitrary<Head> = commonHeadArb(f, parts)): fc.Arbitrary<LineSpec> {
  return fc.record({
    kind: fc.oneof(
      { weight: 40, arbitrary: fc.constant('main' as const) },
      { weight: 1, arbitrary: fc.constant('timeOnly' as const) },
      { weight: 1, arbitrary: fc.constant('timeBlank' as const) },
      { weight: 2, arbitrary: fc.constant('leap' as const) },
      { weight: 4, arbitrary: fc.constant('variant' as const) },
      { weight: 3, arbitrary: fc.constant('cont' as const) },
      { weight: 1, arbitrary: fc.constant('junk' as const) },
      { weight: 2, arbitrary: fc.constant('raw' as const) },
      { weight: 1, arbitrary: fc.constant('junkAfterTime' as const) },
      { weight: 1, arbitrary: fc.constant('long' as const) },
    ),
    head: fc.nat(7),
    free: heads,
    freeHead: fc.boolean(),
    minute: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.integer({ min: 0, max: 999_999_999 }).map((n) => String(n).padStart(9, '0')),
    msg: msgArb(parts),
    tail: fc.constantFrom('', '', '', '', ' ', '\t', ' \t ', '\r'),
    lead: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    variant: fc.nat(5),
    zone: fc.constantFrom('Z', '+01:00', '-0130', '+05', '+00:00', '-07:00'),
    pick: fc.nat(),
  });
}

/** The line a spec stands for; palette: the file's few heads. */
function lineOf(f: LogFormat, spec: LineSpec, palette: readonly Head[]): string {
  const h = spec.freeHead || palette.length === 0 ? spec.free : palette[spec.head % palette.length];
  const time = timeOf(f, at(spec.minute, spec.s, spec.frac), h.own);
  let line: string;
  switch (spec.kind) {
    case 'main':
      line = time + h.head + spec.msg + spec.tail;
      break;
    case 'timeOnly':
      line = time.trimEnd();
      break;
    case 'timeBlank':
      line = time + spec.tail;
      break;
    case 'leap':
      line = timeOf(f, at(spec.minute, 60, spec.frac), h.own) + h.head + spec.msg;
      break;
    case 'variant':
      line = timeVariant(f, time, spec.variant, spec.zone) + h.head + spec.msg;
      break;
    case 'cont':
      line = CONTINUATIONS[spec.pick % CONTINUATIONS.length];
      break;
    case 'junk':
      line = JUNK[spec.pick % JUNK.length];
      break;
    case 'raw': {
      const raw = [...f.samples, ...(f.lookalikes ?? [])];
      line = raw[spec.pick % raw.length];
      break;
    }
    case 'junkAfterTime':
      line = time + WORDS[spec.pick % WORDS.length];
      break;
    case 'long': // longer than some read buffers: the scanner grows its buffer, and leaves the lane
      line = time + h.head + `took ${spec.s}ms `.repeat(50 + (spec.pick % 500)) + spec.msg;
      break;
  }
  return spec.lead ? ' ' + line : line;
}

/** Files: a palette of one to four heads most lines share, lines in time order or not. */
function fileArb(f: LogFormat, parts: Part[]): fc.Arbitrary<string[]> {
  return fc
    .tuple(
      fc.array(commonHeadArb(f, parts), { minLength: 1, maxLength: 4 }),
      fc.array(lineSpecArb(f, parts), { minLength: 1, maxLength: 80, size: 'medium' }),
      fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    )
    .map(([palette, specs, sorted]) => {
      const ordered = sorted ? [...specs].sort((a, b) => a.minute - b.minute || a.s - b.s) : specs;
      return ordered.map((s) => lineOf(f, { ...s, freeHead: s.freeHead && s.pick % 4 === 0 }, palette));
    });
}

/** As assertLaneAgrees, on whole files (LF or CRLF, with or without a last newline), for any read size and step budget. */
function assertFilesAgree(f: LogFormat, files: fc.Arbitrary<string[]>, numRuns: number): number {
  let lines = 0;
  fc.assert(
    fc.property(files, fc.boolean(), fc.boolean(), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 1, max: 5000 }), (ls, crlf, final, readSize, budget) => {
      const nl = crlf ? '\r\n' : '\n';
      const data = Buffer.from(ls.join(nl) + (final ? nl : ''));
      lines += ls.length;
      return scanWith(f.parse, data, newLane(f.name, readSize), readSize, budget) === scanWith(f.parse, data, undefined, readSize, budget);
    }),
    { numRuns },
  );
  return lines;
}

/** The share of lines the lane took (the JS parser did not see) on files drawn from the generator. */
function takenShare(f: LogFormat, files: fc.Arbitrary<string[]>, n: number): number {
  let all = 0;
  let taken = 0;
  for (const ls of fc.sample(files, { numRuns: n, seed: 42 })) {
    const { seen } = linesLeftToJs(f.name, Buffer.from(ls.join('\n') + '\n'));
    all += ls.length;
    taken += ls.length - seen.length;
  }
  return taken / all;
}

const JS_ONLY = (f: LogFormat, data: Buffer): string => scanWith(f.parse, data, undefined, 1 << 20, 1 << 30);

test('every format with a shape lane has a lane the scanner builds, and its re-timed samples are entries of its parser', (t) => {
  t.true(SHAPED.length >= 11, SHAPED.map((f) => f.name).join(', '));
  for (const f of SHAPED) {
    const shape = shapeOf(f);
    const re = shapeRegex(shape);
    t.notThrows(() => newLane(f.name, 4096), f.name);
    if (WRITERS[f.name] !== undefined) {
      const w = WRITERS[f.name](at(2, 59, '123456789'));
      t.is(w.length, shape.length, f.name);
      t.regex(w, re, f.name);
    }
    const parts = partsOf(f);
    const rec = new LineRecord();
    const entries = parts.filter((p) => {
      const buf = Buffer.from(timeOf(f, at(1, 7, '250000000'), p.own) + p.head + p.msg);
      rec.reset();
      return f.parse(buf, 0, buf.length, rec) && p.msg !== '';
    });
    t.true(entries.length >= 2, `${f.name}: ${entries.length} of its re-timed samples parse`);
  }
});

for (const f of SHAPED) {
  const parts = partsOf(f);
  const files = fileArb(f, parts);
  // lines drawn one by one: most have the first or second head the parser read, so that the lane learns it and takes the next lines
  const read = parts.filter((p) => p.msg !== '').map((p) => ({ own: p.own, head: p.head }));
  const heads = fc.oneof({ weight: 6, arbitrary: fc.constant(read[0]) }, { weight: 2, arbitrary: fc.constantFrom(...read.slice(0, 2)) }, { weight: 3, arbitrary: commonHeadArb(f, parts) });
  const lineArb = lineSpecArb(f, parts, heads).map((s) => lineOf(f, { ...s, freeHead: true }, []));

  test(`${f.name}: the shape lane gives the JS parser’s partial on random lines, for any read size and step budget`, (t) => {
    t.true(assertLaneAgrees(f.name, lineArb, 250) > 500);
    const share = takenShare(f, fc.array(lineArb, { minLength: 1, maxLength: 60 }), 40);
    t.true(share > 0.1, `${f.name}: the lane took ${(share * 100).toFixed(1)} % of the lines`);
  });

  test(`${f.name}: the shape lane gives the JS parser’s partial on files of a few layouts, in time order or not`, (t) => {
    t.true(assertFilesAgree(f, files, 250) > 2500);
    // the files are ones the lane reads: it takes a good share of their lines
    const share = takenShare(f, files, 40);
    t.true(share > 0.3, `${f.name}: the lane took ${(share * 100).toFixed(1)} % of the lines`);
  });
}

/** The line end (after the time) of a format's first sample its parser reads once re-timed: the layout the lane should learn. */
function firstLayout(f: LogFormat): Part {
  const rec = new LineRecord();
  const parts = partsOf(f).slice(0, f.samples.length);
  const p = parts.find((q) => {
    const buf = Buffer.from(timeOf(f, BASE, q.own) + q.head + q.msg);
    rec.reset();
    return q.msg !== '' && f.parse(buf, 0, buf.length, rec);
  });
  if (p === undefined) throw new Error(`${f.name}: no sample parses once re-timed`);
  return p;
}

for (const f of SHAPED) {
  test(`${f.name}: on a time-ordered file of one layout the lane takes nearly every line, and the partial is the JS parser’s`, (t) => {
    const p = firstLayout(f);
    const lines: string[] = [];
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const minute = i < n / 2 ? 0 : 1;
      const s = Math.floor(((i % (n / 2)) * 60) / (n / 2));
      const frac = String((i * 7919) % 1_000_000_000).padStart(9, '0');
      const msgs = [p.msg, `Request ${i} processed in ${i % 700}ms`, `took ${i % 90}ms`, `memory usage: ${i % 4096}MB`, `cpu ${i % 100}%`];
      lines.push(timeOf(f, at(minute, s, frac), p.own) + p.head + msgs[i % msgs.length]);
    }
    const data = Buffer.from(lines.join('\n') + '\n');
    const { seen, partial } = linesLeftToJs(f.name, data);
    t.true(seen.length <= n / 100, `${f.name}: the JS parser read ${seen.length} of ${n} lines, e.g. ${JSON.stringify(seen.slice(0, 3))}`);
    t.is(partial, JS_ONLY(f, data));
  });
}

/** What follows the time on a line whose start no other line has (a thread, pid or component of its own). */
const UNIQUE: Record<string, (i: number) => string> = {
  log4j: (i) => `INFO [pool-1-thread-${i}] org.apache.hadoop.ipc.Server: Starting ${i}`,
  python: (i) => `- worker_${i} - INFO - started in ${i % 300}ms`,
  logback: (i) => `[exec-${i}] INFO  c.e.demo.Application - Started`,
  spring: (i) => ` INFO ${10_000 + i} --- [           main] o.s.b.Application       : Started in ${i % 300}ms`,
  zookeeper: (i) => `- INFO  [main:QuorumPeer@${i}] - Reading configuration`,
  cbs: (i) => ` Info                  CBS${[...String(i)].map((d) => String.fromCharCode(97 + Number(d))).join('')}    Loaded Servicing Stack`,
  spark: (i) => `INFO executor.Backend${i}: Registered signal handlers`,
  hdfs: (i) => `${i} INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating`,
  logcat: (i) => `${String(i).padStart(5)} ${String(i % 977).padStart(5)} D WindowManager: frame took ${i % 50}ms`,
  klog: (i) => `${String(i).padStart(7)} server.go:42] request took ${i % 90}ms`,
  syslog: (i) => `combo sshd[${i}]: authentication failure took ${i % 90}ms`,
};

for (const f of SHAPED) {
  test(`${f.name}: a file whose line starts never repeat gives the JS parser’s partial (a keyed lane is left off after its trial, one without keys takes the lines)`, (t) => {
    const p = firstLayout(f);
    const unique =
      UNIQUE[f.name] ??
      ((i: number): string => {
        // no writer for this format: blanks of its own in the first layout's head
        const tk = tokens(p.head);
        const at = tk.findIndex((_, k) => k % 2 === 1);
        if (at >= 0) tk[at] = tk[at] + ' '.repeat(i % 97) + '\t'.repeat(Math.floor(i / 97));
        return tk.join('') + p.msg;
      });
    const lines: string[] = [];
    const n = 6000;
    for (let i = 0; i < n; i++) lines.push(timeOf(f, at(Math.floor(i / 3000), Math.floor((i % 3000) / 50), String(i * 104729).padStart(9, '0').slice(-9)), p.own) + unique(i));
    // then lines of one layout, which the lane would take if it were still on
    for (let i = 0; i < 500; i++) lines.push(timeOf(f, at(2, Math.floor(i / 10), '000000000'), p.own) + p.head + p.msg);
    const rec = new LineRecord();
    const unparsed = lines.filter((l) => {
      const b = Buffer.from(l);
      rec.reset();
      return !f.parse(b, 0, b.length, rec);
    });
    t.deepEqual(unparsed.slice(0, 3), [], `${f.name}: lines of the unique-start file its parser does not read`);
    const data = Buffer.from(lines.join('\n') + '\n');
    const { seen, partial } = linesLeftToJs(f.name, data);
    t.is(partial, JS_ONLY(f, data), f.name);
    // a mode without keys (golog, syslog: the lane reads the whole line) takes them all; a keyed lane learns nothing and is left off
    if ((f.lane?.mode ?? 0) >= 2) t.true(seen.length < lines.length / 100, `${f.name}: ${seen.length} of ${lines.length} lines left to JS`);
    else t.is(seen.length, lines.length, `${f.name}: the lane took lines after the trial (it should be off)`);
    // in small reads and steps too
    t.is(scanWith(f.parse, data, newLane(f.name, 4096), 4096, 777), scanWith(f.parse, data, undefined, 4096, 777), f.name);
  });
}

for (const f of SHAPED) {
  test(`${f.name}: lines of the minutes the year guess turns in (the file’s time plus a day, for a year-less date) give the JS parser’s partial`, (t) => {
    // the registry's parsers guess the year from the time they were made (nowContext(), at this process's start): a date after that time plus a day is of the year before
    const first = Math.floor((performance.timeOrigin + 86_400_000) / 60_000) - 1;
    const last = Math.floor((Date.now() + 86_400_000) / 60_000) + 1;
    const p = firstLayout(f);
    const lines: string[] = [];
    for (let m = first; m <= last; m++) {
      const d = new Date(m * 60_000);
      for (let s = 0; s < 60; s++) {
        const c: Clock = { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s, frac: String(s * 16_661).padStart(9, '0') };
        lines.push(timeOf(f, c, p.own) + p.head + p.msg);
      }
    }
    const data = Buffer.from(lines.join('\n') + '\n');
    t.is(linesLeftToJs(f.name, data).partial, JS_ONLY(f, data), `${f.name}: lines of ${lines[0].slice(0, shapeOf(f).length)} to ${lines[lines.length - 1].slice(0, shapeOf(f).length)}`);
  });
}

test('a shape lane refuses a time shape it cannot read, with an error that names the shape', (t) => {
  const spec = formats.resolve('log4j').lane as LaneSpec;
  t.truthy(Lane.create(spec, 4096), 'the shape lane is not built (npm run build) or LOGA_LANE=off');
  for (const shape of ['xx', 'dddd-dd-dd dd:dd', 'dd:dd:s', 'dd:dd:ss,ff ', 'dd:dd:ss,ffff ', 'dd:dd:ss:ss', 'dd:dd:ss k', 'd'.repeat(39) + 'ss', 'ss dd s']) {
    const bad: LaneSpec = { ...spec, shape };
    t.throws(() => Lane.create(bad, 4096), { message: `the time shape '${shape}' is not one the shape lane reads` }, shape);
  }
  t.throws(() => Lane.create({ ...spec, shape: 'dd:dd:ss ', mode: 5 }, 4096), { message: "the time shape 'dd:dd:ss ' is not one the shape lane reads" }, 'no mode 5');
  // the widest shape it reads, and one without a fraction
  for (const shape of ['d'.repeat(38) + 'ss', '??? ?? dd:dd:ss', 'kdd:dd:ss.fffffffff ']) t.notThrows(() => Lane.create({ ...spec, shape }, 4096), shape);
});

// The Apache error log's lane skips the context fields itself (mode 1: its key
// ends where they start): lines whose fields are unclosed, misspelt, repeated,
// out of order, or whose message starts with a bracket or is empty.
test('apache-error: the lane skips the context fields as the JS parser does', (t) => {
  const time = (s: number, us: number): string => `[Wed Jan 24 10:15:${p2(s)}.${String(us).padStart(6, '0')} 2024] `;
  const levelArb = fc.constantFrom('[core:error] ', '[proxy_http:info] ', '[error] ', '[ssl:trace3] ', '[core:warn]  ', '[notice]\t');
  const fieldArb = fc.constantFrom(
    '[pid 2820:tid 140003] ', '[pid 1451] ', '[client 10.0.6.149:4798] ', '[client ::1:58619]  ', '[remote 10.0.0.1:80] ', '[pid 7]', '[pid7] ',
    '[client 10.0.0.1 ', '[clients x] ', '[pid ', '[remote] ', '[x] ', '[] ', '[pid 1:tid 2][client 1.2.3.4:5] ', '\t[pid 3] ',
  );
  const msgArb = fc.constantFrom('AH00128: File does not exist: /x, referer: http://localhost/', 'GET /api completed in 121ms', '[client 1.2.3.4] late', '', '  ', 'took 5ms [pid 9]', 'x');
  const lineArb = fc
    .tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999_999 }), levelArb, fc.array(fieldArb, { maxLength: 4 }), msgArb)
    .map(([s, us, level, fields, msg]) => time(s, us) + level + fields.join('') + msg);
  const lines = assertLaneAgrees('apache-error', lineArb, 300);
  t.true(lines > 1000);
});

// RFC 3164 (mode 3): the lane reads the `<PRI>` (its severity is the level)
// and the syslog body itself; PRIs that are not one, hosts, tags with and
// without pids, tabs, a tag past 64 bytes, a colon later in the message.
test('rfc3164: the lane reads the PRI and the syslog body as the JS parser does', (t) => {
  const priArb = fc.constantFrom('<34>', '<13>', '<0>', '<191>', '<7>', '<165>', '<192>', '<1234>', '<>', '<3a>', '34>', '<034>', '');
  const dayArb = fc.constantFrom('Jan 24', 'Jan 24', 'Jan  4', 'Jan 4');
  const hostArb = fc.constantFrom('mymachine', '10.0.0.99', 'web-02', '', 'h\t', 'a:b');
  const tagArb = fc.constantFrom('su: ', 'sshd[24200]: ', 'sshd[1]:', 'myproc[10]:  ', 'kernel[0]: ', 'x'.repeat(70) + ': ', 'x'.repeat(61) + ': ', 'x'.repeat(62) + ': ', 'x'.repeat(63) + ': ', 'x'.repeat(64) + ': ', 'a\tb: ', 'tag[1\t2]: ', 'tag[12 ', 'tag[]: ', 'cron:\t', '', ': ', 'a[1]b: ');
  const msgArb = fc.constantFrom("'su root' failed for lonvick", 'Use the BFG!', 'took 12ms', 'memory usage: 512MB, cpu 35%', 'msg: with colon later', '', '  ', 'x', 'ERROR disk full');
  const lineArb = fc
    .tuple(priArb, dayArb, fc.integer({ min: 0, max: 60 }), fc.constantFrom(' ', ' ', '  ', '\t'), hostArb, fc.constantFrom(' ', ' ', '  '), tagArb, msgArb)
    .map(([pri, day, sec, sep, host, sep2, tag, msg]) => `${pri}${day} 10:15:${p2(sec)}${sep}${host}${sep2}${tag}${msg}`);
  const lines = assertLaneAgrees('rfc3164', lineArb, 400);
  t.true(lines > 1000);
  // and the lane takes such lines (its PRI parse is not a bail on every line)
  const data = Buffer.from(Array.from({ length: 2000 }, (_, i) => `<${i % 192}>Jan 24 10:15:${p2(Math.floor(i / 40))} web-02 sshd[${i}]: took ${i % 90}ms`).join('\n') + '\n');
  const { seen, partial } = linesLeftToJs('rfc3164', data);
  t.true(seen.length < 20, `${seen.length} of 2000 lines left to JS`);
  t.is(partial, scanWith(formats.resolve('rfc3164').parse, data, undefined, 1 << 20, 1 << 30));
});
