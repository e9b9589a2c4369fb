/** Layout inference (src/formats/infer.ts): the timestamp, the level, the message start, on real public samples and on hand-written files of each layout. */
import test from 'ava';
import {
  buildTemplate,
  describeTemplate,
  type FormatDefinition,
  formats,
  inferLayout,
  LEVEL_NAMES,
  LineRecord,
  TIME_LAYOUTS,
} from '../../src/internal.js';
import { scanSlices } from './helpers.js';

interface Counted {
  entries: number;
  malformed: number;
  continuation: number;
  levels: Record<string, number>;
}

/** The lines as the definition reads them: entries and level counts (LineRecord per line), and the scanner's figures. */
function readAll(def: FormatDefinition, text: string): Counted {
  const f = buildTemplate(def);
  const levels: Record<string, number> = {};
  const rec = new LineRecord();
  for (const line of text.split('\n')) {
    const b = Buffer.from(line);
    rec.reset();
    if (b.length > 0 && f.parse(b, 0, b.length, rec)) levels[LEVEL_NAMES[rec.level]] = (levels[LEVEL_NAMES[rec.level]] ?? 0) + 1;
  }
  const fig = scanSlices(f, [Buffer.from(text)]);
  return { entries: fig.entries, malformed: fig.malformed_lines, continuation: fig.continuation_lines, levels };
}

/** n lines made from the templates by `make(i)`, joined. */
function file(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => make(i)).join('\n') + '\n';
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

// --- the targets: real public samples of loghub (https://github.com/logpai/loghub), the lines of the issue, varied in time and content as the systems vary them

const PROXIFIER = [
  'chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
  'chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime <1 sec',
  'chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 403 bytes sent, 426 bytes received, lifetime <1 sec',
  'Dropbox.exe - block.dropbox.com:443 error : Could not connect to proxy proxy.cse.cuhk.edu.hk:5070 - Could not resolve proxy.cse.cuhk.edu.hk error 11001',
];

test('Proxifier: [MM.dd HH:mm:ss], no level', (t) => {
  const text = file(400, (i) => `[10.${pad(30 + (i >> 8))} 16:${pad(49 + ((i >> 6) % 10))}:${pad(i % 60)}] ${PROXIFIER[i % 4]}`.replace('10.31', '10.31'));
  const def = inferLayout(Buffer.from(text));
  t.deepEqual(def, { name: 'inferred', kind: 'template', template: '[{time:MM.dd HH:mm:ss}] {message}' });
  const got = readAll(def as FormatDefinition, text);
  t.is(got.entries, 400);
  t.deepEqual(got.levels, { INFO: 400 });
  t.is(buildTemplate(def as FormatDefinition).levels, false, 'files[].levels: false');
  const d = formats.detect(Buffer.from(text));
  t.is(d.name, 'inferred');
  t.true(d.inferred);
  t.true(d.share >= 0.99);
});

// BGL: label (- or an alert tag), epoch, date, node, time, node, RAS, component, level, message.
const BGL = [
  ['-', 'R02-M1-N0-C:J12-U11', 'KERNEL', 'INFO', 'instruction cache parity error corrected'],
  ['KERNDTLB', 'R30-M0-N9-C:J16-U01', 'KERNEL', 'FATAL', 'data TLB error interrupt'],
  ['APPREAD', 'R04-M1-N4-I:J18-U11', 'APP', 'FATAL', 'ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33370'],
  ['-', 'R25-M0-N7-C:J02-U01', 'KERNEL', 'INFO', 'generating core.2275'],
  ['-', 'UNKNOWN_LOCATION', 'DISCOVERY', 'ERROR', 'Node card status: no ALERTs are active. Clock Mode is Low.'],
  ['-', 'R35-M1-L3', 'DISCOVERY', 'WARNING', 'Node card VPD check: missing U11 node'],
  ['-', 'R23-M0-NE-C:J05-U01', 'KERNEL', 'SEVERE', 'rts tree/torus link training failed: wanted: B C X+ X- Y+ Y- Z+ Z- got: B C X+ X- Y+ Y- Z-'],
  ['APPREAD', 'R22-M0-N0-C:J08-U11', 'KERNEL', 'FAILURE', 'link failed'],
  ['-', 'R02-M1-N0-C:J12-U11', 'KERNEL', 'INFO', 'CE sym 2, at 0x0b85eee0, mask 0x05'],
];
const BGL_LEVELS: Record<string, string> = { INFO: 'INFO', FATAL: 'FATAL', ERROR: 'ERROR', WARNING: 'WARN', SEVERE: 'ERROR', FAILURE: 'ERROR' };

