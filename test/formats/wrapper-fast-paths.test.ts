/**
 * The fast paths of the docker, cri and syslog parsers say what the general
 * paths beside them say: containerd's CRI time read on its own path equals
 * parseIso's reading, YearGuess's date tables equal its date arithmetic, and
 * a docker error message moved to the line's own bytes keeps its text
 * (found past escapes that decode to 1-4 bytes).
 */
import test from 'ava';
import { dayMs, ERROR, formats, LineRecord, type LogFormat, parseIso, timeValueAt, YearGuess } from '../../src/internal.js';

function module(name: string): LogFormat {
  const f = formats.get(name);
  if (f === undefined) throw new Error(`no ${name} format`);
  return f;
}

const TIMES = [
    '2024-01-24T10:15:32.123456789Z',
    '2024-01-24T10:15:32.1Z',
    '2024-01-24T10:15:32.12Z',
    '2024-01-24T10:15:32.123Z',
    '2024-01-24T10:15:32.1234Z',
    '2024-01-24T10:15:32.1234567890Z', // 10 digits: no time
    '2024-01-24T10:15:32.Z',
    '2024-01-24T10:15:32Z',
    '2024-01-24T10:15:32.5z',
    '2024-01-24T11:15:33.5+01:00',
    '2024-01-24T10:15:32,123Z',
    '2024-02-30T10:15:32.1Z',
    '2024-02-29T23:59:60.999999999Z',
    '2023-02-29T10:15:32.1Z',
    '2024-13-01T10:15:32.1Z',
    '2024-01-24T24:15:32.1Z',
    '2024-01-24T10:60:32.1Z',
    '2024-01-24T10:15:61.1Z',
    '2024-01-2aT10:15:32.1Z',
    '0000-01-01T00:00:00.000000001Z',
    '1969-12-31T23:59:59.9Z',
    '1970-01-01T00:00:00.0Z',
    '2000-02-29T12:00:00.5Z',
    '2100-02-29T12:00:00.5Z',
    '2225-12-31T23:59:59.9Z',
    '2226-01-01T00:00:00.1Z',
    '9999-12-31T23:59:59.999999999Z',
    '2024-01-24T10:15:32.123456789',
  ];

test('cri: the time of every form, containerd`s included, is what parseIso reads', (t) => {
  const cri = module('cri');
  for (const time of TIMES) {
    for (const rest of [' stdout F hello world', ' stderr P x', 'X stdout F hello']) {
      const line = Buffer.from(time + rest);
      const rec = new LineRecord();
      const ok = cri.parse(line, 0, line.length, rec);
      const expect = parseIso(Buffer.from(time + rest), 0, time.length);
      if (rest.startsWith(' stdout F') && expect === expect) {
        t.true(ok, time);
        t.is(rec.ts, expect, time);
      } else if (expect !== expect) t.false(ok, time);
    }
  }
});

test('docker: the time of every form, Docker`s included, is what timeValueAt reads', (t) => {
  const docker = module('docker');
  for (const time of [...TIMES, '1706091332', '2024-01-24T10:15:32.1Z ', '2024-01-24T10:15:32.1Z\\u0041']) {
    for (const tail of ['"}', '","time":"2019-01-01T00:00:00Z"}']) {
      const line = Buffer.from(`{"log":"no time of its own\\n","stream":"stdout","time":"${time}${tail}`);
      const rec = new LineRecord();
      const ok = docker.parse(line, 0, line.length, rec);
      const b = Buffer.from(time);
      const expect = time.includes('\\') ? NaN : timeValueAt(b, 0, b.length);
      t.is(ok, expect === expect, time);
      if (ok) t.is(rec.ts, expect, time);
    }
  }
});

test('YearGuess: the date tables give what the date arithmetic gives, for every month and day', (t) => {
  const mtimes = [Date.UTC(2024, 2, 1, 12), Date.UTC(2025, 0, 1, 0, 30), Date.UTC(2024, 11, 31, 23), Date.UTC(2021, 1, 28), Date.now()];
  for (const mtimeMs of mtimes) {
    const guess = new YearGuess({ mtimeMs });
    const year = new Date(mtimeMs).getUTCFullYear();
    for (let m = -1; m <= 14; m++) {
      for (let d = -1; d <= 33; d++) {
        for (const ms of [0, 43_200_000, 86_399_999]) {
          let day = dayMs(year, m, d);
          if (day !== day || day + ms > mtimeMs + 86_400_000) day = dayMs(year - 1, m, d);
          const want = day === day ? day + ms : NaN;
          t.is(guess.at(m, d, ms), want, `${mtimeMs} ${m}-${d} ${ms}`);
        }
      }
    }
  }
});

