/** klog, Android logcat and Go's log package. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, detectFormat, formats, isContinuation } from '../../src/internal.js';
import { formatNamed, NEW_YEAR_FILE, neverThrows, parserOf, read } from './read-line.js';

const klog = formatNamed('klog');
const logcat = formatNamed('logcat');
const golog = formatNamed('golog');
const kl = parserOf(klog, NEW_YEAR_FILE);
const lc = parserOf(logcat, NEW_YEAR_FILE);

test('klog: the header read exactly, the year from the mtime', (t) => {
  t.deepEqual(read(kl, klog.samples[0]), { ts: '2024-01-24T10:15:32.123Z', level: 'INFO', rt: NaN, msg: 'msg' });
  t.like(read(kl, klog.samples[1]), { ts: '2024-10-25T00:15:15.525Z', msg: 'attempting to acquire leader lease kube-system/kube-scheduler...' });
  t.like(read(kl, klog.samples[2]), { level: 'ERROR', msg: '"Error syncing pod, skipping" err="failed to \\"StartContainer\\"" pod="default/web-0"' });
  t.like(read(kl, klog.samples[3]), { level: 'WARN', msg: 'k8s.io/client-go/informers/factory.go:150: watch of *v1.Pod ended with: an error on the server' });
  t.like(read(kl, klog.samples[4]), { level: 'FATAL' });
  t.is(read(kl, 'I1231 23:59:59.999999 1 a.go:1] x')?.ts, '2024-12-31T23:59:59.999Z');
  t.is(read(kl, 'I0101 00:00:01.000000 1 a.go:1] x')?.ts, '2025-01-01T00:00:01.000Z');
  t.like(read(kl, 'I0124 10:15:32.123456 1 handler.go:9] request took 35ms'), { rt: 35, msg: 'request took 35ms' });
  t.like(read(kl, 'I0124 10:15:32.123456 1 handler.go:9]'), { msg: '' });
});

test('klog: impossible dates, a missing thread id or source are malformed; a stack trace is continuation', (t) => {
  for (const line of [
    ...(klog.lookalikes ?? []),
    'I0230 10:15:32.123456 1 a.go:1] Feb 30',
    'I0124 10:15:32.123456 a.go:1] no thread id',
    'I0124 10:15:32.123456 1 a.go] no line number',
    'I0124 10:15:32.123456 1 a.go:x] line not a number',
    'I0124 10:15:32.123456 1 a.go:1]x no blank',
    'I0124 25:15:32.123456 1 a.go:1] hour 25',
  ]) {
    t.is(read(kl, line), undefined, line);
  }
  t.true(klog.multiline);
  t.true(isContinuation(Buffer.from('\tat main.go:12'), 0, 13));
});

test('logcat threadtime: time, pid, tid, letter, tag, message; the year from the mtime', (t) => {
  t.like(read(lc, logcat.samples[0]), { ts: '2024-03-17T16:13:38.811Z', level: 'DEBUG' });
  t.is(read(lc, logcat.samples[0])?.msg.slice(0, 40), 'printFreezingDisplayLogsopening app wtok');
  t.deepEqual(read(lc, logcat.samples[1]), {
    ts: '2024-03-17T16:13:38.935Z',
    level: 'WARN',
    rt: NaN,
    msg: 'getRunningAppProcesses: caller 10113 does not hold REAL_GET_TASKS; limiting output',
  });
  t.like(read(lc, logcat.samples[3]), { level: 'INFO', msg: 'uid=10086(com.example) identical 3 lines' });
  const letters = ['V', 'D', 'I', 'W', 'E', 'F', 'A'].map((l) => read(lc, `01-24 10:15:32.123  1234  1234 ${l} Tag: x`)?.level);
  t.deepEqual(letters, ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'FATAL']);
  t.is(read(lc, '12-31 23:59:59.999 12345 12345 I Tag: x')?.ts, '2024-12-31T23:59:59.999Z');
  t.is(read(lc, '01-01 00:00:01.000   1   1 I Tag: x')?.ts, '2025-01-01T00:00:01.000Z');
  // a stack trace logged line by line keeps the header on each line: entries
  t.like(read(lc, '12-25 11:02:32.478  7446  7446 I zukgit1 :      at com.android.settings.wifi.WifiEnabler.onSwitchToggled(WifiEnabler.java:239)'), { msg: 'at com.android.settings.wifi.WifiEnabler.onSwitchToggled(WifiEnabler.java:239)' });
});

test('logcat time format: L/tag( pid): msg', (t) => {
  t.deepEqual(read(lc, logcat.samples[4]), { ts: '2024-01-24T10:15:32.123Z', level: 'ERROR', rt: NaN, msg: 'FATAL EXCEPTION: main' });
  t.like(read(lc, '01-24 10:15:32.123 I/ActivityManager(  567): Start proc (took 120ms)'), { level: 'INFO', rt: 120 });
  t.like(read(lc, '01-24 10:15:32.123 D/Tag (x)( 1234): tag with a bracket'), { msg: 'tag with a bracket' });
  t.is(read(lc, '01-24 10:15:32.123 D/Tag: no pid'), undefined);
});

test('logcat: markers are neither entries nor malformed; bad lines are malformed', (t) => {
  const marker = logcat.marker!;
  for (const m of ['--------- beginning of main', '--------- beginning of crash', '--------- switch to system']) {
    const b = Buffer.from(m);
    t.is(read(lc, m), undefined);
    t.true(marker(b, 0, b.length), m);
  }
  const plain = Buffer.from('---------');
  t.false(marker(plain, 0, plain.length));
  for (const line of [
    ...(logcat.lookalikes ?? []),
    '02-30 16:13:38.811  1702  2395 D Tag: Feb 30',
    '03-17 16:13:38.811  1702 D Tag: no tid',
    '03-17 16:13:38.811  1702  2395 DTag: no blank after the letter',
    '03-17 16:13:38.811',
  ]) {
    t.is(read(lc, line), undefined, line);
  }
});

test('logcat: a file with markers and a crash is read without malformed lines', (t) => {
  const text = ['--------- beginning of main', logcat.samples[0], '--------- beginning of crash', logcat.samples[4], logcat.samples[2]].join('\n') + '\n';
  t.is(detectFormat(Buffer.from(text), formats.list()), 'logcat');
});

test('golog: the flags of pkg.go.dev/log: date time, microseconds, the call site dropped', (t) => {
  t.deepEqual(read(golog.parse, golog.samples[0]), { ts: '2009-01-23T01:23:23.000Z', level: 'INFO', rt: NaN, msg: 'message' });
  t.like(read(golog.parse, golog.samples[1]), { ts: '2009-01-23T01:23:23.123Z', msg: 'message' });
  t.like(read(golog.parse, golog.samples[2]), { msg: 'message' });
  t.like(read(golog.parse, golog.samples[3]), { msg: 'listen tcp :8080: bind: address already in use' });
  t.like(read(golog.parse, '2024/01/24 10:15:32 handled /api in 12ms, took 12ms'), { rt: 12 });
  // not a call site: a word with a colon, a time
  t.like(read(golog.parse, '2024/01/24 10:15:32 error: 12:30 is late'), { msg: 'error: 12:30 is late' });
  t.like(read(golog.parse, '2024/01/24 10:15:32 '), { msg: '' });
  t.like(read(golog.parse, '2024/01/24 10:15:32'), { msg: '' });
  t.false(golog.levels);
});

test('golog: impossible dates and other shapes are malformed; a panic is continuation', (t) => {
  for (const line of [...(golog.lookalikes ?? []), '2009/02/29 01:23:23 not a leap year', '09/01/23 01:23:23 two-digit year', '2009/01/23 01:23:23message', '2009-01-23 01:23:23 dashes']) {
    t.is(read(golog.parse, line), undefined, line);
  }
  t.true(golog.multiline);
  for (const l of ['\t/usr/local/go/src/runtime/panic.go:920 +0x270', '        /tmp/x/main.go:12 +0x1d']) t.true(isContinuation(Buffer.from(l), 0, l.length), l);
});

/** What the Go runtime writes after a program's last log line when it panics (the Go spec's run-time panics; runtime/panic.go). */
const PANIC = [
  'panic: runtime error: index out of range [5] with length 3',
  '',
  'goroutine 1 [running]:',
  'main.lookup(...)',
  '\t/tmp/sandbox/prog.go:8',
  'main.main()',
  '\t/tmp/sandbox/prog.go:12 +0x1d',
  'net/http.(*conn).serve(0xc0000a8000, {0x7f1a48, 0xc000072060})',
  '\t/usr/local/go/src/net/http/server.go:2009 +0x66d',
  'created by net/http.(*Server).Serve in goroutine 1',
  'fatal error: all goroutines are asleep - deadlock!',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47d4e6]',
];

