/** Shared by the parser tests: run a parser on one line and flatten the record. */
import { LEVEL_NAMES, type LineParser, LineRecord } from '../../src/internal.js';

export interface Parsed {
  ts: string;
  level: string;
  rt: number | null;
  mem: number | null;
  cpu: number | null;
  request: boolean;
  /** The message span's bytes as UTF-8. */
  message: string;
  /** rec.msgText (set only for a decoded message). */
  msgText: string | null;
}

export type Expected = Partial<Parsed> & { ts: string; level: string };

const DEFAULTS = { rt: null, mem: null, cpu: null, request: false, message: '', msgText: null };

/** The expected record: defaults for every figure not given. */
export function expected(e: Expected): Parsed {
  return { ...DEFAULTS, ...e };
}

export function bytes(line: string | Uint8Array): Uint8Array {
  return typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
}

// The line is parsed in the middle of a larger buffer whose surrounding bytes
// would change the result if a parser read outside [start, end): a quote, a
// brace, digits, a level name.
const BEFORE = Buffer.from('}"9 INFO 1:\n');
const AFTER = Buffer.from('7ms" 0.5 }]\n{"x":');

const rec = new LineRecord();

function nn(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** Parses one line; null when the parser says malformed. */
export function parseLine(parse: LineParser, line: string | Uint8Array): Parsed | null {
  const b = bytes(line);
  const buf = Buffer.concat([BEFORE, b, AFTER]);
  const start = BEFORE.length;
  const end = start + b.length;
  rec.reset();
  if (!parse(buf, start, end, rec)) return null;
  return {
    ts: new Date(rec.ts).toISOString(),
    level: LEVEL_NAMES[rec.level],
    rt: nn(rec.rt),
    mem: nn(rec.mem),
    cpu: nn(rec.cpu),
    request: rec.request,
    message: buf.subarray(rec.msgStart, rec.msgEnd).toString('utf8'),
    msgText: rec.msgText ?? null,
  };
}

/** Splits a file's bytes into lines as SPEC §2 says: '\n', a '\r' before it dropped, blank lines skipped. */
export function lines(buf: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 0;
  while (pos < buf.length) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = buf.length;
    let e = nl;
    if (e > pos && buf[e - 1] === 13) e--;
    let s = pos;
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s < e) out.push([pos, e]);
    pos = nl + 1;
  }
  return out;
}
