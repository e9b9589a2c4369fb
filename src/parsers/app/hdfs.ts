/**
 * Hadoop HDFS 0.x's layout, `yyMMdd HHmmss pid LEVEL logger: msg`, as in
 * the loghub HDFS sample:
 *
 *   081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating
 */
import type { LineParser } from '../record.js';
import { dayMs, two } from '../time.js';
import { afterLogger, blanks, digitsEnd, fullYear, levelWord, message } from './layout.js';

const SP = 32;

export const parseHdfs: LineParser = function parseHdfs(buf, start, end, rec) {
  const s = start;
  if (s + 15 > end || buf[s + 6] !== SP || buf[s + 13] !== SP) return false;
  const yy = two(buf, s);
  const mo = two(buf, s + 2);
  const d = two(buf, s + 4);
  const h = two(buf, s + 7);
  const mi = two(buf, s + 9);
  const sec = two(buf, s + 11);
  if (yy < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return false;
  const day = dayMs(fullYear(yy), mo, d);
  if (day !== day) return false;
  rec.ts = day + h * 3_600_000 + mi * 60_000 + sec * 1000;
  let i = digitsEnd(buf, s + 14, end);
  if (i < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
