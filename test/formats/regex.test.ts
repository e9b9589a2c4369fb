/**
 * Regex definitions (src/formats/user/regex.ts): named groups give the
 * figures, exact values on documented lines, the time layouts (year-less
 * ones from the file's mtime), level maps, what a bad definition is told,
 * bytes that never throw, and every promise of a format module.
 */
import test from 'ava';
import fc from 'fast-check';
import { buildRegexFormat, DefinitionError, type FormatDefinition, FormatRegistry, latin1Source, LEVEL_NAMES, LineRecord, type LogFormat } from '../../src/internal.js';
import { formatModuleTests, scanSlices } from './helpers.js';

interface Read {
  ts: string;
  level: string;
  rt: number;
  mem: number;
  cpu: number;
  request: boolean;
  message: string;
}

/** A line through a format's parser (or the parser it makes for a file), as readable values; null when it is not an entry. */
function read(format: LogFormat, line: string, mtimeMs?: number): Read | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  const parse = mtimeMs !== undefined && format.parserFor !== undefined ? format.parserFor({ mtimeMs }) : format.parse;
  if (!parse(b, 0, b.length, rec)) return null;
  return {
    ts: new Date(rec.ts).toISOString(),
    level: LEVEL_NAMES[rec.level],
    rt: rec.rt,
    mem: rec.mem,
    cpu: rec.cpu,
    request: rec.request,
    message: rec.msgText ?? b.subarray(rec.msgStart, rec.msgEnd).toString('utf8'),
  };
}

type Def = FormatDefinition & { regex: string; samples: string[] };

function regex(name: string, rest: Omit<FormatDefinition, 'name' | 'kind'>): Def {
  return { samples: [], ...rest, name, kind: 'regex' } as unknown as Def;
}

// Spark's log4j layout `yy/MM/dd HH:mm:ss LEVEL logger: message`, lines of loghub's Spark sample (Spark_2k.log)
const SPARK = regex('spark-regex', {
  regex: '^(?<time>\\d{2}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) (?<level>[A-Z]+) (?<logger>[^:]+): (?<message>.*)$',
  time: 'yy/MM/dd HH:mm:ss',
  samples: [
    '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]',
    '17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi',
    '17/06/09 20:11:11 ERROR executor.CoarseGrainedExecutorBackend: RECEIVED SIGNAL 15: SIGTERM',
  ],
});

// HDFS `yyMMdd HHmmss pid LEVEL component: message`, lines of loghub's HDFS sample (HDFS_2k.log)
const HDFS = regex('hdfs-regex', {
  regex: '^(?<time>\\d{6} \\d{6}) (?<pid>\\d+) (?<level>\\w+) (?<component>[^:]+): (?<message>.*)',
  time: 'yyMMdd HHmmss',
  samples: [
    '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
    '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
    '081109 204106 329 WARN dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_-6670958622368987959 terminating',
  ],
});

// Apache's common log format (httpd docs, mod_log_config) with %D, the time taken in microseconds, appended
const ACCESS = regex('access-us', {
  regex: '^(?<client>\\S+) \\S+ (?<user>\\S+) \\[(?<time>[^\\]]+)\\] "(?<request>[^"]*)" (?<status>\\d{3}) (?<bytes>\\S+) (?<response_time>\\d+)$',
  time: 'dd/MMM/yyyy:HH:mm:ss Z',
  response_time_unit: 'us',
  samples: [
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 1234',
    '127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] "GET /missing HTTP/1.0" 404 209 310',
    '10.0.0.7 - - [10/Oct/2000:13:55:38 -0700] "POST /api HTTP/1.1" 503 0 2500000',
  ],
});

// Linux syslog without a year, lines of loghub's Linux sample (Linux_2k.log)
const SYSLOG = regex('syslog-regex', {
  regex: '^(?<time>\\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}) (?<host>\\S+) (?<process>[^:]+): (?<message>.*)',
  time: 'MMM d HH:mm:ss',
  samples: [
    'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
    'Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)',
    'Jul  1 09:00:55 combo ftpd[22340]: connection from 211.72.2.106 () at Fri Jul  1 09:00:55 2005',
  ],
});

const spark = buildRegexFormat(SPARK);
const hdfs = buildRegexFormat(HDFS);
const access = buildRegexFormat(ACCESS);
const syslog = buildRegexFormat(SYSLOG);

