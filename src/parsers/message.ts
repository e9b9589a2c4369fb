/**
 * Figures found in a message's text (SPEC §3, standard format; json and
 * logfmt use it too for what their fields did not give):
 *
 * - response time: `processed in|completed in|took|duration|latency|
 *   response time|elapsed` [`:`|`=`] number unit(`ms|s|us|µs`) → ms
 * - memory: `memory usage|mem` [`:`|`=`] number unit(`B|KB|MB|GB`) → MB
 * - cpu: `cpu usage|cpu` [`:`|`=`] number `%`
 *
 * One pass over the bytes. A keyword is only tried at a word start (a letter
 * preceded by a non-letter, or the message start), dispatching on the
 * word's first three lowercased bytes, so an ordinary word costs one switch
 * and a skip over its letters. After a figure the scan resumes past its
 * value. The first value of each figure counts. No strings, no regex.
 */
import { ERROR, type LineRecord } from './record.js';
import { unescapeString } from './unescape.js';
import { readDecimal, numOut } from './num.js';

const SP = 32;
const TAB = 9;
const COLON = 58;
const EQ = 61;
const PERCENT = 37;
const MICRO_1 = 0xc2; // 'µ' U+00B5 is C2 B5 in UTF-8
const MICRO_2 = 0xb5;
const MU_1 = 0xce; // Greek 'μ' U+03BC (CE BC), what many keyboards type for µ
const MU_2 = 0xbc;
// Lowercase letters (compare with `b | 0x20`).
const LC_A = 0x61;
const LC_B = 0x62;
const LC_C = 0x63;
const LC_D = 0x64;
const LC_G = 0x67;
const LC_I = 0x69;
const LC_K = 0x6b;
const LC_L = 0x6c;
const LC_M = 0x6d;
const LC_N = 0x6e;
const LC_P = 0x70;
const LC_R = 0x72;
const LC_S = 0x73;
const LC_T = 0x74;
const LC_U = 0x75;

const NEED_RT = 1;
const NEED_MEM = 2;
const NEED_CPU = 4;

const MB_PER_B = 1 / (1024 * 1024);
const MB_PER_KB = 1 / 1024;
const MB_PER_GB = 1024;

function kw(s: string): Uint8Array {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

// Keywords, lowercase; a space stands for one or more spaces/tabs.
const KW_PROCESSED_IN = kw('processed in');
const KW_COMPLETED_IN = kw('completed in');
const KW_TOOK = kw('took');
const KW_DURATION = kw('duration');
const KW_LATENCY = kw('latency');
const KW_RESPONSE_TIME = kw('response time');
const KW_ELAPSED = kw('elapsed');
const KW_MEMORY_USAGE = kw('memory usage');
const KW_MEM = kw('mem');
const KW_CPU_USAGE = kw('cpu usage');
const KW_CPU = kw('cpu');

function isLetter(b: number): boolean {
  return (((b | 0x20) - LC_A) >>> 0) < 26;
}

/** Matches keyword k at i (case-insensitive); returns the position after it or -1. */
function matchKw(buf: Uint8Array, i: number, end: number, k: Uint8Array): number {
  const n = k.length;
  for (let j = 0; j < n; j++) {
    const c = k[j];
    if (c === SP) {
      if (i >= end || (buf[i] !== SP && buf[i] !== TAB)) return -1;
      i++;
      while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
    } else {
      if (i >= end || (buf[i] | 0x20) !== c) return -1;
      i++;
    }
  }
  return i;
}

/** Skips spaces, an optional `:` or `=`, spaces; returns the position of what follows. */
function skipSeparator(buf: Uint8Array, i: number, end: number): number {
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i < end && (buf[i] === COLON || buf[i] === EQ)) {
    i++;
    while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  }
  return i;
}

/** The unit must not run on into a word ('5 seconds' is not '5 s'). */
function unitEnds(buf: Uint8Array, i: number, end: number): boolean {
  return i >= end || !isLetter(buf[i]);
}

/*
 * The *After functions read the number and unit that follow a keyword
 * ending at i and store the figure in rec, returning the position after the
 * unit (the scan resumes there), or -1. They return a position, not the
 * value: a double returned from a call V8 does not inline is boxed (one
 * allocation per line).
 */