test('a Go panic after the last log line: continuation lines, not malformed', async (t) => {
  for (const l of PANIC.filter((l) => l !== '')) t.true(isContinuation(Buffer.from(l), 0, Buffer.byteLength(l)), l);
  for (const l of ['goroutine', 'goroutine x', 'main.main', 'main.main() trailing', 'not a (frame)', '(x.y)']) t.false(isContinuation(Buffer.from(l), 0, l.length), l);
  const dir = mkdtempSync(join(tmpdir(), 'loga-golog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'server.log');
  writeFileSync(path, [...golog.samples, ...PANIC].join('\n') + '\n');
  const s = await analyze({ files: [path], actors: 'inprocess', workers: 1 });
  t.like(s.files[0], { format: 'golog', entries: golog.samples.length, continuation_lines: PANIC.length - 1, malformed_lines: 0, levels: false });
});

test('detection picks each for its own file', (t) => {
  for (const f of [klog, logcat, golog]) t.is(detectFormat(Buffer.from(f.samples.join('\n') + '\n'), formats.list()), f.name);
});

test('random bytes and mangled samples never throw', (t) => {
  neverThrows(t, kl, klog.samples);
  neverThrows(t, lc, logcat.samples);
  neverThrows(t, golog.parse, golog.samples);
});
