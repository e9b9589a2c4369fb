/** The building blocks of the catalogue formats: continuation lines, year-less dates, level words, letters and severities. */
import test from 'ava';
import { DEBUG, ERROR, FATAL, INFO, isContinuation, levelAt, levelFromSeverity, levelLetter, TRACE, WARN, YearGuess } from '../../src/internal.js';

function cont(line: string): boolean {
  const b = Buffer.from(line);
  return isContinuation(b, 0, b.length);
}

test('continuation lines: stack traces, tracebacks, exception headers', (t) => {
  for (const line of [
    '\tat com.example.Foo.bar(Foo.java:42)',
    '    at org.apache.Foo.run(Foo.java:1)',
    'at com.example.Foo.bar(Foo.java:42)',
    'Caused by: java.io.EOFException: Unexpected end of ZLIB input stream',
    '\t... 12 more',
    '... 3 more',
    'Suppressed: java.lang.IllegalStateException: closed',
    'java.io.EOFException: Unexpected end of ZLIB input stream',
    'java.lang.NullPointerException',
    'org.apache.hadoop.ipc.RemoteException$WrappedError: x',
    'Exception in thread "main" java.lang.RuntimeException: boom',
    'Traceback (most recent call last):',
    '  File "/app/main.py", line 3, in <module>',
    'ValueError: invalid literal for int() with base 10: \'x\'',
    'KeyboardInterrupt',
    'During handling of the above exception, another exception occurred:',
    'The above exception was the direct cause of the following exception:',
  ]) {
    t.true(cont(line), line);
  }
});

test('not continuation lines: log lines, prose, junk', (t) => {
  for (const line of [
    '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    'this is not a log line',
    'INFO missing timestamp Request processed in 12ms',
    '{"truncated": ',
    '\x00\x01\x02 binary junk',
    'example.com: connection refused',
    'atom feed updated',
    'com.example.Main: started',
  ]) {
    t.false(cont(line), line);
  }
});

test('a year-less date takes the mtime year, one less after the mtime (with a day of slack for local time)', (t) => {
  const y = new YearGuess({ mtimeMs: Date.parse('2025-01-02T08:00:00Z') });
  const at = (m: number, d: number, h = 0) => new Date(y.at(m, d, h * 3_600_000)).toISOString();
  t.is(at(12, 31, 23), '2024-12-31T23:00:00.000Z');
  t.is(at(1, 1, 0), '2025-01-01T00:00:00.000Z');
  t.is(at(1, 2, 20), '2025-01-02T20:00:00.000Z', 'hours after the mtime: local time east of UTC');
  t.is(at(1, 4, 0), '2024-01-04T00:00:00.000Z', 'days after the mtime: last year');
  t.is(at(2, 29, 0), '2024-02-29T00:00:00.000Z', 'Feb 29 in 2025 does not exist: 2024');
  t.true(Number.isNaN(y.at(2, 30, 0)));
  t.true(Number.isNaN(y.at(13, 1, 0)));
});

test('level words of the catalogue: SEVERE, VERBOSE, Information, Informational', (t) => {
  const lv = (s: string) => levelAt(Buffer.from(s), 0, s.length);
  t.is(lv('SEVERE'), ERROR);
  t.is(lv('severe'), ERROR);
  t.is(lv('VERBOSE'), TRACE);
  t.is(lv('Information'), INFO);
  t.is(lv('informational'), INFO);
  t.is(lv('Warning'), WARN);
  t.is(lv('Critical'), FATAL);
  t.is(lv('notice'), INFO);
  for (const s of ['SEVER', 'SEVERES', 'Informatio', 'verbosE!', 'noticed', 'severa']) t.is(lv(s), -1, s);
});

test('level letters V D I W E F A (uppercase only) and syslog severities 0–7', (t) => {
  const letters = Object.fromEntries([...'VDIWEFA'].map((c) => [c, levelLetter(c.charCodeAt(0))]));
  t.deepEqual(letters, { V: TRACE, D: DEBUG, I: INFO, W: WARN, E: ERROR, F: FATAL, A: FATAL });
  for (const c of 'BCGXZvdiwe1 ') t.is(levelLetter(c.charCodeAt(0)), -1, c);
  t.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(levelFromSeverity), [FATAL, FATAL, FATAL, ERROR, WARN, INFO, INFO, DEBUG]);
  for (const n of [-1, 8, NaN, 2.5]) t.is(levelFromSeverity(n), -1, String(n));
});