function bglLine(i: number): string {
  const [label, node, comp, level, msg] = BGL[i % BGL.length];
  const ts = 1117838570 + i * 7;
  const d = new Date(ts * 1000);
  const date = `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
  const time = `${date.replace(/\./g, '-')}-${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}.${pad((i * 7919) % 1000000, 6)}`;
  return `${label} ${ts} ${date} ${node} ${time} ${node} RAS ${comp} ${level} ${msg}`;
}

test('BGL: epoch seconds in column 2, the level in column 9 (FAILURE as ERROR)', (t) => {
  const text = file(600, bglLine);
  const def = inferLayout(Buffer.from(text));
  t.deepEqual(def, { name: 'inferred', kind: 'template', template: '{_} {time:epoch} {_} {_} {_} {_} {_} {_} {level} {message}' });
  const got = readAll(def as FormatDefinition, text);
  t.is(got.entries, 600);
  // The independent count: column 9 of each line.
  const expected: Record<string, number> = {};
  for (const line of text.trim().split('\n')) {
    const l = BGL_LEVELS[line.split(' ')[8]];
    expected[l] = (expected[l] ?? 0) + 1;
  }
  t.deepEqual(got.levels, expected);
  t.is(formats.detect(Buffer.from(text)).name, 'inferred');
  const rec = new LineRecord();
  const b = Buffer.from(bglLine(0));
  t.true(buildTemplate(def as FormatDefinition).parse(b, 0, b.length, rec));
  t.is(new Date(rec.ts).toISOString(), '2005-06-03T22:42:50.000Z');
  t.is(b.subarray(rec.msgStart, rec.msgEnd).toString(), 'instruction cache parity error corrected');
});

// HPC: LogId, node, component, state, epoch, flag, message.
const HPC = [
  ['node-246', 'unix.hw', 'state_change.unavailable', '1', 'Component State Change: Component \\042SCSI-WWID:01000010:6005-08b4-0001-00c6-0006-3000-003d-0000\\042 is in the unavailable state (HWID=1973)'],
  ['node-109', 'unix.hw', 'net.niff.up', '1', 'NIFF: node node-109 has detected an available network connection on network 5.5.224.0 via interface alt0'],
  ['gige7', 'gige', 'boot.bios', '1', 'boot (command 2618) Error: Unable to contact node'],
  ['node-154', 'action', 'start', '1', 'clusterAddMember  (command 1902)'],
];

test('HPC: epoch seconds in column 5, no level', (t) => {
  const text = file(500, (i) => {
    const [node, comp, state, flag, msg] = HPC[i % HPC.length];
    return `${134681 + i * 3} ${node} ${comp} ${state} ${1077804742 + i * 11} ${flag} ${msg}`;
  });
  const def = inferLayout(Buffer.from(text));
  t.deepEqual(def, { name: 'inferred', kind: 'template', template: '{_} {_} {_} {_} {time:epoch} {message}' });
  const got = readAll(def as FormatDefinition, text);
  t.is(got.entries, 500);
  t.deepEqual(got.levels, { INFO: 500 });
  t.is(formats.detect(Buffer.from(text)).name, 'inferred');
});

const HEALTH = [
  'Step_LSC|30002312|onStandStepChanged 3579',
  'Step_StandReportReceiver|30002312|onReceive action: android.intent.action.SCREEN_ON',
  'Step_LSC|30002312|processHandleBroadcastAction action:android.intent.action.SCREEN_ON',
  'Step_StandStepCounter|30002312|flush sensor data',
  'Step_SPUtils|30002312| getTodayTotalDetailSteps = 1514038440000##6993##548365##8661##12266##27164404',
];

test('HealthApp: yyyyMMdd-H:m:s:n (unpadded fields), then | columns, no level', (t) => {
  const text = file(500, (i) => `20171223-22:${pad(15 + (i >> 7))}:${pad((i >> 1) % 60)}:${pad((i * 37) % 1000, 3)}|${HEALTH[i % HEALTH.length]}`);
  const def = inferLayout(Buffer.from(text));
  t.deepEqual(def, { name: 'inferred', kind: 'template', template: '{time:yyyyMMdd-H:m:s:n}|{message}' });
  t.is(readAll(def as FormatDefinition, text).entries, 500);
  t.is(formats.detect(Buffer.from(text)).name, 'inferred');
  // as the real file has them: milliseconds unpadded (`:11` is 11 ms), CRLF line ends
  const real = file(500, (i) => `20171223-22:${15 + (i >> 8)}:${i % 60}:${(i * 37) % 1000}|${HEALTH[i % HEALTH.length]}\r`);
  const found = formats.detect(Buffer.from(real));
  t.is(found.name, 'inferred');
  t.is(readAll(found.def as FormatDefinition, real).entries, 500);
});

const THUNDERBIRD = [
  'dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
  'dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session opened for user root by (uid=0)',
  'dn261 Nov 9 12:01:01 dn261/dn261 crond[2907]: (root) CMD (run-parts /etc/cron.hourly)',
  'an762 Nov 9 12:01:01 an762/an762 ntpd[21010]: synchronized to 10.100.20.250, stratum 3',
];

test('Thunderbird: epoch seconds in column 2 (the syslog time after it is message)', (t) => {
  const text = file(500, (i) => `${i % 9 === 0 ? 'VAPI' : '-'} ${1131566461 + i} 2005.11.09 ${THUNDERBIRD[i % THUNDERBIRD.length]}`);
  const def = inferLayout(Buffer.from(text));
  t.deepEqual(def, { name: 'inferred', kind: 'template', template: '{_} {time:epoch} {message}' });
  t.is(readAll(def as FormatDefinition, text).entries, 500);
  t.is(formats.detect(Buffer.from(text)).name, 'inferred');
});

// --- hand-written files: every catalogue layout with the level in several places

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A time written in a catalogue pattern (the tokens TIME_LAYOUTS uses). */
function write(pattern: string, d: Date): string {
  if (pattern === 'epoch') return String(Math.floor(d.getTime() / 1000));
  if (pattern === 'epoch_ms') return String(d.getTime());
  if (pattern === 'iso8601') return d.toISOString().replace('T', ' ').replace('.', ',').replace('Z', '');
  const h = d.getUTCHours();
  const v: Record<string, string> = {
    yyyy: String(d.getUTCFullYear()),
    yy: pad(d.getUTCFullYear() % 100),
    MMM: MONTHS[d.getUTCMonth()],
    MM: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    d: String(d.getUTCDate()),
    HH: pad(h),
    h: String(h % 12 === 0 ? 12 : h % 12),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    SSSSSS: pad(d.getUTCMilliseconds(), 3) + '456',
    SSS: pad(d.getUTCMilliseconds(), 3),
    n: String(d.getUTCMilliseconds()),
    H: String(h),
    m: String(d.getUTCMinutes()),
    s: String(d.getUTCSeconds()),
    EEE: DAYS[d.getUTCDay()],
    Z: '+0000',
    a: h < 12 ? 'AM' : 'PM',
  };
  return pattern.replace(/yyyy|yy|MMM|MM|dd|d|HH|H|h|mm|m|ss|s|SSSSSS|SSS|n|EEE|Z|a/g, (tok) => v[tok]);
}

const LEVELS = ['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG', 'INFO', 'FATAL'];
const LETTER: Record<string, string> = { INFO: 'I', WARN: 'W', ERROR: 'E', DEBUG: 'D', FATAL: 'F' };
const MESSAGES = ['Request processed in 127ms', 'cache warm', 'Database connection failed', 'user 42 logged in from 10.0.0.7', 'Memory usage: 512MB'];

const PLACES: { name: string; line: (time: string, level: string, i: number) => string; levels: boolean }[] = [
  { name: 'bare level after the time', line: (time, level, i) => `${time} ${level.padEnd(5)} ${MESSAGES[i % 5]}`, levels: true },
  { name: '[level] after a bracketed time', line: (time, level, i) => `[${time}] [${level}] ${MESSAGES[i % 5]}`, levels: true },
  { name: 'a letter after a pid', line: (time, level, i) => `${time} ${1000 + (i % 7)} ${LETTER[level]} worker-${i % 3}: ${MESSAGES[i % 5]}`, levels: true },
  { name: 'level: before the time', line: (time, level, i) => `${level}: ${time} ${MESSAGES[i % 5]}`, levels: true },
  { name: '| columns', line: (time, level, i) => `app-${i % 2}|${time}|${level}|${MESSAGES[i % 5]}`, levels: true },
  { name: 'no level', line: (time, _level, i) => `${time} host-${i % 4} ${MESSAGES[i % 5]}`, levels: false },
];

for (const { name, pattern } of TIME_LAYOUTS) {
  test(`hand-written files in layout ${name} (${pattern}): the time, the level where it stands, every line an entry`, (t) => {
    for (const place of PLACES) {
      const times: number[] = [];
      const counts: Record<string, number> = {};
      const text = file(300, (i) => {
        const d = new Date(Date.UTC(2023, 5, 14, 9, 59, 0) + i * 1_337_123);
        times.push(d.getTime());
        const level = LEVELS[i % LEVELS.length];
        const canonical = place.levels ? level : 'INFO';
        counts[canonical] = (counts[canonical] ?? 0) + 1;
        return place.line(write(pattern, d), level, i);
      });
      const def = inferLayout(Buffer.from(text));
      if (def === undefined) {
        t.fail(`${place.name}: nothing inferred`);
        continue;
      }
      const what = `${place.name}: ${String(def.template)}`;
      t.true(String(def.template).includes(`{time:${pattern}}`), what);
      t.is(String(def.template).includes('{level}'), place.levels, what);
      const got = readAll(def, text);
      t.is(got.entries, 300, what);
      t.deepEqual(got.levels, counts, what);
      // The first line's time, to the second (year-less layouts: the year of a file written now).
      const f = buildTemplate(def);
      const rec = new LineRecord();
      const first = Buffer.from(text.slice(0, text.indexOf('\n')));
      t.true(f.parse(first, 0, first.length, rec), what);
      const want = new Date(times[0]).toISOString().slice(pattern.includes('y') || !/^[MEd]/.test(pattern) ? 0 : 4, pattern.includes('ss') || pattern.startsWith('epoch') || pattern === 'iso8601' ? 19 : 10);
      t.true(new Date(rec.ts).toISOString().includes(want), `${what}: ${new Date(rec.ts).toISOString()} has ${want}`);
    }
  });
}

test('stack traces between entries are left out of the counts: they are continuation lines', (t) => {
  const text = file(300, (i) =>
    i % 10 === 5 ? (i % 20 === 5 ? 'java.lang.IllegalStateException: boom' : '\tat com.example.Foo.bar(Foo.java:42)') : `[10.30 16:49:${pad(i % 60)}] ${PROXIFIER[i % 4]}`,
  );
  const def = inferLayout(Buffer.from(text));
  t.is(def?.template, '[{time:MM.dd HH:mm:ss}] {message}');
  const got = readAll(def as FormatDefinition, text);
  t.is(got.entries, 270);
  t.is(got.continuation, 30);
  t.is(got.malformed, 0);
});

test('a few odd lines at the top do not hide the layout of the rest', (t) => {
  const header = file(10, (i) => `# exported by proxy tool, part ${i + 1} of the header`);
  const text = header + file(200, (i) => `[10.30 16:49:${pad(i % 60)}] ${PROXIFIER[i % 4]}`);
  const def = inferLayout(Buffer.from(text));
  t.is(def?.template, '[{time:MM.dd HH:mm:ss}] {message}');
});

