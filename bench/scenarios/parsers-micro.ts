/**
 * Each parser alone, on an in-memory buffer: the first --micro-mb MiB
 * (default 64) of the cached input of each format, cut after its last whole
 * line. Lines are split as loga's scanner does (`buf.indexOf(10, pos)`, a
 * trailing '\r' dropped, blank lines skipped), one LineRecord is reset and
 * filled per line. "split only" is the same loop without the parser: the
 * floor of this loop.
 *
 * Each format runs in its own process (this file, with --child): in one
 * process the loop's call site would see four parsers (polymorphic type
 * feedback) and each format would run on the heap and JIT state the others
 * left, while a loga worker parses one format per chunk. (Measured on
 * 2 cores: the in-process order changed figures by less than the noise, so
 * this is about not having to ask.) In the child: warm-up passes (the JIT
 * optimises the parser), then timed passes; figures are medians.
 *
 * `standard (lane)`, `nginx (lane)`, `json (lane)` and `logfmt (lane)` are those formats through the
 * WebAssembly lanes loga's workers use (src/scan/lane.ts): the scanner
 * reading the buffer into the lane 1 MiB at a time, the lane parsing and
 * counting (so parse + accumulate, where the other rows are parse only).
 */
import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ChunkScanner } from '../../src/scan/chunk-scanner.js';
import { formats } from '../../src/formats/registry.js';
import { LineRecord, type LineParser } from '../../src/parsers/record.js';
import { Lane } from '../../src/scan/lane.js';
import { ensureInput, type GenFormat } from '../lib/data.js';
import { num, renderTable } from '../lib/format.js';
import { measure } from '../lib/measure.js';
import { load1, type Scenario } from '../lib/scenario.js';
import { GIB, MIB, median, max, min } from '../lib/stats.js';

const NAME = 'parsers-micro';
const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const WARMUP_PASSES = 3;

/** A row of the table: a format's parser, or a format's lane. */
type Contender = GenFormat | `${GenFormat} (lane)`;

const INPUTS: Array<{ format: GenFormat; size: number; lane?: true }> = [
  { format: 'standard', size: GIB },
  { format: 'standard', size: GIB, lane: true },
  { format: 'json', size: 256 * MIB },
  { format: 'json', size: 256 * MIB, lane: true },
  { format: 'logfmt', size: 256 * MIB },
  { format: 'logfmt', size: 256 * MIB, lane: true },
  { format: 'nginx', size: 256 * MIB },
  { format: 'nginx', size: 256 * MIB, lane: true },
];

interface ChildResult {
  format: Contender;
  bytes: number;
  lines: number;
  entries: number;
  requests: number;
  split_mb_s: number;
  parse_mb_s: number[];
  parse_mb_s_median: number;
  ns_per_line: number;
}

/** The first `bytes` of a file, cut after its last '\n'. */
function readPrefix(path: string, bytes: number): Buffer {
  const buf = Buffer.allocUnsafe(bytes);
  const fd = openSync(path, 'r');
  let n = 0;
  try {
    while (n < bytes) {
      const r = readSync(fd, buf, n, bytes - n, n);
      if (r === 0) break;
      n += r;
    }
  } finally {
    closeSync(fd);
  }
  const last = buf.lastIndexOf(LF, n - 1);
  return buf.subarray(0, last + 1);
}

/** Lines only: the floor of the loop. Returns the line count. */
function splitOnly(buf: Buffer): number {
  const len = buf.length;
  let pos = 0;
  let lines = 0;
  while (pos < len) {
    let nl = buf.indexOf(LF, pos);
    if (nl < 0) nl = len;
    if (nl > pos) lines++;
    pos = nl + 1;
  }
  return lines;
}

