/**
 * logback's layout with the thread before the level, the shape of its
 * documented `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n`
 * with a full date (`%d` or `%d{yyyy-MM-dd HH:mm:ss.SSS}`):
 *
 *   2024-01-24 10:15:32.123 [main] INFO  c.e.demo.Application - Started
 *
 * The time-only form of logback's example has no date, which an entry
 * needs: such a file is left to layout inference.
 */
import type { LineParser } from '../record.js';
import { afterLogger, blanks, bracketEnd, LineClock, levelWord, message } from './layout.js';

const clock = new LineClock();

export const parseLogback: LineParser = function parseLogback(buf, start, end, rec) {
  let i = clock.read(buf, start, end, rec);
  if (i < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = bracketEnd(buf, i, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