/** Number + unit (`ms|s|us|µs`, and `ns`) → rec.rt in ms. */
function rtAfter(buf: Uint8Array, i: number, end: number, rec: LineRecord): number {
  i = readDecimal(buf, skipSeparator(buf, i, end), end, 0);
  if (i < 0) return -1;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i >= end) return -1;
  const v = numOut[0];
  const u = buf[i] | 0x20;
  let ms: number;
  if (u === LC_S) {
    i += 1;
    ms = v * 1000;
  } else {
    if (i + 1 >= end) return -1;
    const u2 = buf[i + 1];
    if ((u2 | 0x20) === LC_S) {
      if (u === LC_M) ms = v;
      else if (u === LC_U) ms = v / 1000;
      else if (u === LC_N) ms = v / 1_000_000; // ns: not in SPEC, but a user would expect it
      else return -1;
      i += 2;
    } else if (
      // µs / μs: a two-byte UTF-8 micro sign, then 's'.
      ((buf[i] === MICRO_1 && u2 === MICRO_2) || (buf[i] === MU_1 && u2 === MU_2)) &&
      i + 2 < end &&
      (buf[i + 2] | 0x20) === LC_S
    ) {
      ms = v / 1000;
      i += 3;
    } else return -1;
  }
  if (!unitEnds(buf, i, end)) return -1;
  rec.rt = ms;
  rec.request = true;
  return i;
}

/** Number + unit (`B|KB|MB|GB`, and `KiB|MiB|GiB`) → rec.mem in MB. */
function memAfter(buf: Uint8Array, i: number, end: number, rec: LineRecord): number {
  i = readDecimal(buf, skipSeparator(buf, i, end), end, 0);
  if (i < 0) return -1;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i >= end) return -1;
  const u = buf[i] | 0x20;
  let factor: number;
  if (u === LC_B) {
    factor = MB_PER_B;
  } else {
    if (u === LC_K) factor = MB_PER_KB;
    else if (u === LC_M) factor = 1;
    else if (u === LC_G) factor = MB_PER_GB;
    else return -1;
    i++;
    if (i < end && (buf[i] | 0x20) === LC_I) i++;
    if (i >= end || (buf[i] | 0x20) !== LC_B) return -1;
  }
  i++;
  if (!unitEnds(buf, i, end)) return -1;
  rec.mem = numOut[0] * factor;
  return i;
}

/** Number + `%` → rec.cpu. */
function cpuAfter(buf: Uint8Array, i: number, end: number, rec: LineRecord): number {
  i = readDecimal(buf, skipSeparator(buf, i, end), end, 0);
  if (i < 0) return -1;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i >= end || buf[i] !== PERCENT) return -1;
  rec.cpu = numOut[0];
  return i + 1;
}

/** Response time after keyword k at i → rec.rt; the position after it, or -1. */
function tryRt(buf: Uint8Array, i: number, end: number, k: Uint8Array, rec: LineRecord): number {
  const j = matchKw(buf, i, end, k);
  return j < 0 ? -1 : rtAfter(buf, j, end, rec);
}

/** `cpu usage: 5%`, `cpu: 5%`, `cpu 5%` at i → rec.cpu; the position after it, or -1. */
function tryCpu(buf: Uint8Array, i: number, end: number, rec: LineRecord): number {
  let j = matchKw(buf, i, end, KW_CPU_USAGE);
  if (j >= 0) {
    j = cpuAfter(buf, j, end, rec);
    if (j >= 0) return j;
  }
  j = matchKw(buf, i, end, KW_CPU);
  return j < 0 ? -1 : cpuAfter(buf, j, end, rec);
}

/** `memory usage: 5MB`, `mem=5MB` … at i → rec.mem; the position after it, or -1. */
function tryMem(buf: Uint8Array, i: number, end: number, rec: LineRecord): number {
  let j = matchKw(buf, i, end, KW_MEMORY_USAGE);
  if (j >= 0) {
    j = memAfter(buf, j, end, rec);
    if (j >= 0) return j;
  }
  j = matchKw(buf, i, end, KW_MEM);
  return j < 0 ? -1 : memAfter(buf, j, end, rec);
}