/** Every line through the parser; counts entries and requests in out[0..2]. */
function parseAll(buf: Buffer, parse: LineParser, rec: LineRecord, out: Float64Array): void {
  const len = buf.length;
  let pos = 0;
  let lines = 0;
  let entries = 0;
  let requests = 0;
  while (pos < len) {
    let nl = buf.indexOf(LF, pos);
    if (nl < 0) nl = len;
    const s = pos;
    let e = nl;
    pos = nl + 1;
    if (e > s && buf[e - 1] === CR) e--;
    let b = s;
    while (b < e && (buf[b] === SP || buf[b] === TAB)) b++;
    if (b === e) continue; // blank
    lines++;
    rec.reset();
    if (parse(buf, s, e, rec)) {
      entries++;
      if (rec.request) requests++;
    }
  }
  out[0] = lines;
  out[1] = entries;
  out[2] = requests;
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The buffer through ChunkScanner and the lane (parse and count); counts in out[0..2]. */
function laneAll(buf: Buffer, parse: LineParser, lane: Lane, out: Float64Array): void {
  const s = new ChunkScanner({ bytes: buf, offset: 0 }, { path: 'micro', file: 0, start: 0, end: buf.length }, parse, { lane });
  while (!s.step(Number.MAX_SAFE_INTEGER));
  const p = s.result();
  let requests = 0;
  for (const row of p.minutes.values()) requests += row.requests;
  out[0] = p.lines;
  out[1] = p.lines - p.malformed;
  out[2] = requests;
}

/** In the child process: measure one format, print the result as JSON. */
function child(format: Contender, path: string, mib: number, passes: number): ChildResult {
  const buf = readPrefix(path, mib * MIB);
  const rec = new LineRecord();
  const out = new Float64Array(3);
  let run: () => void;
  if (format.endsWith(' (lane)')) {
    const base = format.slice(0, -' (lane)'.length);
    const { lane: spec, parse } = formats.resolve(base);
    const lane = spec === undefined ? undefined : Lane.create(spec, 1024 * 1024);
    if (lane === undefined) throw new Error(`the ${base} lane is not built (npm run build) or LOGA_LANE=off`);
    run = () => laneAll(buf, parse, lane, out);
  } else {
    const parse = formats.resolve(format).parse;
    run = () => parseAll(buf, parse, rec, out);
  }
  for (let i = 0; i < WARMUP_PASSES; i++) run();
  const splits: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < passes; i++) {
    let t0 = process.hrtime.bigint();
    splitOnly(buf);
    splits.push(seconds(t0));
    t0 = process.hrtime.bigint();
    run();
    parses.push(seconds(t0));
  }
  const mb = buf.length / 1e6;
  const med = median(parses);
  return {
    format,
    bytes: buf.length,
    lines: out[0],
    entries: out[1],
    requests: out[2],
    split_mb_s: mb / median(splits),
    parse_mb_s: parses.map((s) => mb / s),
    parse_mb_s_median: mb / med,
    ns_per_line: (med * 1e9) / out[0],
  };
}

const SELF = fileURLToPath(import.meta.url);

export const scenario: Scenario = {
  name: NAME,
  title: 'each parser alone on an in-memory buffer (MB/s per format, split-only floor)',
  async run(ctx) {
    const passes = Math.max(5, ctx.runs + 2);
    const loadBefore = load1();
    const rows: ChildResult[] = [];
    const others: number[] = [];
    const errors: string[] = [];
    for (const spec of INPUTS) {
      const input = await ensureInput(spec, ctx.log);
      const contender: Contender = spec.lane ? (`${spec.format} (lane)` as Contender) : spec.format;
      const r = await measure({ file: process.execPath, args: [SELF, '--child', contender, input.path, String(ctx.options.microMb), String(passes)] }, { timeoutMs: 10 * 60_000 });
      if (r.exitCode !== 0) {
        errors.push(`${contender}: exit ${r.exitCode}: ${r.stderrTail.trim().split('\n').slice(-2).join(' | ')}`);
        continue;
      }
      const res = JSON.parse(r.stdout) as ChildResult;
      others.push(r.otherCores);
      rows.push(res);
      ctx.log(`  ${NAME} ${contender}: ${res.parse_mb_s_median.toFixed(0)} MB/s`);
    }
    const notes = [`${passes} timed passes after ${WARMUP_PASSES} warm-up passes, one process per format; other processes used ${max(others).toFixed(2)} cores at most (per format process), load average ${loadBefore} before, ${load1()} after`, ...errors.map((e) => `failed: ${e}`)];
    const text =
      `parsers on ${ctx.options.microMb} MiB in memory per format (the prefix of the cached input), median of ${passes} passes\n` +
      renderTable(
        [
          { header: 'format', left: true, cell: (x: ChildResult) => x.format },
          { header: 'lines', cell: (x) => String(x.lines) },
          { header: 'entries', cell: (x) => String(x.entries) },
          { header: 'parse MB/s', cell: (x) => num(x.parse_mb_s_median) },
          { header: 'min…max', cell: (x) => `${num(min(x.parse_mb_s))}…${num(max(x.parse_mb_s))}` },
          { header: 'ns/line', cell: (x) => num(x.ns_per_line) },
          { header: 'split only MB/s', cell: (x) => num(x.split_mb_s) },
        ],
        rows,
      ) +
      notes.map((n) => `  note: ${n}\n`).join('');
    return { text, targets: [], checks: [], notes, data: { buffer_mib: ctx.options.microMb, passes, formats: rows } };
  },
};

function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(SELF);
  } catch {
    return false;
  }
}

if (isMain() && process.argv[2] === '--child') {
  const [format, path, mib, passes] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(child(format as Contender, path, Number(mib), Number(passes))) + '\n');
}
