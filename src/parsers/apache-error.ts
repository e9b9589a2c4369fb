/**
 * The Apache httpd error log, 2.2 and 2.4 (httpd docs: logs.html#errorlog
 * and the ErrorLogFormat directive's default):
 *
 *   [Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties
 *   [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: ...
 *
 * `[` ctime (`Www Mmm dd HH:MM:SS[.uuuuuu] YYYY`, local time, read as
 * UTC) `] [` [module`:`]level `]`, then the message. The level is one of
 * emerg alert crit error warn notice info debug trace1..trace8 (TRACE); a
 * line with another word there is malformed. The message is what follows
 * the `[pid …]`, `[client …]` and `[remote …]` brackets; an `AH01234:`
 * code stays in it (it names the error).
 */
import { levelAt } from './levels.js';
import { messageAt } from './message.js';
import { TRACE, type LineRecord } from './record.js';
import { dayMs, lastEnd, monthAt, timeOfDayAt, two } from './time.js';

const SP = 32;
const TAB = 9;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const D0 = 48;
const LC_T = 0x74;
const LC_R = 0x72;
const LC_A = 0x61;
const LC_C = 0x63;
const LC_E = 0x65;
const LC_P = 0x70;
const LC_I = 0x69;
const LC_D = 0x64;
const LC_L = 0x6c;
const LC_N = 0x6e;
const LC_M = 0x6d;
const LC_O = 0x6f;

function isLetter(b: number): boolean {
  return (((b | 0x20) - LC_A) >>> 0) < 26;
}

/** `trace1`..`trace8` (mod_log_config's finest levels) at [s, e). */
function isTraceN(buf: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 6) return false;
  const n = buf[s + 5] - D0;
  return (
    (buf[s] | 0x20) === LC_T && (buf[s + 1] | 0x20) === LC_R && (buf[s + 2] | 0x20) === LC_A &&
    (buf[s + 3] | 0x20) === LC_C && (buf[s + 4] | 0x20) === LC_E && n >= 1 && n <= 8
  );
}

/** A bracket the message starts after: `[pid `, `[client `, `[remote ` at i (i at '['). */
function isContextBracket(buf: Uint8Array, i: number, end: number): boolean {
  if (i + 5 > end) return false;
  const a = buf[i + 1];
  if (a === LC_P) return buf[i + 2] === LC_I && buf[i + 3] === LC_D && buf[i + 4] === SP;
  if (a === LC_C) {
    return i + 8 <= end && buf[i + 2] === LC_L && buf[i + 3] === LC_I && buf[i + 4] === LC_E && buf[i + 5] === LC_N && buf[i + 6] === LC_T && buf[i + 7] === SP;
  }
  if (a === LC_R) {
    return i + 8 <= end && buf[i + 2] === LC_E && buf[i + 3] === LC_M && buf[i + 4] === LC_O && buf[i + 5] === LC_T && buf[i + 6] === LC_E && buf[i + 7] === SP;
  }
  return false;
}

/**
 * `[Www Mmm dd HH:MM:SS[.frac] YYYY]` at start → epoch ms, NaN if not;
 * sets ctimeEnd after the `]`.
 */
export let ctimeEnd = 0;
/** Where the last line parseApacheError read as an entry has its context fields (or its message, without any): the shape lane's key ends there. */
export let contextAt = 0;

export function bracketedCtimeAt(buf: Uint8Array, start: number, end: number): number {
  const i = start;
  if (i + 26 > end || buf[i] !== LBRACKET || buf[i + 4] !== SP || buf[i + 8] !== SP || buf[i + 11] !== SP) return NaN;
  if (!isLetter(buf[i + 1]) || !isLetter(buf[i + 2]) || !isLetter(buf[i + 3])) return NaN;
  const m = monthAt(buf, i + 5);
  const d = buf[i + 9] === SP ? buf[i + 10] - D0 : two(buf, i + 9);
  if (m < 0 || !(d >= 1 && d <= 31)) return NaN;
  const ms = timeOfDayAt(buf, i + 12, end, 0);
  if (ms !== ms) return NaN;
  const j = lastEnd;
  if (j + 6 > end || buf[j] !== SP || buf[j + 5] !== RBRACKET) return NaN;
  const y1 = two(buf, j + 1);
  const y2 = two(buf, j + 3);
  if (y1 < 0 || y2 < 0) return NaN;
  const day = dayMs(y1 * 100 + y2, m, d);
  if (day !== day) return NaN;
  ctimeEnd = j + 6;
  return day + ms;
}

export function parseApacheError(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  const ts = bracketedCtimeAt(buf, start, end);
  if (ts !== ts) return false;
  let i = ctimeEnd;
  if (i + 3 > end || buf[i] !== SP || buf[i + 1] !== LBRACKET) return false;
  i += 2;
  const ls = i;
  let colon = -1;
  while (i < end && buf[i] !== RBRACKET && buf[i] !== SP) {
    if (buf[i] === COLON) colon = i;
    i++;
  }
  if (i >= end || buf[i] !== RBRACKET) return false;
  const ws = colon < 0 ? ls : colon + 1;
  let level = levelAt(buf, ws, i);
  if (level < 0) {
    if (!isTraceN(buf, ws, i)) return false;
    level = TRACE;
  }
  i++;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  contextAt = i;
  while (i < end && buf[i] === LBRACKET && isContextBracket(buf, i, end)) {
    let j = i + 1;
    while (j < end && buf[j] !== RBRACKET) j++;
    if (j >= end) break;
    i = j + 1;
    while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  }
  rec.ts = ts;
  rec.level = level;
  messageAt(buf, i, end, rec);
  return true;
}
