/**
 * journald's JSON export (`journalctl -o json`, systemd.io/JOURNAL_EXPORT_FORMATS):
 * one object per line, every field a string:
 *
 *   {"__REALTIME_TIMESTAMP":"1342540861421465","PRIORITY":"6","SYSLOG_IDENTIFIER":"crond","MESSAGE":"(root) CMD (run-parts /etc/cron.hourly)",...}
 *
 * Time: `__REALTIME_TIMESTAMP` (µs since the epoch, a decimal string; when
 * missing, `_SOURCE_REALTIME_TIMESTAMP`); none → malformed. Level: `PRIORITY`
 * "0".."7", syslog's severities (levelFromSeverity); missing or null → INFO,
 * another value → malformed (as json's unknown level: guessing would hide a
 * severity). Message: `MESSAGE`, a string, or, for a message that is not
 * printable UTF-8, an array of its byte values (decoded here, only for an
 * error or when it may hold a figure); a field given several times is an
 * array of values, of which the first string is taken; null (a field over
 * journalctl's size limit) is no message. Walked at byte level like json
 * (src/parsers/json.ts): every other field is skipped but validated.
 */
import { skipString, skipValue, skipWs, strEscaped } from './json.js';
import { levelFromSeverity } from './levels.js';
import { quotedMessageAt, scanMessage } from './message.js';
import { ERROR, INFO, type LineParser, type LineRecord } from './record.js';

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const D0 = 48;
const D9 = 57;
const LC_N = 0x6e;

const K_NONE = 0;
const K_REALTIME = 1;
const K_SOURCE_REALTIME = 2;
const K_PRIORITY = 3;
const K_MESSAGE = 4;

const KEYS = [
  ['__REALTIME_TIMESTAMP', K_REALTIME],
  ['_SOURCE_REALTIME_TIMESTAMP', K_SOURCE_REALTIME],
  ['PRIORITY', K_PRIORITY],
  ['MESSAGE', K_MESSAGE],
] as const;
const KEY_BYTES = KEYS.map(([k]) => Buffer.from(k, 'latin1'));

function keyOf(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  // The lengths differ (20, 26, 8, 7): one length test picks the candidate.
  for (let k = 0; k < KEY_BYTES.length; k++) {
    const lit = KEY_BYTES[k];
    if (lit.length !== n) continue;
    for (let j = 0; j < n; j++) if (buf[s + j] !== lit[j]) return K_NONE;
    return KEYS[k][1];
  }
  return K_NONE;
}

/** A string of decimal µs [s, e) → epoch ms (the last three digits dropped), or NaN. */
function microsAt(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 1 || n > 17) return NaN; // 17 digits: year 5138, within Date's range
  let ms = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) return NaN;
    if (i < e - 3) ms = ms * 10 + d;
  }
  return ms;
}

/**
 * The minute (epoch ms) of the `__REALTIME_TIMESTAMP` digits at buf[at],
 * where the journald lane (assembly/json-lane.ts, mode 1) stopped on a line
 * of another minute; NaN when they are not a time microsAt reads.
 */
export function journaldMinuteAt(buf: Uint8Array, at: number): number {
  let q = at;
  while (q < buf.length && q <= at + 17 && buf[q] !== QUOTE) q++;
  if (buf[q] !== QUOTE) return NaN;
  const ms = microsAt(buf, at, q);
  return ms === ms ? Math.floor(ms / 60_000) * 60_000 : NaN;
}

/** The bytes of a binary MESSAGE (an array of 0..255) at [s, e), decoded; grown on demand. */
let bytes = new Uint8Array(256);
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decodes the byte array at [s, e) (a `[n, n, ...]` value already validated) into bytes; returns the count, -1 for a value that is not bytes. */
function byteArrayAt(buf: Uint8Array, s: number, e: number): number {
  if (bytes.length < e - s) bytes = new Uint8Array(Math.max(e - s, bytes.length * 2));
  let n = 0;
  let i = skipWs(buf, s + 1, e);
  if (i < e && buf[i] === RBRACKET) return 0;
  for (;;) {
    let v = 0;
    const ds = i;
    while (i < e && buf[i] >= D0 && buf[i] <= D9 && i - ds < 3) v = v * 10 + (buf[i++] - D0);
    if (i === ds || v > 255) return -1;
    bytes[n++] = v;
    i = skipWs(buf, i, e);
    if (i < e && buf[i] === COMMA) {
      i = skipWs(buf, i + 1, e);
      continue;
    }
    return i < e && buf[i] === RBRACKET ? n : -1;
  }
}