test('docker: an error message is read on the line`s bytes when they are plain ASCII, decoded otherwise', (t) => {
  const f = formats.resolve('docker', { name: 'docker', kind: 'docker', inner: 'standard' });
  const cases: [string, string, boolean][] = [
    ['2024-01-24 10:15:31.000 ERROR Database connection failed', 'Database connection failed', true],
    ['2024-01-24 10:15:31.000 ERROR caf\u00e9 down', 'caf\u00e9 down', true], // no escape: the line's bytes are the text
    ['2024-01-24 10:15:31.000\tERROR caf\u00e9 down', 'caf\u00e9 down', false],
    ['2024-01-24 10:15:31.000 ERROR tab\there', 'tab\there', false],
    ['2024-01-24 10:15:31.000 ERROR "quoted" 42', '"quoted" 42', false],
    ['2024-01-24 10:15:31.000\tERROR after a tab', 'after a tab', true],
  ];
  for (const [inner, msg, onBytes] of cases) {
    const line = Buffer.from(`{"log":${JSON.stringify(inner + '\n')},"stream":"stderr","time":"2024-01-24T10:15:32Z"}`);
    const rec = new LineRecord();
    t.true(f.parse(line, 0, line.length, rec), inner);
    t.is(rec.msgText === undefined, onBytes, inner);
    t.is(rec.msgText ?? line.toString('utf8', rec.msgStart, rec.msgEnd), msg, inner);
  }
  // the same with \u escapes the daemon may write: decoded
  const line = Buffer.from('{"log":"2024-01-24 10:15:31.000 ERROR caf\\u0041 down\\n","stream":"stderr","time":"2024-01-24T10:15:32Z"}');
  const rec = new LineRecord();
  t.true(f.parse(line, 0, line.length, rec));
  t.is(rec.msgText, 'cafA down');
});

test('docker: an error message after escapes of every size (\\", \u00e9, a surrogate pair) is found on the line`s bytes', (t) => {
  const f = formats.resolve('docker', { name: 'docker', kind: 'docker', inner: 'json' });
  const logs = [
    '{\\"level\\":\\"error\\",\\"msg\\":\\"plain 42\\",\\"ts\\":\\"2024-01-24T10:15:31Z\\"}',
    '{\\"k\\u00e9\\":1,\\"level\\":\\"error\\",\\"msg\\":\\"plain 42\\",\\"ts\\":\\"2024-01-24T10:15:31Z\\"}',
    '{\\"k\\ud83d\\ude00\\":\\"\\u0041\\",\\"level\\":\\"error\\",\\"msg\\":\\"plain 42\\",\\"ts\\":\\"2024-01-24T10:15:31Z\\"}',
    '{\\"k\\u20ac\\/\\":[\\"\\\\\\\\\\"],\\"level\\":\\"error\\",\\"msg\\":\\"plain 42\\",\\"ts\\":\\"2024-01-24T10:15:31Z\\"}',
  ];
  for (const log of logs) {
    const line = Buffer.from(`{"log":"${log}\\n","stream":"stderr","time":"2024-01-24T10:15:32Z"}`);
    const rec = new LineRecord();
    t.true(f.parse(line, 0, line.length, rec), log);
    t.is(rec.level, ERROR, log);
    t.is(rec.msgText, undefined, log);
    t.is(line.toString('utf8', rec.msgStart, rec.msgEnd), 'plain 42', log);
  }
});

test('rfc3164 and syslog: the BSD time with or without a fraction or zone, and a year first in or out of the date tables', (t) => {
  const file = { mtimeMs: Date.UTC(2024, 11, 1) };
  const rfc3164 = module('rfc3164').parserFor?.(file);
  const syslog = module('syslog').parserFor?.(file);
  if (rfc3164 === undefined || syslog === undefined) throw new Error('no parserFor');
  const cases: [string, number][] = [
    ['Oct 11 22:14:15', Date.UTC(2024, 9, 11, 22, 14, 15)],
    ['Oct 11 22:14:15.5', Date.UTC(2024, 9, 11, 22, 14, 15, 500)],
    ['Oct 11 22:14:15Z', Date.UTC(2024, 9, 11, 22, 14, 15)],
    ['Oct 11 22:14:15+01:00', Date.UTC(2024, 9, 11, 21, 14, 15)],
    ['Oct 11 22:14:60', Date.UTC(2024, 9, 11, 22, 15, 0)],
    ['Oct 11 22:14:61', NaN],
    ['Oct 11 24:14:15', NaN],
    ['Oct 11 2a:14:15', NaN],
    ['Oct 11 22.14:15', NaN],
    ['Feb 29 10:00:00', Date.UTC(2024, 1, 29, 10)],
    ['Dec  2 10:00:00', Date.UTC(2023, 11, 2, 10)], // after the mtime: the year before
    ['Feb 30 10:00:00', NaN],
  ];
  for (const [time, want] of cases) {
    for (const [parse, line] of [[rfc3164, `<34>${time} host su: x`], [syslog, `${time} host su: x`]] as const) {
      const b = Buffer.from(line);
      const rec = new LineRecord();
      const ok = parse(b, 0, b.length, rec);
      t.is(ok, want === want, line);
      if (ok) {
        t.is(rec.ts, want, line);
        t.is(b.toString('utf8', rec.msgStart, rec.msgEnd), 'x', line);
      }
    }
  }
  const yearFirst: [string, number][] = [
    ['1990 Oct 22 10:52:01', Date.UTC(1990, 9, 22, 10, 52, 1)],
    ['1969 Dec 31 23:59:59', Date.UTC(1969, 11, 31, 23, 59, 59)],
    ['2000 Feb 29 00:00:00', Date.UTC(2000, 1, 29)],
    ['2100 Feb 29 00:00:00', NaN],
    ['2226 Mar  1 00:00:00', Date.UTC(2226, 2, 1)],
    ['1990 Oct 32 10:52:01', NaN],
  ];
  for (const [time, want] of yearFirst) {
    const b = Buffer.from(`<0>${time} host sched[0]: x`);
    const rec = new LineRecord();
    const ok = rfc3164(b, 0, b.length, rec);
    t.is(ok, want === want, time);
    if (ok) t.is(rec.ts, want, time);
  }
});
