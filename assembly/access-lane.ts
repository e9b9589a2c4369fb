/**
 * The access lane: access logs read by a server's own format string (Apache
 * `LogFormat`, nginx `log_format`: combined with `%D`, vhost_combined, the
 * user's `apache:…`/`nginx:…` formats), in AssemblyScript. The JS side is
 * src/scan/lane.ts; the program comes from src/parsers/access-line.ts
 * accessLaneProgram(), the same literals and fields compileAccess() runs.
 *
 * It runs the compiled format string as src/parsers/access-line.ts
 * parseAccess does, operation for operation — literals matched byte for
 * byte, a free field up to the literal after it, a quoted field to its
 * closing quote, the status, byte counts, a response time — for programs of
 * those fields and one `%t` or `$time_local` time; a program with another time or field
 * (strftime, epoch, an upstream time list) has no lane. The `%t` time is keyed
 * as the nginx lane keys it: the minute's 17 bytes and the zone's 7, which
 * JS validated (setMinute); a line of another minute stops the lane with
 * NEW_PREFIX at the time, and JS tells it the minute.
 */
import { b, bailed, clearBail, coreBytes, coreInit, countLine, currentMinuteMs, dig, newPrefix, number, readDecimal, scanLines, LineTaker, DOT, LBRACKET } from './lane-core';
import { clfSecond, isClfMinute, setClfMinute } from './clf-minute';
import { A_COUNT, A_REQUEST, A_RT, A_SKIP, A_STATUS, A_TIME_CLF, A_TIME_LOCAL, A_URL } from '../src/parsers/access-roles';

export { status, reset, clearMinute, F64_SLOTS, COUNTERS, BUCKETS, ERR_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL, TPL_CAP, TPL_NONE, tplReset, tplFull, tplRecords, tplArena, setWrap } from './lane-core';

const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const DASH: u32 = 45;


// ---- the program (configure) ----

const MAX_FIELDS = 32;
const PROGRAM_BYTES: usize = 4096;
/** Words per field: role, shift, integer, quoted, after, the literal after it (offset, length). */
const FIELD_WORDS = 7;
let PROG: usize = 0;
let nFields = 0;

@inline function word(k: usize): i32 {
  return load<i32>(PROG + (k << 2));
}


export function init(state: usize): void {
  PROG = coreInit(state);
  memory.fill(PROG, 0, PROGRAM_BYTES);
}

export function stateBytes(): usize {
  return coreBytes() + PROGRAM_BYTES;
}

/**
 * The program: n bytes at p, little-endian i32 words — the field count, the
 * first literal (offset from the program's start, length), then
 * FIELD_WORDS per field — and the literals' bytes. False when it does not
 * fit or holds a role this lane does not run.
 */
export function configure(p: usize, n: usize): bool {
  if (n < 12 || n > PROGRAM_BYTES) return false;
  memory.copy(PROG, p, n);
  const f = word(0);
  if (f < 1 || f > MAX_FIELDS || <usize>(3 + f * FIELD_WORDS) * 4 > n) return false;
  let times = 0;
  for (let k = 0; k < f; k++) {
    const role = word(3 + k * FIELD_WORDS);
    if (role == A_TIME_CLF || role == A_TIME_LOCAL) times++;
    else if (role != A_SKIP && role != A_REQUEST && role != A_URL && role != A_STATUS && role != A_COUNT && role != A_RT) return false;
    const off = word(3 + k * FIELD_WORDS + 5);
    const len = word(3 + k * FIELD_WORDS + 6);
    if (off < 0 || len < 0 || <usize>(off + len) > n) return false;
  }
  if (times != 1 || word(1) < 0 || word(2) < 0 || <usize>(word(1) + word(2)) > n) return false;
  nFields = f;
  return true;
}

/** The minute of the time at t (after '['), already validated by JS: lines with its minute and zone bytes are the lane's. */
export function setMinute(t: usize, ms: f64): void {
  setClfMinute(t, ms);
}

// ---- the operations of src/parsers/access-line.ts ----

function literalAt(i: usize, end: usize, lit: usize, n: usize): bool {
  if (i + n > end) return false;
  for (let k: usize = 0; k < n; k++) if (b(i + k) != <u32>load<u8>(lit + k)) return false;
  return true;
}

/** The first k ≥ i where the literal matches (and, when after ≥ 0, the byte after it is `after`), or -1. */
function findLiteral(i: usize, end: usize, lit: usize, n: usize, after: i32): isize {
  const c0 = <u32>load<u8>(lit);
  const last = <isize>end - <isize>n - (after >= 0 ? 1 : 0);
  for (let k = <isize>i; k <= last; k++) {
    if (b(<usize>k) != c0) continue;
    let q: usize = 1;
    while (q < n && b(<usize>k + q) == <u32>load<u8>(lit + q)) q++;
    if (q < n) continue;
    if (after >= 0 && b(<usize>k + n) != <u32>after) continue;
    return k;
  }
  return -1;
}

/** The closing quote of a quoted value whose content starts at i (backslash escapes skipped), or -1. */
function closingQuote(i: usize, end: usize): isize {
  while (i < end) {
    const c = b(i);
    if (c == QUOTE) return <isize>i;
    i += c == BSLASH ? 2 : 1;
  }
  return -1;
}

