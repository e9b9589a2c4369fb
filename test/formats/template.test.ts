/** Inline templates and template definitions (src/formats/user/template.ts): each construct, the ZooKeeper example, bad templates, definitions as data. */
import test from 'ava';
import fc from 'fast-check';
import {
  buildTemplate,
  compileMatcher,
  compileTimeLayout,
  type FormatDefinition,
  FormatRegistry,
  formats,
  LEVEL_NAMES,
  LineRecord,
  type LogFormat,
  parseTemplate,
  readingOf,
  templateDefinition,
  TIME_LAYOUTS,
  UnknownFormatError,
  writeTemplate,
  YearGuess,
} from '../../src/internal.js';
import { formatModuleTests, scanSlices } from './helpers.js';

interface Read {
  ts: string;
  level: string;
  message: string;
  rt?: number;
  mem?: number;
  cpu?: number;
  request?: boolean;
}

/** The line as `format` reads it, or null when it is not an entry. */
function read(format: LogFormat, line: string): Read | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!format.parse(b, 0, b.length, rec)) return null;
  const out: Read = { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], message: b.subarray(rec.msgStart, rec.msgEnd).toString('utf8') };
  if (!Number.isNaN(rec.rt)) out.rt = rec.rt;
  if (!Number.isNaN(rec.mem)) out.mem = rec.mem;
  if (!Number.isNaN(rec.cpu)) out.cpu = rec.cpu;
  if (rec.request) out.request = true;
  return out;
}

function tpl(template: string, extra: Partial<FormatDefinition> = {}): LogFormat {
  return buildTemplate({ name: 'mine', kind: 'template', template, ...extra });
}

// ZooKeeper (loghub, Zookeeper/Zookeeper_2k.log): log4j `%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n`.
const ZOOKEEPER = [
  '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
  '2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307',
  '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
  '2015-07-29 19:13:24,282 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = 1, error = ',
];

test("the issue's example: --format 'template:{time} - {level} [{thread}] - {message}' on ZooKeeper lines", (t) => {
  const def = formats.fromSpec('template:{time} - {level} [{thread}] - {message}');
  t.deepEqual(def, { name: 'template', kind: 'template', template: '{time} - {level} [{thread}] - {message}' });
  const f = formats.resolve('template', def);
  t.is(f.levels, true);
  t.true(f.multiline);
  t.deepEqual(read(f, ZOOKEEPER[0]), { ts: '2015-07-29T17:41:44.747Z', level: 'INFO', message: 'Notification time out: 3200' });
  t.deepEqual(read(f, ZOOKEEPER[1]), { ts: '2015-07-29T19:04:12.394Z', level: 'INFO', message: 'Received connection request /10.10.34.11:45307' });
  t.deepEqual(read(f, ZOOKEEPER[2]), { ts: '2015-07-29T19:04:29.071Z', level: 'WARN', message: 'Send worker leaving thread' });
  t.deepEqual(read(f, ZOOKEEPER[3]), { ts: '2015-07-29T19:13:24.282Z', level: 'WARN', message: 'Connection broken for id 188978561024, my id = 1, error =' });
  t.is(read(f, '2015-07-29 17:41:44,747 - INFO  QuorumPeer - no brackets'), null);
  // Without a layout the format is fitted to each file: the lease carries the layout found.
  t.deepEqual(f.fit?.(Buffer.from(ZOOKEEPER.join('\n') + '\n'), formats), { ...def, time: 'iso8601' });
});

