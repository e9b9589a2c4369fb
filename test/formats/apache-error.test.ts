/** The Apache httpd error log, 2.2 and 2.4. */
import test from 'ava';
import { detectFormat, formats } from '../../src/internal.js';
import { formatNamed, neverThrows, read } from './read-line.js';

const apache = formatNamed('apache-error');
const parse = apache.parse;

test('2.2: ctime, [level], the message after a [client …] bracket', (t) => {
  t.deepEqual(read(parse, apache.samples[0]), { ts: '2005-12-04T04:47:44.000Z', level: 'INFO', rt: NaN, msg: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties' });
  t.like(read(parse, apache.samples[1]), { level: 'ERROR', msg: 'mod_jk child workerEnv in error state 6' });
  t.like(read(parse, apache.samples[2]), { ts: '2005-12-04T05:15:09.000Z', level: 'ERROR', msg: 'Directory index forbidden by rule: /var/www/html/' });
});

test('2.4: microseconds, [module:level], the message after [pid …] and [client …], the AH code kept', (t) => {
  t.deepEqual(read(parse, apache.samples[3]), {
    ts: '2011-09-09T10:42:29.902Z',
    level: 'ERROR',
    rt: NaN,
    msg: 'File does not exist: /usr/local/apache2/htdocs/favicon.ico',
  });
  t.like(read(parse, apache.samples[4]), { ts: '2011-05-12T08:28:57.652Z', msg: 'AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico, referer: http://localhost/' });
  t.like(read(parse, apache.samples[5]), { level: 'INFO', msg: "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'" });
  t.like(read(parse, '[Wed Oct 11 14:32:52.123456 2000] [authz_core:error] [pid 1:tid 2] [remote 10.0.0.1:80] [client 1.2.3.4:5] AH01630: client denied'), { msg: 'AH01630: client denied' });
  // a bracket that is not context stays in the message
  t.like(read(parse, '[Wed Oct 11 14:32:52 2000] [warn] [jk] worker busy'), { level: 'WARN', msg: '[jk] worker busy' });
  // a one-digit day padded with a blank
  t.like(read(parse, '[Mon Jan  5 00:00:01 2015] [notice] started'), { ts: '2015-01-05T00:00:01.000Z' });
});

test('every level word: emerg alert crit FATAL, error, warn, notice info INFO, debug, trace1..8 TRACE', (t) => {
  const words = ['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug', 'trace1', 'trace8'];
  const got = words.map((w) => read(parse, `[Wed Oct 11 14:32:52.123456 2000] [core:${w}] [pid 1] msg`)?.level);
  t.deepEqual(got, ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG', 'TRACE', 'TRACE']);
  t.is(read(parse, '[Wed Oct 11 14:32:52 2000] [trace9] msg'), undefined);
  t.is(read(parse, '[Wed Oct 11 14:32:52 2000] [core:] msg'), undefined);
});

test('impossible dates, no level, other shapes are malformed', (t) => {
  for (const line of [
    ...(apache.lookalikes ?? []),
    '[Sun Feb 30 04:47:44 2005] [error] Feb 30',
    '[Sun Dec 04 24:47:44 2005] [error] hour 24',
    '[Sun Dec 04 04:47:44 2005] no level',
    '[Sun Dec 04 04:47:44 2005]',
    '[Sun Dec 04 04:47:44 2005] [error',
    '[Sun Foo 04 04:47:44 2005] [error] month',
    '[24/Jan/2024:10:15:33 +0000] [error] another time',
  ]) {
    t.is(read(parse, line), undefined, line);
  }
});

test('a response time in the message is read', (t) => {
  t.is(read(parse, '[Wed Jan 24 10:15:32.123456 2024] [proxy_http:info] [pid 2817:tid 140231] [client 10.0.3.7:52413] GET /api/cart completed in 87ms')?.rt, 87);
});

test('detection picks apache-error for a 2.2 and a 2.4 file, not the access-log formats', (t) => {
  t.is(detectFormat(Buffer.from(apache.samples.slice(0, 3).join('\n') + '\n'), formats.list()), 'apache-error');
  t.is(detectFormat(Buffer.from(apache.samples.slice(3).join('\n') + '\n'), formats.list()), 'apache-error');
});

test('random bytes and mangled samples never throw', (t) => {
  neverThrows(t, parse, apache.samples);
});
