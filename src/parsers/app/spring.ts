/**
 * Spring Boot's default console and file layout (logback, `%d %5p PID ---
 * [%15.15t] %-40.40logger{39} : %m`), with Spring Boot 3's zoned ISO time
 * and, from 3.2, the application name in brackets before the thread:
 *
 *   2014-03-05 10:57:51.112  INFO 45469 --- [           main] org.apache.catalina.core.StandardEngine  : Starting Servlet Engine: Apache Tomcat/7.0.52
 *   2025-05-10T01:34:33.608Z  INFO 88909 --- [myapp] [           main] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication
 *
 * The pid and `---` set it apart from the standard format, which reads
 * these lines too but would keep `45469 --- [main] logger :` in the message.
 */
import type { LineParser } from '../record.js';
import { afterLogger, blanks, bracketEnd, digitsEnd, LineClock, levelWord, message, skipBlanks } from './layout.js';

const DASH = 45;
const LBRACKET = 91;
const clock = new LineClock();

export const parseSpring: LineParser = function parseSpring(buf, start, end, rec) {
  let i = clock.read(buf, start, end, rec);
  if (i < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = digitsEnd(buf, i, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if (i + 3 > end || buf[i] !== DASH || buf[i + 1] !== DASH || buf[i + 2] !== DASH) return false;
  if ((i = blanks(buf, i + 3, end)) < 0 || (i = bracketEnd(buf, i, end)) < 0) return false;
  // the thread, after the application's name when there is one
  const j = skipBlanks(buf, i, end);
  if (j < end && buf[j] === LBRACKET && (i = bracketEnd(buf, j, end)) < 0) return false;
  if ((i = blanks(buf, i, end)) < 0 || (i = afterLogger(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
