/**
 * Android logcat, `threadtime` (the default of `adb logcat`) and `time`
 * (developer.android.com, "Logcat command-line tool", output formats):
 *
 *   03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs...
 *   MM-dd HH:mm:ss.SSS   pid   tid L tag: msg        (pid and tid padded to 5, the tag to 8)
 *   01-24 10:15:32.123 D/Tag( 1234): msg              (time)
 *
 * L is V D I W E F A (levelLetter). The message is what follows the tag's
 * `: `. MM-dd has no year: it comes from a YearGuess. The lines logcat
 * writes between buffers (`--------- beginning of main`) are markers.
 */
import { levelLetter } from './levels.js';
import { messageAt } from './message.js';
import type { LineParser, LineRecord } from './record.js';
import { lastEnd, timeOfDayAt, two } from './time.js';
import type { YearGuess } from './year.js';

const SP = 32;
const DASH = 45;
const COLON = 58;
const SLASH = 47;
const LPAREN = 40;
const RPAREN = 41;
const D0 = 48;

function isDigit(b: number): boolean {
  return b - D0 >= 0 && b - D0 <= 9;
}

/** Blanks then digits at i → where they end, or -1 when there are no digits. */
function paddedNumberEnd(buf: Uint8Array, i: number, end: number): number {
  while (i < end && buf[i] === SP) i++;
  const s = i;
  while (i < end && isDigit(buf[i])) i++;
  return i === s ? -1 : i;
}

/** The end of `tag:` at i (the first ':' followed by a blank or the line's end), or -1. */
function tagColon(buf: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) if (buf[i] === COLON && (i + 1 === end || buf[i + 1] === SP)) return i;
  return -1;
}

/** The message after the tag. */
const message = messageAt;

/** `pid  tid L tag: msg` at i (after the time and a blank). */
function threadtimeRest(buf: Uint8Array, i: number, end: number, rec: LineRecord): boolean {
  i = paddedNumberEnd(buf, i, end);
  if (i < 0 || i >= end || buf[i] !== SP) return false;
  i = paddedNumberEnd(buf, i, end);
  if (i < 0 || i + 3 > end || buf[i] !== SP || buf[i + 2] !== SP) return false;
  const level = levelLetter(buf[i + 1]);
  if (level < 0) return false;
  const c = tagColon(buf, i + 3, end);
  if (c < 0) return false;
  rec.level = level;
  message(buf, c + 1, end, rec);
  return true;
}

/** `L/tag( pid): msg` at i (the `time` format). */
function timeRest(buf: Uint8Array, i: number, end: number, rec: LineRecord): boolean {
  const level = levelLetter(buf[i]);
  if (level < 0 || buf[i + 1] !== SLASH) return false;
  for (let j = i + 2; j < end; j++) {
    if (buf[j] !== LPAREN) continue;
    const k = paddedNumberEnd(buf, j + 1, end);
    if (k > 0 && k + 1 < end && buf[k] === RPAREN && buf[k + 1] === COLON && (k + 2 === end || buf[k + 2] === SP)) {
      rec.level = level;
      message(buf, k + 2, end, rec);
      return true;
    }
  }
  return false;
}

export function logcatParser(year: YearGuess): LineParser {
  return function parseLogcat(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    if (start + 24 > end || buf[start + 2] !== DASH || buf[start + 5] !== SP) return false;
    const m = two(buf, start);
    const d = two(buf, start + 3);
    if (m < 0 || d < 0) return false;
    const ms = timeOfDayAt(buf, start + 6, end, 0);
    if (ms !== ms) return false;
    const i = lastEnd;
    if (i + 1 >= end || buf[i] !== SP) return false;
    const ok = buf[i + 1] === SP || isDigit(buf[i + 1]) ? threadtimeRest(buf, i, end, rec) : timeRest(buf, i + 1, end, rec);
    if (!ok) return false;
    const ts = year.at(m, d, ms);
    if (ts !== ts) return false;
    rec.ts = ts;
    return true;
  };
}

const MARKER = Buffer.from('--------- ', 'latin1');

/** `--------- beginning of main`, `--------- switch to crash`: what logcat writes between buffers. */
export function isLogcatMarker(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < MARKER.length + 1) return false;
  for (let k = 0; k < MARKER.length; k++) if (buf[start + k] !== MARKER[k]) return false;
  return true;
}