test('Spark: time by its layout, level, the logger a field, the message without it', (t) => {
  t.deepEqual(read(spark, SPARK.samples[0]), {
    ts: '2017-06-09T20:10:40.000Z',
    level: 'INFO',
    rt: NaN,
    mem: NaN,
    cpu: NaN,
    request: false,
    message: 'Registered signal handlers for [TERM, HUP, INT]',
  });
  t.is(read(spark, SPARK.samples[2])?.level, 'ERROR');
  t.deepEqual(spark.fields, ['logger']);
  t.true(spark.levels);
  t.true(spark.multiline);
  t.is(spark.parserFor, undefined, 'the layout has a year');
});

test('HDFS: yyMMdd HHmmss, the pid and component kept as fields', (t) => {
  const r = read(hdfs, HDFS.samples[2]);
  t.is(r?.ts, '2008-11-09T20:41:06.000Z');
  t.is(r?.level, 'WARN');
  t.is(r?.message, 'PacketResponder 2 for block blk_-6670958622368987959 terminating');
  t.deepEqual(hdfs.fields, ['pid', 'component']);
});

test('an access log: the status gives the request and the level, the response time in its unit', (t) => {
  const [ok, missing, down] = ACCESS.samples.map((l) => read(access, l));
  t.deepEqual(ok, { ts: '2000-10-10T20:55:36.000Z', level: 'INFO', rt: 1.234, mem: NaN, cpu: NaN, request: true, message: '' });
  t.is(missing?.level, 'WARN');
  t.is(missing?.rt, 0.31);
  t.is(down?.level, 'ERROR');
  t.is(down?.rt, 2500);
  t.true(access.levels, 'levels from the status');
  t.deepEqual(access.fields, ['client', 'user', 'request', 'bytes']);
  // seconds, as nginx's $request_time
  const s = buildRegexFormat({ ...ACCESS, regex: ACCESS.regex.replace('(?<response_time>\\d+)', '(?<response_time>[\\d.]+)'), response_time_unit: 's' });
  t.is(read(s, '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 0.105')?.rt, 105);
  // a response time with its own unit wins over the definition's
  const units = buildRegexFormat(regex('units', { regex: '^(?<time>\\S+) took (?<response_time>.+)$', response_time_unit: 's' }));
  const rtOf = (v: string): number | undefined => read(units, `2024-01-24T10:15:32Z took ${v}`)?.rt;
  t.deepEqual(['2', '127ms', '0.5 s', '80us', '80µs', '3 ns', 'fast'].map(rtOf), [2000, 127, 500, 0.08, 0.08, NaN, NaN]);
  // a status that is not one: still an entry, not a request
  const odd = buildRegexFormat(regex('odd', { regex: '^(?<time>\\S+) (?<status>\\S+)' }));
  t.like(read(odd, '2024-01-24T10:15:32Z -'), { level: 'INFO', request: false });
});

test('no layout: an ISO-8601 time (zone, comma fraction) or an epoch number', (t) => {
  const f = buildRegexFormat(regex('iso', { regex: '^(?<time>\\S+(?: \\d\\S+)?) (?<level>\\w+) (?<message>.*)' }));
  t.is(read(f, '2024-01-24T10:15:32.5+02:00 WARN disk almost full')?.ts, '2024-01-24T08:15:32.500Z');
  t.is(read(f, '2015-07-29 17:41:44,747 INFO started')?.ts, '2015-07-29T17:41:44.747Z');
  t.is(read(f, '1706091332.123 ERROR boom')?.ts, '2024-01-24T10:15:32.123Z');
  t.is(read(f, '1706091332123 ERROR boom')?.ts, '2024-01-24T10:15:32.123Z');
  t.is(read(f, '2024-13-24T10:15:32Z INFO impossible month'), null);
  t.is(read(f, 'yesterday INFO not a time'), null);
  // the layout must read the whole group
  t.is(read(spark, '17/06/09 20:10:4 INFO a: b'), null);
});

