/** The syslog family: syslog (no PRI, no levels), rfc3164 (with PRI) and rfc5424. */
import test from 'ava';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, detectFormat, formats } from '../../src/internal.js';
import { formatNamed, NEW_YEAR_FILE, neverThrows, parserOf, read } from './read-line.js';

const syslog = formatNamed('syslog');
const rfc3164 = formatNamed('rfc3164');
const rfc5424 = formatNamed('rfc5424');
/** A file last written on 2025-01-02: year-less dates are of 2025, or of 2024 when after the mtime. */
const sys = parserOf(syslog, NEW_YEAR_FILE);
const pri = parserOf(rfc3164, NEW_YEAR_FILE);

test('syslog: the documented samples, exactly (a file of 2025-01-02: June is of 2024)', (t) => {
  t.deepEqual(read(sys, syslog.samples[0]), {
    ts: '2024-06-14T15:16:01.000Z',
    level: 'INFO',
    rt: NaN,
    msg: 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
  });
  t.like(read(sys, syslog.samples[1]), {
    ts: '2024-12-10T06:55:46.000Z',
    msg: 'reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
  });
  t.like(read(sys, syslog.samples[2]), {
    ts: '2024-07-01T09:00:55.000Z',
    msg: 'IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0',
  });
  t.like(read(sys, 'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]'), { level: 'INFO', msg: 'ALERT exited abnormally with [1]' });
  t.like(read(sys, 'Jan  5 00:00:00 host kernel: Linux version 2.6.5-1.358'), { ts: '2024-01-05T00:00:00.000Z', msg: 'Linux version 2.6.5-1.358' });
});

test('syslog: a line without `tag: ` is an entry whose message is all its text', (t) => {
  t.like(read(sys, 'Jun  9 06:06:20 combo syslogd 1.4.1: restart.'), { msg: 'syslogd 1.4.1: restart.' });
  t.like(read(sys, 'Jul  1 09:03:22 calvisitor-10-105-160-95 --- last message repeated 1 time ---'), { msg: '--- last message repeated 1 time ---' });
  t.like(read(sys, syslog.samples[4]), { msg: 'sandboxd[129] ([31211]): com.apple.Addres(31211) deny network-outbound /private/var/run/mDNSResponder' });
  t.like(read(sys, 'Jun 14 15:16:01 combo'), { msg: '' }, 'a host and nothing else');
});

test('syslog: the RFC 3339 file format keeps its zone and fraction; a leveled layout is not syslog', (t) => {
  t.like(read(sys, syslog.samples[5]), { ts: '2021-12-19T19:35:40.572Z', level: 'INFO', msg: 'Supervising 9 threads of 5 processes of 1 users.' });
  t.is(read(sys, '2024-01-24T10:15:32.123Z ERROR db: connection refused'), undefined);
  t.is(read(sys, '2024-01-24T10:15:32.123Z [main] app: started'), undefined);
  t.is(read(sys, '2016-10-06T00:17:09.669794202Z stdout F a CRI container log line'), undefined);
  t.is(read(sys, '2024-01-24 10:15:32 host prog[1]: a blank, not T, between date and time'), undefined);
});

test('syslog: the year across New Year (mtime 2025-01-02): Dec 31 is 2024, Jan 1 is 2025', (t) => {
  t.is(read(sys, 'Dec 31 23:59:59 host cron[1]: last of the year')?.ts, '2024-12-31T23:59:59.000Z');
  t.is(read(sys, 'Jan  1 00:00:01 host cron[1]: first of the year')?.ts, '2025-01-01T00:00:01.000Z');
  t.is(read(sys, 'Jan  2 23:59:59 host cron[1]: the day of the mtime')?.ts, '2025-01-02T23:59:59.000Z');
  // more than a day after the mtime: a date of the year before
  t.is(read(sys, 'Jan  4 00:00:00 host cron[1]: after the mtime')?.ts, '2024-01-04T00:00:00.000Z');
  // Feb 29 in a file of 2025 (no Feb 29): of 2024, which has one
  t.is(read(sys, 'Feb 29 12:00:00 host cron[1]: leap day')?.ts, '2024-02-29T12:00:00.000Z');
});

test('syslog: impossible dates and times, no host, other shapes are malformed', (t) => {
  for (const line of [
    ...(syslog.lookalikes ?? []),
    'Feb 30 10:00:00 host x: no Feb 30 in any year',
    'Jun 31 15:16:01 combo sshd[19939]: there is no June 31',
    'Jun 14 15:60:01 host x: minute 60',
    'Jun 14 15:16 host x: no seconds',
    'Jun 14 15:16:01  host x: two blanks before the host',
    'Jun14 15:16:01 host x: no blank',
    'Jux 14 15:16:01 host x: no such month',
    '<34>Oct 11 22:14:15 mymachine su: with PRI (rfc3164)',
  ]) {
    t.is(read(sys, line), undefined, line);
  }
});

test('syslog: figures in the message are read', (t) => {
  t.is(read(sys, 'Jan 24 10:15:32 web-01 webapp[2817]: Request processed in 127ms')?.rt, 127);
});