test("the thread's span keeps its inner brackets: a field ends where the whole literal after it matches", (t) => {
  const m = compileMatcher({ parts: parseTemplate('{time} - {level} [{thread}] - {message}'), layout: compileTimeLayout('iso8601'), auto: [], levels: new Map() });
  const b = Buffer.from(ZOOKEEPER[0]);
  t.true(m.parse(b, 0, b.length, new LineRecord(), null));
  t.deepEqual(m.fieldNames, ['thread']);
  t.is(b.subarray(m.fieldSpans[0], m.fieldSpans[1]).toString(), 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774');
});

test('{level}: words, letters, syslog severities 0–7, the definition\'s level map (case-insensitive)', (t) => {
  const f = tpl('{time} {level} {message}', { levels: { SEVERE: 'ERROR', Fine: 'debug', '致命': 'FATAL' } });
  const lvl = (s: string): string | undefined => read(f, `2024-01-24 10:15:32 ${s} hello`)?.level;
  t.is(lvl('INFO'), 'INFO');
  t.is(lvl('warning'), 'WARN');
  t.is(lvl('Information'), 'INFO');
  t.is(lvl('E'), 'ERROR');
  t.is(lvl('W'), 'WARN');
  t.is(lvl('V'), 'TRACE');
  t.is(lvl('3'), 'ERROR');
  t.is(lvl('0'), 'FATAL');
  t.is(lvl('7'), 'DEBUG');
  t.is(lvl('8'), undefined, 'no severity 8');
  t.is(lvl('severe'), 'ERROR', 'the map, any case');
  t.is(lvl('FINE'), 'DEBUG');
  t.is(lvl('致命'), 'FATAL');
  t.is(lvl('NOTALEVEL'), undefined, 'an unknown word makes the line malformed');
  t.is(lvl('x'), undefined);
  // Bracketed and padded levels.
  const b = tpl('{time} [{level}] {message}');
  t.is(read(b, '2024-01-24 10:15:32 [WARN ] hello')?.level, 'WARN');
  t.is(read(b, '2024-01-24 10:15:32 [WARN]   hello')?.message, 'hello');
  // A level letter glued to the time, klog-style.
  const k = tpl('{level}{time:MMdd HH:mm:ss.SSSSSS} {pid} {source}] {message}');
  t.deepEqual(read(k, 'I0101 10:15:32.123456    1234 main.go:42] Starting server'), { ts: `${new Date().getUTCFullYear()}-01-01T10:15:32.123Z`, level: 'INFO', message: 'Starting server' });
});

test('{message}: the rest of the line, or up to the next literal; figures in it are found', (t) => {
  const f = tpl('{time} {level} {message}');
  t.deepEqual(read(f, '2024-01-24 10:15:32.123 INFO Request processed in 127ms'), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'INFO',
    message: 'Request processed in 127ms',
    rt: 127,
    request: true,
  });
  t.deepEqual(read(f, '2024-01-24 10:15:32.123 WARN Memory usage: 512MB, cpu usage=37.5%  '), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'WARN',
    message: 'Memory usage: 512MB, cpu usage=37.5%',
    mem: 512,
    cpu: 37.5,
  });
  t.deepEqual(read(f, '2024-01-24 10:15:32.123 ERROR'), { ts: '2024-01-24T10:15:32.123Z', level: 'ERROR', message: '' }, 'an empty message');
  const mid = tpl('{time} <{message}> {level}');
  t.deepEqual(read(mid, '2024-01-24 10:15:32 <disk full> ERROR'), { ts: '2024-01-24T10:15:32.000Z', level: 'ERROR', message: 'disk full' });
  t.is(read(mid, '2024-01-24 10:15:32 <disk full> ERROR trailing'), null, 'text after the last placeholder');
});

test('a space matches one or more spaces or tabs', (t) => {
  const f = tpl('{time} | {level} | {message}');
  t.is(read(f, '2024-01-24 10:15:32 | INFO | a')?.message, 'a');
  t.is(read(f, '2024-01-24 10:15:32\t|    INFO\t \t| a')?.message, 'a');
  t.is(read(f, '2024-01-24 10:15:32|INFO | a'), null, 'at least one');
});