test('a year-less layout takes the year from the file: a file written on 2 January 2025 has last year\'s December', (t) => {
  const mtime = Date.UTC(2025, 0, 2, 8);
  t.truthy(syslog.parserFor);
  t.is(read(syslog, 'Dec 31 23:59:59 combo cron[1]: tick', mtime)?.ts, '2024-12-31T23:59:59.000Z');
  t.is(read(syslog, 'Jan  1 00:00:01 combo cron[1]: tock', mtime)?.ts, '2025-01-01T00:00:01.000Z');
  t.is(read(syslog, 'Feb 30 00:00:01 combo cron[1]: no such day', mtime), null);
  t.false(syslog.levels, 'no level group: every entry INFO');
  t.is(read(syslog, SYSLOG.samples[2])?.level, 'INFO');
});

test('levels: the map first (any case), then level words, letters and syslog digits; an unknown word is malformed', (t) => {
  const f = buildRegexFormat(regex('mapped', { regex: '^(?<time>\\S+) (?<level>\\S+) (?<message>.*)', levels: { SEVERE: 'ERROR', oops: 'FATAL', I: 'WARN' } }));
  const level = (word: string): string | undefined => read(f, `2024-01-24T10:15:32Z ${word} m`)?.level;
  t.is(level('severe'), 'ERROR');
  t.is(level('OOPS'), 'FATAL');
  t.is(level('I'), 'WARN', 'the map wins over the letter');
  t.is(level('E'), 'ERROR');
  t.is(level('Warning'), 'WARN');
  t.is(level('3'), 'ERROR');
  t.is(level('7'), 'DEBUG');
  t.is(level('8'), undefined);
  t.is(level('LOUD'), undefined);
});

test('memory and cpu groups, and figures found in the message', (t) => {
  const f = buildRegexFormat(regex('res', { regex: '^(?<time>\\S+) (?<host>\\S+) mem=(?<memory>\\S+) cpu=(?<cpu>\\S+) (?<message>.*)' }));
  t.like(read(f, '2024-01-24T10:15:32.123Z web-1 mem=512MB cpu=37.5% GC pause took 12ms'), { mem: 512, cpu: 37.5, rt: 12, request: true, message: 'GC pause took 12ms' });
  t.like(read(f, '2024-01-24T10:15:32.123Z web-1 mem=1.5GB cpu=3 x'), { mem: 1536, cpu: 3 });
  t.like(read(f, '2024-01-24T10:15:32.123Z web-1 mem=2048 cpu=n/a x'), { mem: 2048, cpu: NaN });
  t.like(read(f, '2024-01-24T10:15:32.123Z web-1 mem=lots cpu=5% x'), { mem: NaN, cpu: 5 });
  t.false(f.levels);
});

test('the message: a group in the middle (its text kept for errors), or what follows the match', (t) => {
  const mid = buildRegexFormat(regex('mid', { regex: '^(?<time>\\S+) \\[(?<message>[^\\]]*)\\] (?<level>\\w+)' }));
  t.like(read(mid, '2024-01-24T10:15:32Z [Upstream call took 250ms] ERROR tail'), { level: 'ERROR', rt: 250, message: 'Upstream call took 250ms' });
  t.like(read(mid, '2024-01-24T10:15:32Z [café: 5 retries] FATAL'), { message: 'café: 5 retries' });
  const rest = buildRegexFormat(regex('rest', { regex: '(?<time>\\S+) (?<level>\\w+)' }));
  t.like(read(rest, '2024-01-24T10:15:32Z ERROR   Database connection failed  '), { level: 'ERROR', message: 'Database connection failed' });
});

test('non-ASCII in the regex matches the line\'s UTF-8 bytes; inside a class it is refused, saying what to write', (t) => {
  const f = buildRegexFormat(regex('micro', { regex: '^(?<time>\\S+) (?<level>\\w+) durée (?<response_time>\\d+)µs', response_time_unit: 'us' }));
  t.like(read(f, '2024-01-24T10:15:32Z INFO durée 1500µs'), { rt: 1.5, request: true });
  t.is(latin1Source('a\\µ'), 'a(?:\\xc2\\xb5)');
  t.is(latin1Source('[a-z\\]]é'), '[a-z\\]](?:\\xc3\\xa9)');
  const err = t.throws(() => latin1Source('[µ]'), { instanceOf: DefinitionError });
  t.is(err?.key, '/regex');
  t.regex(err?.message ?? '', /inside \[\.\.\.\].*write \(\?:µ\|\.\.\.\) instead/);
});