/** The first string of an array value at [s, e) (validated): its span in start/end out, or false. */
let firstStart = 0;
let firstEnd = 0;
let firstEscaped = false;
function firstStringOf(buf: Uint8Array, s: number, e: number): boolean {
  let i = skipWs(buf, s + 1, e);
  while (i < e && buf[i] !== RBRACKET) {
    const vs = i;
    i = skipValue(buf, i, e);
    if (i < 0) return false;
    if (buf[vs] === QUOTE) {
      // skipValue of a string leaves strEscaped for it
      firstStart = vs + 1;
      firstEnd = i - 1;
      firstEscaped = strEscaped;
      return true;
    }
    i = skipWs(buf, i, e);
    if (i < e && buf[i] === COMMA) i = skipWs(buf, i + 1, e);
  }
  return false;
}

export const parseJournald: LineParser = function parseJournald(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  let i = skipWs(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return false;
  i = skipWs(buf, i + 1, end);
  let ts = NaN;
  let sourceTs = NaN;
  let level = -1;
  let msgStart = -1;
  let msgEnd = -1;
  let msgEscaped = false;
  let binStart = -1;
  let binEnd = -1;
  if (i < end && buf[i] === RBRACE) return false; // {}: no time
  for (;;) {
    if (i >= end || buf[i] !== QUOTE) return false;
    const ks = i + 1;
    i = skipString(buf, i, end);
    if (i < 0) return false;
    const key = strEscaped ? K_NONE : keyOf(buf, ks, i - 1);
    i = skipWs(buf, i, end);
    if (i >= end || buf[i] !== COLON) return false;
    i = skipWs(buf, i + 1, end);
    if (i >= end) return false;
    const vs = i;
    i = skipValue(buf, i, end);
    if (i < 0) return false;
    const c = buf[vs];
    switch (key) {
      case K_REALTIME:
        if (ts !== ts && c === QUOTE) ts = microsAt(buf, vs + 1, i - 1);
        break;
      case K_SOURCE_REALTIME:
        if (sourceTs !== sourceTs && c === QUOTE) sourceTs = microsAt(buf, vs + 1, i - 1);
        break;
      case K_PRIORITY:
        if (c === LC_N) break; // null: no priority
        if (c !== QUOTE || i - vs !== 3) return false;
        if (level < 0) level = levelFromSeverity(buf[vs + 1] - D0);
        if (level < 0) return false;
        break;
      case K_MESSAGE:
        if (msgStart >= 0 || binStart >= 0) break;
        if (c === QUOTE) {
          msgStart = vs + 1;
          msgEnd = i - 1;
          msgEscaped = strEscaped;
        } else if (c === LBRACKET) {
          if (firstStringOf(buf, vs, i)) {
            msgStart = firstStart;
            msgEnd = firstEnd;
            msgEscaped = firstEscaped;
          } else {
            binStart = vs;
            binEnd = i;
          }
        }
        break;
    }
    i = skipWs(buf, i, end);
    if (i >= end) return false;
    if (buf[i] === COMMA) {
      i = skipWs(buf, i + 1, end);
      continue;
    }
    if (buf[i] !== RBRACE) return false;
    break;
  }
  if (skipWs(buf, i + 1, end) !== end) return false;
  if (ts !== ts) ts = sourceTs;
  if (ts !== ts) return false;
  rec.ts = ts;
  rec.level = level < 0 ? INFO : level;
  if (msgStart >= 0) {
    quotedMessageAt(buf, msgStart, msgEnd, msgEscaped, rec);
  } else if (binStart >= 0) {
    // A binary message: its span is the array's, its text the decoded bytes.
    rec.msgStart = binStart;
    rec.msgEnd = binEnd;
    const n = byteArrayAt(buf, binStart, binEnd);
    if (n > 0) {
      scanMessage(bytes, 0, n, rec);
      if (rec.level >= ERROR) rec.msgText = decoder.decode(bytes.subarray(0, n));
    }
  } else {
    rec.msgStart = rec.msgEnd = end;
  }
  return true;
};
