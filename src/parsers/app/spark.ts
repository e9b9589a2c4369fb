/**
 * Spark's log4j layout (conf/log4j.properties.template:
 * `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n`):
 *
 *   17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]
 */
import type { LineParser } from '../record.js';
import { dayMs, lastEnd, timeOfDayAt, two } from '../time.js';
import { afterLogger, blanks, fullYear, levelWord, message } from './layout.js';

const SLASH = 47;
const SP = 32;

export const parseSpark: LineParser = function parseSpark(buf, start, end, rec) {
  const s = start;
  if (s + 17 > end || buf[s + 2] !== SLASH || buf[s + 5] !== SLASH || buf[s + 8] !== SP) return false;
  const yy = two(buf, s);
  const mo = two(buf, s + 3);
  const d = two(buf, s + 6);
  if (yy < 0 || mo < 0 || d < 0) return false;
  const day = dayMs(fullYear(yy), mo, d);
  if (day !== day) return false;
  const ts = timeOfDayAt(buf, s + 9, end, day);
  if (ts !== ts) return false;
  rec.ts = ts;
  let i = blanks(buf, lastEnd, end);
  if (i < 0 || (i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