test('rfc3164: the RFC 3164 §5.4 examples, the level from PRI & 7', (t) => {
  t.deepEqual(read(pri, rfc3164.samples[0]), { ts: '2024-10-11T22:14:15.000Z', level: 'FATAL', rt: NaN, msg: "'su root' failed for lonvick on /dev/pts/8" });
  t.like(read(pri, rfc3164.samples[1]), { ts: '2024-02-05T17:32:18.000Z', level: 'INFO', msg: 'Use the BFG!' }); // 13 = user.notice
  t.like(read(pri, rfc3164.samples[2]), { level: 'INFO', msg: "1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport: Conveyer1=OK, Conveyer2=OK # %%" });
  t.like(read(pri, rfc3164.samples[3]), { ts: '1990-10-22T10:52:01.000Z', level: 'FATAL', msg: 'scapegoat.dmz.example.org 10.1.2.3 sched[0]: That\'s All Folks!' });
  t.like(read(pri, rfc3164.samples[4]), { ts: '2021-12-19T19:35:40.572Z', level: 'INFO', msg: 'Supervising 9 threads of 5 processes of 1 users.' });
  const levels = [0, 1, 2, 3, 4, 5, 6, 7].map((sev) => read(pri, `<${8 + sev}>Oct 11 22:14:15 host app: x`)?.level);
  t.deepEqual(levels, ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG']);
});

test('rfc3164: a bad PRI or date is malformed, and so is a line without PRI', (t) => {
  for (const line of [...(rfc3164.lookalikes ?? []), '<>Oct 11 22:14:15 host app: x', '<1234>Oct 11 22:14:15 host app: x', '<34Oct 11 22:14:15 host app: x', syslog.samples[0]]) {
    t.is(read(pri, line), undefined, line);
  }
});

test('rfc5424: the RFC 5424 §6.5 examples: time with zone, level from PRI, message after the structured data, BOM dropped', (t) => {
  t.deepEqual(read(rfc5424.parse, rfc5424.samples[0]), { ts: '2003-10-11T22:14:15.003Z', level: 'FATAL', rt: NaN, msg: "'su root' failed for lonvick on /dev/pts/8" });
  t.like(read(rfc5424.parse, rfc5424.samples[1]), { ts: '2003-08-24T12:14:15.000Z', level: 'INFO', msg: "%% It's time to make the do-nuts." });
  t.like(read(rfc5424.parse, rfc5424.samples[2]), { level: 'INFO', msg: 'An application event log entry...' });
  t.like(read(rfc5424.parse, rfc5424.samples[3]), { msg: '' });
  t.like(read(rfc5424.parse, '<11>1 2024-01-24T10:15:32.123Z host app 123 ID47 [x@1 a="q\\"u]ote" b="\\]"] took 250ms'), { level: 'ERROR', rt: 250, msg: 'took 250ms' });
  t.like(read(rfc5424.parse, '<15>1 2024-01-24T10:15:32Z host app 123 ID47 -'), { level: 'DEBUG', msg: '' });
});

test('rfc5424: no time, a broken header or structured data is malformed', (t) => {
  for (const line of [
    ...(rfc5424.lookalikes ?? []),
    '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47',
    '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 x not sd',
    '<34>1 2003-02-30T22:14:15.003Z host su - ID47 - Feb 30',
    '<34>12003-10-11T22:14:15.003Z host su - ID47 - no blank after the version',
    rfc3164.samples[0],
  ]) {
    t.is(read(rfc5424.parse, line), undefined, line);
  }
});

test('detection: a file without PRI is syslog (no levels), with PRI rfc3164, RFC 5424 rfc5424', (t) => {
  const names = formats.list();
  t.is(detectFormat(Buffer.from(syslog.samples.join('\n') + '\n'), names), 'syslog');
  t.is(detectFormat(Buffer.from(rfc3164.samples.join('\n') + '\n'), names), 'rfc3164');
  t.is(detectFormat(Buffer.from(rfc5424.samples.join('\n') + '\n'), names), 'rfc5424');
  t.false(syslog.levels);
  t.not(rfc3164.levels, false);
});

test('a syslog file spanning New Year, read by the actors: its year from the mtime, in order, every entry INFO', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loga-syslog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'auth.log');
  writeFileSync(path, 'Dec 31 23:59:59 host sshd[1]: Accepted publickey for deploy\nJan  1 00:00:01 host sshd[2]: Failed password for root\nnot syslog\n');
  const mtime = new Date(NEW_YEAR_FILE.mtimeMs);
  utimesSync(path, mtime, mtime);
  const s = await analyze({ files: [path], actors: 'inprocess', workers: 1 });
  t.like(s.files[0], { format: 'syslog', entries: 2, malformed_lines: 1, levels: false });
  t.is(s.first_timestamp, '2024-12-31T23:59:59.000Z');
  t.is(s.last_timestamp, '2025-01-01T00:00:01.000Z');
  t.deepEqual(s.levels, { INFO: 2 });
});

test('random bytes and mangled samples never throw', (t) => {
  neverThrows(t, sys, syslog.samples);
  neverThrows(t, pri, rfc3164.samples);
  neverThrows(t, rfc5424.parse, rfc5424.samples);
});