test('{response_time} in ms, s or us; {status} makes a request and gives the level; {memory}, {cpu}', (t) => {
  const access = tpl('{ip} [{time:dd/MMM/yyyy:HH:mm:ss Z}] "{request}" {status} {bytes} {response_time:s}');
  t.deepEqual(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 0.105'), {
    ts: '2024-01-24T10:15:33.000Z',
    level: 'INFO',
    message: '',
    rt: 105,
    request: true,
  });
  t.is(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 404 0 0.001')?.level, 'WARN');
  t.is(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 503 0 1.5')?.level, 'ERROR');
  t.is(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 503 0 -')?.rt, undefined, "'-': no response time");
  t.is(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 2000 0 1'), null, 'a status has 3 digits');
  t.is(read(access, '10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 099 0 1'), null);
  t.is(access.levels, true, 'a status gives levels');
  t.is(read(tpl('{time} {response_time}'), '2024-01-24 10:15:32 42')?.rt, 42, 'ms by default');
  t.is(read(tpl('{time} {response_time:us}us'), '2024-01-24 10:15:32 1500us')?.rt, 1.5);
  t.is(read(tpl('{time} {response_time:ms}'), '2024-01-24 10:15:32 fast'), null, 'not a number');
  const figs = tpl('{time} mem={memory:KB} cpu={cpu}% {message}');
  t.deepEqual(read(figs, '2024-01-24 10:15:32 mem=2048 cpu=12.5% took 3s'), { ts: '2024-01-24T10:15:32.000Z', level: 'INFO', message: 'took 3s', mem: 2, cpu: 12.5, rt: 3000, request: true });
  t.is(read(tpl('{time} {memory:GB}'), '2024-01-24 10:15:32 1.5')?.mem, 1536);
  t.is(read(tpl('{time} {memory:B}'), '2024-01-24 10:15:32 1048576')?.mem, 1);
  // A field wins over the message's figure.
  t.is(read(tpl('{time} {response_time} {message}'), '2024-01-24 10:15:32 5 took 300ms')?.rt, 5);
});

test('a template without {level} has no levels: every entry INFO', (t) => {
  const f = tpl('[{time:MM.dd HH:mm:ss}] {program} - {message}');
  t.is(f.levels, false);
  // Proxifier (loghub, Proxifier/Proxifier_2k.log).
  const r = read(f, '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS');
  t.is(r?.level, 'INFO');
  t.is(r?.message, 'proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS');
});

test('a year-less layout takes the year of the file (parserFor)', (t) => {
  const f = tpl('{time:MMM d HH:mm:ss} {host} {message}');
  t.truthy(f.parserFor);
  const parse = readingOf(f, { mtimeMs: Date.UTC(2024, 0, 1, 6) }).parse;
  const rec = new LineRecord();
  const line = Buffer.from('Dec 31 23:59:01 combo sshd: closed');
  t.true(parse(line, 0, line.length, rec));
  t.is(new Date(rec.ts).toISOString(), '2023-12-31T23:59:01.000Z');
  t.is(tpl('{time:iso8601} {message}').parserFor, undefined, 'a layout with a year needs no file');
  t.true(new YearGuess({ mtimeMs: 0 }) instanceof YearGuess);
});

test('the layout: {time:LAYOUT}, the "time" key, chosen from the samples, or fitted per file', (t) => {
  const line = '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]'; // Spark (loghub)
  const inline = tpl('{time:yy/MM/dd HH:mm:ss} {level} {logger}: {message}');
  const byKey = tpl('{time} {level} {logger}: {message}', { time: 'yy/MM/dd HH:mm:ss' });
  const bySamples = tpl('{time} {level} {logger}: {message}', { samples: [line] });
  const perLine = tpl('{time} {level} {logger}: {message}');
  for (const f of [inline, byKey, bySamples, perLine]) {
    t.deepEqual(read(f, line), { ts: '2017-06-09T20:10:40.000Z', level: 'INFO', message: 'Registered signal handlers for [TERM, HUP, INT]' });
  }
  t.is(bySamples.fit, undefined, 'the samples chose the layout');
  t.deepEqual(perLine.fit?.(Buffer.from(`${line}\n${line}\n`), formats)?.time, 'yy/MM/dd HH:mm:ss');
  t.is(perLine.fit?.(Buffer.from('nothing of the kind\n'), formats), undefined);
  // The longer of two catalogue layouts that share a start.
  const us = tpl('{time} {message}', { samples: ['2024/01/24 10:15:32.123456 listening on :8080'] }); // Go log with Lmicroseconds
  t.is(read(us, '2024/01/24 10:15:32.123456 listening on :8080')?.ts, '2024-01-24T10:15:32.123Z');
});

test('bad templates and definitions: an Error saying what is wrong and the fix', (t) => {
  const bad = (template: string, extra: Partial<FormatDefinition> = {}): string => {
    const err = t.throws(() => tpl(template, extra));
    return err?.message ?? '';
  };
  t.regex(bad('{level} {message}'), /no \{time\}: every entry needs a time/);
  t.regex(bad('{time} {level'), /'\{' at 8 is not closed/);
  t.regex(bad('{time} {le vel}'), /a placeholder is \{name\}/);
  t.regex(bad('{time} {thread}{message}'), /\{thread\} is followed by \{message\} with nothing between/);
  t.regex(bad('{time} {thread:x} {message}'), /only \{time:LAYOUT\}/);
  t.regex(bad('{time} {response_time:min}'), /the unit is ms, s or us/);
  t.regex(bad('{time} {memory:TB}'), /the unit is MB, KB, GB or B/);
  t.regex(bad('{time} {level} {level}'), /\{level\} appears twice/);
  t.regex(bad('{time:yyyy-MM-dd QQ} {message}'), /unknown token 'QQ'/);
  t.regex(bad('{time:yyyy} {message}'), /time layout 'yyyy': a layout needs a date/);
  t.regex(bad('{time:iso8601} {message}', { time: 'epoch' }), /give the layout once/);
  t.regex(bad('{time} {level} {message}', { levels: { SEVERE: 'BAD' } }), /'SEVERE' → 'BAD': 'BAD' is not a level; use one of TRACE, DEBUG/);
  t.regex(bad('{time:iso8601} {level} {message}', { samples: ['2024-01-24 10:15:32 NOPE x'] }), /the sample '2024-01-24 10:15:32 NOPE x' does not match/);
  t.regex(bad('{time} {level} {message}', { samples: ['yesterday INFO x'] }), /no time layout of the catalogue .* give one as \{time:LAYOUT\}/);
  t.regex(bad('', {}), /"template" must be a non-empty string/);
  t.regex(bad('{time}', { levels: ['ERROR'] as unknown as Record<string, string> }), /"levels" must map words to levels/);
  t.regex(bad('{time}', { samples: 'x' as unknown as string[] }), /"samples" must be an array/);
  // Through --format: the value is named.
  const err = t.throws(() => formats.fromSpec('template:{level} {message}'), { instanceOf: UnknownFormatError });
  t.regex(err?.message ?? '', /^--format 'template:\{level\} \{message\}': .*no \{time\}/);
});

test('a definition round-trips through JSON and builds the same format', (t) => {
  const def: FormatDefinition = {
    name: 'zk',
    kind: 'template',
    template: '{time} - {level} [{thread}] - {message}',
    time: 'yyyy-MM-dd HH:mm:ss,SSS',
    levels: { SEVERE: 'ERROR' },
    samples: ZOOKEEPER,
  };
  const copy = JSON.parse(JSON.stringify(def)) as FormatDefinition;
  const r = new FormatRegistry();
  t.is(r.resolve('zk', copy), r.resolve('zk', def), 'one build per definition');
  const a = buildTemplate(def);
  const b = buildTemplate(copy);
  const text = Buffer.from([...ZOOKEEPER, 'java.io.EOFException: x', '\tat Foo.bar(Foo.java:1)', 'junk'].join('\n') + '\n');
  t.deepEqual(scanSlices(b, [text]), scanSlices(a, [text]));
  const figures = scanSlices(a, [text]);
  t.is(figures.entries, 4);
  t.is(figures.continuation_lines, 2, 'a stack trace continues the entry before it');
  t.is(figures.malformed_lines, 1);
});

test('templates write back as they were given', (t) => {
  for (const s of ['{time} - {level} [{thread}] - {message}', '{{literal}} {time:yyyy-MM-dd HH:mm:ss} {message}']) t.is(writeTemplate(parseTemplate(s)), s);
  t.deepEqual(parseTemplate('a{{b}}{x:y:z}'), [
    { kind: 'literal', text: 'a{b}' },
    { kind: 'placeholder', name: 'x', arg: 'y:z' },
  ]);
});

test('no template throws on any bytes', (t) => {
  const fs = [
    tpl('{time} - {level} [{thread}] - {message}'),
    tpl('{ip} [{time:dd/MMM/yyyy:HH:mm:ss Z}] "{request}" {status} {bytes} {response_time:s}'),
    tpl('{level}{time:MMdd HH:mm:ss.SSSSSS} {pid} {source}] {message}'),
    tpl('{time:epoch} {memory} {cpu} {_}|{_}|{message}'),
  ];
  const rec = new LineRecord();
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.stringMatching(/^[0-9 :./\-+,[\]|"IWE]{0,60}$/).map((s) => Buffer.from(s))), (bytes) => {
      for (const f of fs) {
        rec.reset();
        if (f.parse(bytes, 0, bytes.length, rec) && !(rec.msgStart <= rec.msgEnd && rec.msgEnd <= bytes.length)) return false;
      }
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

// Built templates held to what every format module promises, each defined in a registry of its own next to the built-ins.
const MODULES: FormatDefinition[] = [
  templateDefinition('{time} - {level} [{thread}] - {message}', 'zookeeper-template'),
  {
    name: 'spark-template',
    kind: 'template',
    template: '{time} {level} {logger}: {message}',
    // Spark (loghub, Spark/Spark_2k.log): log4j `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n`.
    samples: [
      '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]',
      '17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi',
      '17/06/09 20:10:41 INFO spark.SecurityManager: SecurityManager: authentication disabled; ui acls disabled; users with view permissions: Set(yarn, curi); users with modify permissions: Set(yarn, curi)',
    ],
  },
  {
    name: 'healthapp-template',
    kind: 'template',
    template: '{time}|{component}|{pid}|{message}',
    time: 'yyyyMMdd-HH:mm:ss:SSS',
    // HealthApp (loghub, HealthApp/HealthApp_2k.log).
    samples: [
      '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579',
      '20171223-22:15:29:615|Step_StandReportReceiver|30002312|onReceive action: android.intent.action.SCREEN_ON',
      '20171223-22:15:29:633|Step_StandStepCounter|30002312|flush sensor data',
    ],
  },
];
const LOOKALIKES: Record<string, string[]> = {
  'zookeeper-template': ['2015-07-29 17:41:44,747 - NOTE  [main] - not a level', '2015-07-29 17:41:44 INFO  [main] - no separator'],
  'spark-template': ['17/06/09 20:10:40 INFO no logger colon', '17/13/09 20:10:40 INFO spark.SecurityManager: month 13'],
  'healthapp-template': ['20171223-22:15:29|Step_LSC|30002312|no milliseconds', '20171223-22:15:29:606|Step_LSC'],
};
const zkSamples = { ...MODULES[0], samples: ZOOKEEPER };
for (const def of [zkSamples, MODULES[1], MODULES[2]]) {
  const r = new FormatRegistry();
  formatModuleTests(test, { ...r.define(def), lookalikes: LOOKALIKES[def.name] }, r);
}

test('template formats are listed with their title', (t) => {
  t.is(tpl('{time} {message}').title, 'template {time} {message}');
  t.true(TIME_LAYOUTS.length > 10);
});