// The first three lowercased bytes of each keyword, packed (b0 << 16) |
// (b1 << 8) | b2. Dispatching on three bytes rejects nearly every ordinary
// word ('request', 'connection', 'cache') without a call. Measured on the
// standard-format benchmark (A/B in one process): 3 bytes ~7 % faster than
// 2 bytes, which beat 1 byte; a 64 KiB pair table was slower than both.
function w3(s: string): number {
  return (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(2);
}
const W_PRO = w3('pro'); // processed in
const W_COM = w3('com'); // completed in
const W_TOO = w3('too'); // took
const W_DUR = w3('dur'); // duration
const W_LAT = w3('lat'); // latency
const W_RES = w3('res'); // response time
const W_ELA = w3('ela'); // elapsed
const W_MEM = w3('mem'); // memory usage, mem
const W_CPU = w3('cpu'); // cpu usage, cpu

/** The shortest figure text, e.g. 'mem1B' / 'took1s': a keyword needs 5 bytes from its start. */
const MIN_FIGURE = 5;

/**
 * Scans message bytes [start, end) and fills rec.rt (then rec.request),
 * rec.mem and rec.cpu with the first value of each found, leaving alone any
 * figure that is already set (a structured field parsed earlier wins).
 */
export function scanMessage(buf: Uint8Array, start: number, end: number, rec: LineRecord): void {
  let need = 0;
  if (rec.rt !== rec.rt) need |= NEED_RT;
  if (rec.mem !== rec.mem) need |= NEED_MEM;
  if (rec.cpu !== rec.cpu) need |= NEED_CPU;
  if (need === 0) return;
  const last = end - MIN_FIGURE; // no keyword can start after this
  let i = start;
  while (i <= last) {
    const c = buf[i] | 0x20;
    if (((c - LC_A) >>> 0) >= 26) {
      i++;
      continue;
    }
    // A word starts at i (a letter after a non-letter, or the message start).
    // On a find the scan resumes after the value: the keyword, number and
    // unit it covers hold no other keyword, and a request line ('Request
    // processed in 127ms') then has almost nothing left to scan.
    let j = -1;
    switch ((c << 16) | ((buf[i + 1] | 0x20) << 8) | (buf[i + 2] | 0x20)) {
      case W_PRO:
      case W_COM:
      case W_TOO:
      case W_DUR:
      case W_LAT:
      case W_RES:
      case W_ELA:
        if (need & NEED_RT) {
          const k =
            c === LC_P ? KW_PROCESSED_IN
            : c === LC_C ? KW_COMPLETED_IN
            : c === LC_T ? KW_TOOK
            : c === LC_D ? KW_DURATION
            : c === LC_L ? KW_LATENCY
            : c === LC_R ? KW_RESPONSE_TIME
            : KW_ELAPSED;
          j = tryRt(buf, i, end, k, rec);
          if (j >= 0) need &= ~NEED_RT;
        }
        break;
      case W_MEM:
        if (need & NEED_MEM) {
          j = tryMem(buf, i, end, rec);
          if (j >= 0) need &= ~NEED_MEM;
        }
        break;
      case W_CPU:
        if (need & NEED_CPU) {
          j = tryCpu(buf, i, end, rec);
          if (j >= 0) need &= ~NEED_CPU;
        }
        break;
    }
    if (j >= 0) {
      if (need === 0) return;
      i = j; // a non-letter (unitEnds) or the end
      continue;
    }
    // Skip the rest of the word: keywords only start at word starts.
    i++;
    while (i < end && (((buf[i] | 0x20) - LC_A) >>> 0) < 26) i++;
  }
}

/**
 * The message of an entry: bytes [i, end) without their leading and
 * trailing blanks become rec's message span, and scanMessage reads its
 * figures. What every text format's parser does last.
 */
export function messageAt(buf: Uint8Array, i: number, end: number, rec: LineRecord): void {
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  let e = end;
  while (e > i && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  rec.msgStart = i;
  rec.msgEnd = e;
  if (i < e) scanMessage(buf, i, e, rec);
}

/**
 * The message of a structured line (json, logfmt, journald): the string's
 * bytes [start, end) become rec's message span; an escaped one is decoded
 * only where a message is kept (top errors: ERROR and FATAL), so the common
 * line stays string-free. Run after the fields: scanMessage fills only the
 * figures still NaN.
 */
export function quotedMessageAt(buf: Uint8Array, start: number, end: number, escaped: boolean, rec: LineRecord): void {
  rec.msgStart = start;
  rec.msgEnd = end;
  if (escaped && rec.level >= ERROR) rec.msgText = unescapeString(buf, start, end);
  if (start < end) scanMessage(buf, start, end, rec);
}
