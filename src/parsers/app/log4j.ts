/**
 * log4j's layouts with the level before the thread, as Hadoop writes them
 * (`%d{ISO8601} %p [%t] %c: %m%n`) and log4j's own `%d %-5p [%t] %c - %m%n`:
 *
 *   2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster
 *   2024-01-24 10:15:32,123 ERROR [http-nio-8080-exec-1] com.example.Foo - Request failed
 *
 * date time (`,` or `.` fraction), blanks, a bare level (padded: `INFO  [`),
 * a bracketed thread (may hold blanks and brackets), the logger and its `:`
 * or ` - `, the message. The thread and the logger's separator are what set
 * it apart from the standard format: a line without them is not log4j.
 */
import type { LineParser } from '../record.js';
import { afterLogger, blanks, bracketEnd, LineClock, levelWord, message } from './layout.js';

const clock = new LineClock();

export const parseLog4j: LineParser = function parseLog4j(buf, start, end, rec) {
  let i = clock.read(buf, start, end, rec);
  if (i < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = bracketEnd(buf, i, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