test('a bad definition says which key is wrong and how to fix it', (t) => {
  const bad = (rest: Omit<FormatDefinition, 'name' | 'kind'>, key: string, message: RegExp): void => {
    const err = t.throws(() => buildRegexFormat(regex('bad', rest)), { instanceOf: DefinitionError });
    t.is(err?.key, key, err?.message);
    t.regex(err?.message ?? '', message);
  };
  bad({ regex: '^(?<time>\\S+' }, '/regex', /not a JavaScript regular expression: .*Unterminated group/);
  bad({ regex: '^(?<ts>\\S+) (?<message>.*)' }, '/regex', /has no \(\?<time>\.\.\.\) group; every entry needs a time/);
  bad({ regex: 42 }, '/regex', /must be a regular expression/);
  bad({ regex: '^(?<time>\\S+)', time: 'yyyy-QQ-dd' }, '/time', /\S/);
  bad({ regex: '^(?<time>\\S+)', levels: { SEVERE: 'LOUD' } }, '/levels', /'LOUD' \(for 'SEVERE'\) is not a level; use one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL/);
  bad({ regex: '^(?<time>\\S+)', response_time_unit: 'min' }, '/response_time_unit', /'min' is not a unit; use one of ms, s, us/);
});

test('explain: why a line is not an entry, for the loader\'s message about a sample', (t) => {
  t.regex(spark.explain('nothing like it') ?? '', /the regex does not match it/);
  t.regex(spark.explain('17/13/09 20:10:40 INFO a: b') ?? '', /its time '17\/13\/09 20:10:40' does not read as time layout 'yy\/MM\/dd HH:mm:ss'/);
  t.regex(spark.explain('17/06/09 20:10:40 LOUD a: b') ?? '', /its level 'LOUD' is not a level; map it in "levels", e.g. "levels": \{"LOUD": "ERROR"\}/);
  t.is(spark.explain(SPARK.samples[0]), undefined);
});

test('any bytes: a boolean, never a throw', (t) => {
  const rec = new LineRecord();
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
      for (const f of [spark, hdfs, access, syslog]) t.is(typeof f.parse(bytes, 0, bytes.length, rec), 'boolean');
    }),
    { numRuns: 500 },
  );
  // the samples with garbage spliced in
  for (const line of [...SPARK.samples, ...ACCESS.samples]) {
    const b = Buffer.from(line);
    for (let i = 0; i < b.length; i += 7) {
      const g = Buffer.from(b);
      g[i] = 0xff;
      t.is(typeof spark.parse(g, 0, g.length, rec), 'boolean');
      t.is(typeof access.parse(g, i, g.length, rec), 'boolean');
    }
  }
});

test('a stack trace after an entry: continuation lines, the error\'s message the first line\'s', (t) => {
  const text = [
    '17/06/09 20:11:11 ERROR executor.Executor: Exception in task 0.0 in stage 1.0 (TID 7)',
    'java.io.IOException: Connection reset by peer',
    '\tat sun.nio.ch.FileDispatcherImpl.read0(Native Method)',
    '\t... 12 more',
    '17/06/09 20:11:12 INFO executor.Executor: Finished task 1.0 in stage 1.0 (TID 8)',
    'not an entry',
    '',
  ].join('\n');
  const figures = scanSlices(spark, [Buffer.from(text)]);
  t.is(figures.entries, 2);
  t.is(figures.continuation_lines, 3);
  t.is(figures.malformed_lines, 1);
  t.is(figures.top_errors[0]?.message, 'Exception in task #.# in stage #.# (TID #)');
});

// every promise of a format module, for regex formats defined in a registry of their own (as --format-file does)
// (a definition has no look-alikes: the test gives each some, lines a user's regex must not take)
const LOOKALIKES: Record<string, string[]> = {
  'spark-regex': ['17/06/09 20:10:40 LOUD executor.Executor: not a level', '2017/06/09 20:10:40 INFO a: four-digit year'],
  'hdfs-regex': ['081309 203615 148 INFO dfs.DataNode: month 13', '081109 203615 INFO dfs.DataNode: no pid'],
  'access-us': ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326', '127.0.0.1 - - [32/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 5'],
  'syslog-regex': ['Jun 14 15:16 combo sshd[1]: no seconds', 'Foo 14 15:16:01 combo sshd[1]: no month'],
};
const registry = new FormatRegistry();
for (const def of [SPARK, HDFS, ACCESS, SYSLOG]) formatModuleTests(test, { ...registry.define(def), lookalikes: LOOKALIKES[def.name] }, registry);
