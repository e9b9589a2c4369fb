/**
 * Python `logging` with an asctime (`2005-03-19 15:10:26,618`), in the
 * layouts of the logging documentation:
 *
 * - `%(asctime)s - %(name)s - %(levelname)s - %(message)s` (the logging
 *   cookbook and HOWTO): `2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message`;
 * - `%(asctime)s - %(levelname)s - %(message)s`;
 * - Flask's default `[%(asctime)s] %(levelname)s in %(module)s: %(message)s`:
 *   `[2024-01-24 10:15:32,123] ERROR in app: Exception on /login [POST]`.
 *
 * Not read here: `%(asctime)s %(levelname)s %(name)s %(message)s` and its
 * kin are lines of the standard format, which reads them (the name then
 * stays in the message); logging's BASIC_FORMAT `%(levelname)s:%(name)s:%(message)s`
 * (`WARNING:root:msg`) has no time, which an entry needs: such a file is
 * read by neither, and its lines are malformed.
 */
import type { LineParser, LineRecord } from '../record.js';
import { levelAt } from '../levels.js';
import { afterLogger, blanks, dashSeparator, LineClock, levelWord, message, skipBlanks, tokenEnd } from './layout.js';

const LBRACKET = 91;
const RBRACKET = 93;
const LC_I = 0x69;
const LC_N = 0x6e;
const clock = new LineClock();
const flaskClock = new LineClock();

/** `[asctime] LEVEL in module: message`. */
function parseFlask(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  let i = flaskClock.read(buf, start + 1, end, rec);
  if (i < 0 || i >= end || buf[i] !== RBRACKET || (i = blanks(buf, i + 1, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if (i + 2 >= end || buf[i] !== LC_I || buf[i + 1] !== LC_N || (i = blanks(buf, i + 2, end)) < 0) return false;
  if ((i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
}

export const parsePython: LineParser = function parsePython(buf, start, end, rec) {
  if (start < end && buf[start] === LBRACKET) return parseFlask(buf, start, end, rec);
  let i = clock.read(buf, start, end, rec);
  if (i < 0 || (i = dashSeparator(buf, i, end)) < 0) return false;
  i = skipBlanks(buf, i, end);
  const w = tokenEnd(buf, i, end);
  if (w === i) return false;
  const level = levelAt(buf, i, w);
  if (level >= 0) {
    // `asctime - LEVEL - message`
    const m = dashSeparator(buf, w, end);
    if (m >= 0) {
      rec.level = level;
      return message(buf, m, end, rec);
    }
  }
  // `asctime - name - LEVEL - message`
  if ((i = dashSeparator(buf, w, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = dashSeparator(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