let intValue: f64 = 0;

/** Digits only at i (1 to 17 of them), × 10^shift into intValue; the position after them, or -1. */
function readInteger(i: usize, end: usize, shift: i32): isize {
  let v: f64 = 0;
  const first = i;
  while (i < end) {
    const d = dig(i);
    if (<u32>d > 9) break;
    v = v * 10 + <f64>d;
    i++;
  }
  if (i == first || i - first > 17) return -1;
  // scale10 with |shift| <= 3
  intValue = v == 0 || shift == 0 ? v : shift > 0 ? v * (shift == 3 ? 1e3 : shift == 2 ? 1e2 : 1e1) : v / (shift == -3 ? 1e3 : shift == -2 ? 1e2 : 1e1);
  return <isize>i;
}

// ---- lines ----

function takeLine(s: usize, end: usize): bool {
  const lit0 = PROG + <usize>word(1);
  const len0 = <usize>word(2);
  if (!literalAt(s, end, lit0, len0)) return false;
  let i = s + len0;
  let ts: f64 = NaN;
  let sec = 0;
  let status = -1;
  let rt: f64 = NaN;
  let reqStart: isize = -1;
  let reqEnd: isize = -1;
  let urlStart: isize = -1;
  let urlEnd: isize = -1;
  for (let f = 0; f < nFields; f++) {
    const w = <usize>(3 + f * FIELD_WORDS);
    const role = word(w);
    const lit = PROG + <usize>word(w + 5);
    const len = <usize>word(w + 6);
    let j: isize = -1;
    if (role <= A_URL) {
      if (word(w + 3) != 0) j = closingQuote(i, end);
      else if (len == 0) j = <isize>end;
      else if (len == 1 && word(w + 4) < 0) {
        const c = <u32>load<u8>(lit);
        let k = i;
        while (k < end && b(k) != c) k++;
        j = k == end ? -1 : <isize>k;
      } else j = findLiteral(i, end, lit, len, word(w + 4));
      if (role == A_REQUEST) {
        reqStart = <isize>i;
        reqEnd = j;
      } else if (role == A_URL) {
        urlStart = <isize>i;
        urlEnd = j;
      }
    } else if (role == A_STATUS) {
      if (i + 3 <= end) {
        const d0 = dig(i);
        const d1 = dig(i + 1);
        const d2 = dig(i + 2);
        if ((d0 | (9 - d0) | d1 | (9 - d1) | d2 | (9 - d2)) >= 0 && d0 != 0) {
          status = d0 * 100 + d1 * 10 + d2;
          j = <isize>(i + 3);
        }
      }
    } else if (role == A_COUNT) {
      if (i < end && b(i) == DASH) j = <isize>(i + 1);
      else j = readInteger(i, end, 0);
    } else if (role == A_TIME_CLF || role == A_TIME_LOCAL) {
      // `[dd/Mon/yyyy:HH:MM:SS ±HHMM]` (Apache's %t) or the same without its brackets (nginx's $time_local, in a
      // `[…]` of the format string: a minute JS gives the lane has its `]`), of the current minute; the lane runs one time a line
      const clf = role == A_TIME_CLF;
      if (!clf || (i < end && b(i) == LBRACKET)) {
        const t = clf ? i + 1 : i;
        if (t + 27 > end) return false;
        if (!isClfMinute(t)) return newPrefix(t);
        sec = clfSecond(t);
        if (sec < 0) return false;
        ts = currentMinuteMs() + <f64>(sec * 1000);
        j = <isize>(clf ? t + 27 : t + 26);
      }
    } else {
      // A_RT (not an upstream's): digits only, `-` (none), or a decimal, × 10^shift
      const shift = word(w + 1);
      let v: f64 = NaN;
      if (word(w + 2) != 0) {
        j = readInteger(i, end, shift);
        if (j >= 0) v = intValue;
      } else if (i < end && b(i) == DASH && (i + 1 >= end || b(i + 1) != DOT)) j = <isize>(i + 1);
      else {
        clearBail();
        const e = readDecimal(i, end, shift);
        if (bailed()) return false;
        if (e != 0) {
          j = <isize>e;
          v = number();
        }
      }
      if (rt != rt) rt = v;
    }
    if (j < 0) return false;
    const at = <usize>j;
    if (len == 1) {
      if (at >= end || b(at) != <u32>load<u8>(lit)) return false;
    } else if (len > 1 && !literalAt(at, end, lit, len)) return false;
    i = at + len;
  }
  if (i != end || ts != ts) return false;
  const level = status >= 500 ? 4 : status >= 400 ? 3 : 2;
  let ms = s;
  let me = s;
  if (reqStart >= 0) {
    ms = <usize>reqStart;
    me = <usize>reqEnd;
  } else if (urlStart >= 0) {
    ms = <usize>urlStart;
    me = <usize>urlEnd;
  }
  return countLine(ts, sec, level, true, rt, NaN, NaN, ms, me);
}

@final class AccessLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
  }
}
const LINES = new AccessLines();

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len until one
 * is not the lane's; returns where it stopped (status() says why).
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<AccessLines>(p, stop, len, LINES);
}
