/**
 * The structured keys shared by json and logfmt (SPEC §3) and what their
 * values set in a LineRecord. Keys compare case-insensitively, so
 * `responseTime`, `Level` and `Timestamp` (Serilog, winston) all match.
 */
import type { LineRecord } from './record.js';
import { levelAt, levelFromNumber } from './levels.js';
import { readJsonNumber, numOut } from './num.js';

export { F_NONE, F_TIME, F_LEVEL, F_MSG, F_RT_MS, F_RT_S, F_MEM, F_CPU } from './field-ids.js';
import { F_NONE, F_TIME, F_LEVEL, F_MSG, F_RT_MS, F_RT_S, F_MEM, F_CPU } from './field-ids.js';

const AT = 64;

function kw(s: string): Uint8Array {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

const K_TIMESTAMP = kw('timestamp');
const K_TIME = kw('time');
const K_TS = kw('ts');
const K_LEVEL = kw('level');
const K_SEVERITY = kw('severity');
const K_LVL = kw('lvl');
const K_MESSAGE = kw('message');
const K_MSG = kw('msg');
const K_DURATION_MS = kw('duration_ms');
const K_RESPONSE_TIME_MS = kw('response_time_ms');
const K_RESPONSETIME = kw('responsetime');
const K_LATENCY_MS = kw('latency_ms');
const K_ELAPSED_MS = kw('elapsed_ms');
const K_REQUEST_TIME = kw('request_time');
const K_DURATION_S = kw('duration_s');
const K_MEMORY_MB = kw('memory_mb');
const K_MEM_MB = kw('mem_mb');
const K_RSS_MB = kw('rss_mb');
const K_CPU_PCT = kw('cpu_pct');
const K_CPU_PERCENT = kw('cpu_percent');

/**
 * Bytes at s equal k (lowercase), case-insensitively; the caller has checked
 * the length. `b === c` covers '_' and '@'; `(b | 0x20) === c` covers an
 * upper-case letter (only letters land on letters under `| 0x20`).
 */
function eq(buf: Uint8Array, s: number, k: Uint8Array): boolean {
  for (let j = 0; j < k.length; j++) {
    const b = buf[s + j];
    const c = k[j];
    if (b !== c && (b | 0x20) !== c) return false;
  }
  return true;
}

/** The field a key [s, e) names, or F_NONE. */
export function fieldOf(buf: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 2:
      return eq(buf, s, K_TS) ? F_TIME : F_NONE;
    case 3:
      if (eq(buf, s, K_MSG)) return F_MSG;
      return eq(buf, s, K_LVL) ? F_LEVEL : F_NONE;
    case 4:
      return eq(buf, s, K_TIME) ? F_TIME : F_NONE;
    case 5:
      return eq(buf, s, K_LEVEL) ? F_LEVEL : F_NONE;
    case 6:
      if (eq(buf, s, K_MEM_MB) || eq(buf, s, K_RSS_MB)) return F_MEM;
      return F_NONE;
    case 7:
      if (eq(buf, s, K_MESSAGE)) return F_MSG;
      return eq(buf, s, K_CPU_PCT) ? F_CPU : F_NONE;
    case 8:
      return eq(buf, s, K_SEVERITY) ? F_LEVEL : F_NONE;
    case 9:
      if (eq(buf, s, K_TIMESTAMP)) return F_TIME;
      return eq(buf, s, K_MEMORY_MB) ? F_MEM : F_NONE;
    case 10:
      if (buf[s] === AT) return eq(buf, s + 1, K_TIMESTAMP) ? F_TIME : F_NONE;
      if (eq(buf, s, K_LATENCY_MS) || eq(buf, s, K_ELAPSED_MS)) return F_RT_MS;
      return eq(buf, s, K_DURATION_S) ? F_RT_S : F_NONE;
    case 11:
      if (eq(buf, s, K_DURATION_MS)) return F_RT_MS;
      return eq(buf, s, K_CPU_PERCENT) ? F_CPU : F_NONE;
    case 12:
      if (eq(buf, s, K_RESPONSETIME)) return F_RT_MS;
      return eq(buf, s, K_REQUEST_TIME) ? F_RT_S : F_NONE;
    case 16:
      return eq(buf, s, K_RESPONSE_TIME_MS) ? F_RT_MS : F_NONE;
    default:
      return F_NONE;
  }
}

/**
 * Sets the figure of a numeric field (F_RT_MS..F_CPU) unless it is already
 * set: the first occurrence counts, once. v is in the record's unit: ms for
 * both response-time fields (the caller scaled seconds, exactly, with
 * readJsonNumber's shift), MB, percent. A negative or non-finite value is
 * ignored: `-1` is a common "unknown" sentinel and must not drag averages.
 */
export function setFigure(rec: LineRecord, field: number, v: number): void {
  if (!(v >= 0 && v < Infinity)) return;
  switch (field) {
    case F_RT_MS:
    case F_RT_S:
      if (rec.rt !== rec.rt) {
        rec.rt = v;
        rec.request = true;
      }
      break;
    case F_MEM:
      if (rec.mem !== rec.mem) rec.mem = v;
      break;
    case F_CPU:
      if (rec.cpu !== rec.cpu) rec.cpu = v;
      break;
  }
}

/**
 * A number spanning exactly [s, e), for figures and numeric levels that
 * came as bytes (a logfmt value, a json string). Seconds fields are scaled
 * to ms here with an exact power-of-ten shift. NaN if not exactly a number.
 */
export function figureValueAt(buf: Uint8Array, s: number, e: number, field: number): number {
  return readJsonNumber(buf, s, e, field === F_RT_S ? 3 : 0) === e ? numOut[0] : NaN;
}

/**
 * The level a value [s, e) names: a level name, or pino's number (also as
 * a string, `"30"`). -1 for anything else.
 */
export function levelValueAt(buf: Uint8Array, s: number, e: number): number {
  const lv = levelAt(buf, s, e);
  if (lv >= 0) return lv;
  return readJsonNumber(buf, s, e, 0) === e ? levelFromNumber(numOut[0]) : -1;
}