test('nothing is inferred from lines without a time, or where no layout holds for 90 % of them', (t) => {
  t.is(inferLayout(Buffer.from(file(100, (i) => `just some words ${i} and more`))), undefined);
  t.is(inferLayout(Buffer.from('')), undefined);
  const mixed = file(100, (i) => (i % 4 === 0 ? `no time here ${i}` : `[10.30 16:49:06] ${PROXIFIER[i % 4]}`));
  t.is(inferLayout(Buffer.from(mixed)), undefined, '75 %');
  t.is(formats.detect(Buffer.from(mixed)).inferred, false);
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
  t.notThrows(() => inferLayout(junk));
});

test('describeTemplate: the --format value to copy', (t) => {
  t.is(describeTemplate({ name: 'inferred', kind: 'template', template: '[{time:MM.dd HH:mm:ss}] {message}' }), 'template:[{time:MM.dd HH:mm:ss}] {message}');
  // What inference prints reads the file by itself.
  const bgl = file(50, bglLine);
  const value = describeTemplate(inferLayout(Buffer.from(bgl)) as FormatDefinition);
  const def = formats.fromSpec(value) as FormatDefinition;
  t.deepEqual(readAll(def, bgl).levels, readAll(inferLayout(Buffer.from(bgl)) as FormatDefinition, bgl).levels);
  t.is(
    describeTemplate({ name: 'mine', kind: 'template', template: '{_} {time:epoch} {level} {message}', levels: { FAILURE: 'ERROR' } }),
    'template:{_} {time:epoch} {level} {message} (levels: {"FAILURE":"ERROR"})',
  );
});

test('inference on a 64 KiB sample takes about 10 ms', (t) => {
  let text = '';
  for (let i = 0; text.length < 64 * 1024; i++) text += bglLine(i) + '\n';
  const sample = Buffer.from(text).subarray(0, 64 * 1024);
  for (let i = 0; i < 5; i++) inferLayout(sample); // warm
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    inferLayout(sample);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  t.log(`median ${runs[3].toFixed(1)} ms`);
  // Generous: the machine running the tests is shared; the median on an idle core is what the log shows.
  t.true(runs[3] < 60, `median ${runs[3].toFixed(1)} ms`);
});
