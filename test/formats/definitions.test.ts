/**
 * `--format-file` definitions (src/run/format-files.ts): good files (one
 * definition, an array, LOGA_FORMATS' directory) go into the registry as
 * definitions a lease carries; every bad one is a FormatFileError (exit 2)
 * naming the file, the key and the fix, and adds nothing.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatFileError, formatFilesFromEnv, FormatRegistry, loadFormatFiles, readFormatFile, UsageError } from '../../src/internal.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-defs-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a definition file (JSON of `content`, or the text as is) and returns its path. */
function file(content: unknown, name = `def-${++files}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

// java.util.logging's SEVERE and a one-letter level, the example of a level map
const MYAPP = {
  name: 'myapp',
  title: 'my app: time | level | message',
  regex: '^(?<time>\\S+ \\S+) \\| (?<level>\\w+) \\| (?<message>.*)$',
  time: 'yyyy-MM-dd HH:mm:ss.SSS',
  levels: { SEVERE: 'ERROR', E: 'error' },
  samples: ['2024-01-24 10:15:32.123 | INFO | Request processed in 127ms', '2024-01-24 10:15:33.001 | SEVERE | Database connection failed', '2024-01-24 10:15:34.500 | E | Upstream timed out'],
};

test('a file of one regex definition: defined, listed first, carried as its definition (the level map canonical)', (t) => {
  const r = new FormatRegistry();
  const path = file(MYAPP);
  const defs = loadFormatFiles([path], r);
  const def = { name: 'myapp', kind: 'regex', title: MYAPP.title, regex: MYAPP.regex, time: MYAPP.time, levels: { SEVERE: 'ERROR', E: 'ERROR' }, samples: MYAPP.samples };
  t.deepEqual(defs, [def]);
  t.deepEqual(r.definitionOf('myapp'), def);
  t.is(r.names()[0], 'myapp');
  t.is(r.get('myapp')?.title, MYAPP.title);
  // detection picks it for a file of its lines, with the definition for the lease
  const found = r.detect(Buffer.from(MYAPP.samples.join('\n') + '\n'));
  t.is(found.name, 'myapp');
  t.deepEqual(found.def, def);
  // loading the same file again changes nothing
  t.deepEqual(loadFormatFiles([path], r), [def]);
  t.is(r.names().filter((n) => n === 'myapp').length, 1);
});

test('a file of an array of definitions defines each', (t) => {
  const r = new FormatRegistry();
  const other = { name: 'other', regex: '^(?<time>\\d{10}) (?<message>.*)', samples: ['1706091332 started'] };
  const defs = loadFormatFiles([file([MYAPP, other])], r);
  t.deepEqual(
    defs.map((d) => d.name),
    ['myapp', 'other'],
  );
  t.false(r.get('other')?.levels, 'no level group: no levels');
  t.deepEqual(r.names().slice(0, 2), ['myapp', 'other']);
});

test('LOGA_FORMATS: every *.json of the directory, sorted; unset, none; not a directory, a UsageError', (t) => {
  const d = join(dir, 'formats.d');
  mkdirSync(d);
  writeFileSync(join(d, 'b.json'), JSON.stringify({ ...MYAPP, name: 'bee' }));
  writeFileSync(join(d, 'a.json'), JSON.stringify({ ...MYAPP, name: 'ay' }));
  writeFileSync(join(d, 'notes.txt'), 'not a definition');
  writeFileSync(join(d, '.hidden.json'), '{');
  const found = formatFilesFromEnv({ LOGA_FORMATS: d });
  t.deepEqual(found, [join(d, 'a.json'), join(d, 'b.json')]);
  const r = new FormatRegistry();
  loadFormatFiles(found, r);
  t.deepEqual(r.names().slice(0, 2), ['ay', 'bee']);
  t.deepEqual(formatFilesFromEnv({}), []);
  t.deepEqual(formatFilesFromEnv({ LOGA_FORMATS: '' }), []);
  const missing = t.throws(() => formatFilesFromEnv({ LOGA_FORMATS: join(dir, 'nope') }), { instanceOf: UsageError });
  t.regex(missing?.message ?? '', /^LOGA_FORMATS=.*nope: no such directory; set it to the directory of your \*\.json format definitions$/);
  const notDir = t.throws(() => formatFilesFromEnv({ LOGA_FORMATS: join(d, 'a.json') }), { instanceOf: UsageError });
  t.regex(notDir?.message ?? '', /a\.json: not a directory/);
});

/** The error a bad file gives, after checking it is a FormatFileError (exit 2) starting with the file's path. */
function refused(t: ExecutionContext, content: unknown, r = new FormatRegistry()): string {
  const path = file(content);
  const before = r.names();
  const err = t.throws(() => loadFormatFiles([path], r), { instanceOf: FormatFileError });
  t.is(err?.exitCode, 2);
  t.is(err?.file, path);
  t.true(err?.message.startsWith(`${path}: `), err?.message);
  t.deepEqual(r.names(), before, 'nothing of a bad file is defined');
  return (err?.message ?? '').slice(path.length + 2);
}

const without = (key: keyof typeof MYAPP): Record<string, unknown> => Object.fromEntries(Object.entries(MYAPP).filter(([k]) => k !== key));

const BAD: [string, unknown, RegExp][] = [
  ['a level that is none (the issue\'s example)', { ...MYAPP, levels: { SEVERE: 'BAD' } }, /^\/levels\/SEVERE: 'BAD' is not a level; use one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL$/],
  ['not JSON', '{"name": "myapp",', /^\/: not JSON \(.+\); a format file holds a definition object or an array of them$/],
  ['an empty array', [], /^\/: an empty array; give at least one definition$/],
  ['a number', 42, /^\/: 42 is not a definition; a file holds a definition object/],
  ['an array holding a string', [MYAPP, 'myapp'], /^\/1: 'myapp' is not a definition/],
  ['no name', without('name'), /^\/: no "name"; add "name": a lowercase word \(letters, digits, '-', '_'\), e\.g\. "myapp"$/],
  ['a name that is not a word', { ...MYAPP, name: 'My App' }, /^\/name: 'My App' is not a format name; use a lowercase word/],
  ['a name that is a number', { ...MYAPP, name: 7 }, /^\/name: 7 is not a string; use a lowercase word/],
  ['neither template nor regex', without('regex'), /^\/: neither "template" nor "regex"; give one: "template": "\{time\} \{level\} \{message\}" or "regex": /],
  ['both template and regex', { ...MYAPP, template: '{time} {message}' }, /^\/: both "template" and "regex"; a definition is one or the other, keep one$/],
  ['a misspelt key', { ...MYAPP, sample: ['x'] }, /^\/sample: unknown key 'sample'; a definition has name, title, template, regex, time, levels, response_time_unit, samples$/],
  ['levels that are not a map', { ...MYAPP, levels: 'SEVERE=ERROR' }, /^\/levels: 'SEVERE=ERROR' is not an object; use an object of level words to levels, e\.g\. \{"SEVERE": "ERROR", "E": "ERROR"\}/],
  ['a response time unit that is none', { ...MYAPP, response_time_unit: 'min' }, /^\/response_time_unit: 'min' is not a unit; use one of ms, s, us$/],
  ['a template with a response time unit', { ...without('regex'), template: '{time} | {level} | {message}', response_time_unit: 's' }, /^\/response_time_unit: is for regex definitions; in a template give the unit in the placeholder, e\.g\. \{response_time:s\}$/],
  ['a time layout that is a number', { ...MYAPP, time: 12 }, /^\/time: 12 is not a string; use a time layout, e\.g\. "yyyy-MM-dd HH:mm:ss,SSS"/],
  ['a blank regex', { ...MYAPP, regex: '  ' }, /^\/regex: is blank; give a regular expression with named groups/],
  ['no samples', without('samples'), /^\/: no "samples"; add "samples": a list of lines of the log, .*each must parse when the file is loaded$/],
  ['an empty list of samples', { ...MYAPP, samples: [] }, /^\/samples: no sample; give a list of lines of the log/],
  ['a sample that is not a string', { ...MYAPP, samples: [42] }, /^\/samples\/0: 42 is not a string; use a line of the log \(a string\)$/],
  ['a blank sample', { ...MYAPP, samples: [MYAPP.samples[0], ' '] }, /^\/samples\/1: is blank; give a line of the log$/],
  ['a sample of two lines', { ...MYAPP, samples: [`${MYAPP.samples[0]}\n${MYAPP.samples[1]}`] }, /^\/samples\/0: holds a line break; a sample is one line of the log/],
  [
    'a sample whose level is unknown',
    { ...MYAPP, samples: [MYAPP.samples[0], '2024-01-24 10:15:33.001 | LOUD | x'] },
    /^\/samples\/1: this sample is not an entry of 'myapp': its level 'LOUD' is not a level; map it in "levels", e\.g\. "levels": \{"LOUD": "ERROR"\}; fix the regex or the sample: "2024-01-24 10:15:33\.001 \| LOUD \| x"$/,
  ],
  ['a sample the regex does not match', { ...MYAPP, samples: ['2024-01-24 10:15:32.123 INFO x'] }, /^\/samples\/0: this sample is not an entry of 'myapp': the regex does not match it \(it is matched from the line's start\); fix the regex/],
  ['a sample whose time is not of the layout', { ...MYAPP, samples: ['24/01/2024 10:15:32 | INFO | x'] }, /^\/samples\/0: .*its time '24\/01\/2024 10:15:32' does not read as time layout/],
  ['a sample the time layout does not read', { ...MYAPP, samples: ['2024-01-24 10:15:32 | INFO | x'] }, /^\/samples\/0: .*its time '2024-01-24 10:15:32' does not read as time layout 'yyyy-MM-dd HH:mm:ss\.SSS'/],
  ['a regex that is none', { ...MYAPP, regex: '^(?<time>\\S+' }, /^\/regex: not a JavaScript regular expression: /],
  ['a regex without a time group', { ...MYAPP, regex: '^(?<when>\\S+ \\S+) (?<message>.*)' }, /^\/regex: has no \(\?<time>\.\.\.\) group; every entry needs a time/],
  ['a time layout that is none', { ...MYAPP, time: 'yyyy-MM-dd QQ' }, /^\/time: \S/],
  ['a built-in name', { ...MYAPP, name: 'nginx' }, /^\/name: 'nginx' is a built-in format; give the definition another name$/],
  ['a name twice in one file', [MYAPP, { ...MYAPP, title: 'again' }], /^\/1\/name: 'myapp' is defined twice in this file; give each definition its own name$/],
  ['a bad level in the second definition of an array', [{ ...MYAPP, name: 'first' }, { ...MYAPP, levels: { E: 'LOUD' } }], /^\/1\/levels\/E: 'LOUD' is not a level; use one of TRACE/],
];

for (const [what, content, message] of BAD) {
  test(`refused, naming the file, the key and the fix: ${what}`, (t) => {
    t.regex(refused(t, content), message);
  });
}

test('a missing file, or a directory, is named with what to do', (t) => {
  const missing = join(dir, 'nope.json');
  const err = t.throws(() => readFormatFile(missing, new FormatRegistry()), { instanceOf: FormatFileError });
  t.is(err?.message, `${missing}: /: no such file; check the path`);
  const d = t.throws(() => readFormatFile(dir, new FormatRegistry()), { instanceOf: FormatFileError });
  t.regex(d?.message ?? '', /: \/: is a directory; give a \.json file \(or set LOGA_FORMATS to the directory\)$/);
});

test('a name defined by another file is refused, naming that file; the same definition again is not', (t) => {
  const r = new FormatRegistry();
  const first = file(MYAPP);
  loadFormatFiles([first, file(MYAPP)], r);
  t.regex(refused(t, { ...MYAPP, title: 'another' }, r), new RegExp(`^/name: 'myapp' is defined already \\(by ${first.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\); give this definition another name$`));
});

test('levels may be written in any case; the definition carries them canonical', (t) => {
  const r = new FormatRegistry();
  const [def] = loadFormatFiles([file({ ...MYAPP, levels: { SEVERE: 'error', fine: 'debug' } })], r).slice(0, 1);
  t.deepEqual(def.levels, { SEVERE: 'ERROR', fine: 'DEBUG' });
});

// the template example on ZooKeeper lines of loghub's sample (Zookeeper_2k.log)
const ZOOKEEPER = {
  name: 'zk',
  template: '{time} - {level} [{thread}] - {message}',
  samples: [
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '2015-07-29 19:04:12,394 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = 1, error = ',
    '2015-07-29 19:04:29,071 - ERROR [LearnerHandler-/10.10.34.12:35276:LearnerHandler@562] - Unexpected exception causing shutdown while sock still open',
  ],
};

test('a template definition: the template kind builds it; its samples parse; detection picks it', (t) => {
  const r = new FormatRegistry();
  const [def] = loadFormatFiles([file(ZOOKEEPER)], r);
  t.like(def, { name: 'zk', kind: 'template', template: ZOOKEEPER.template, samples: ZOOKEEPER.samples });
  const zk = r.get('zk');
  t.truthy(zk);
  t.is(r.detect(Buffer.from(ZOOKEEPER.samples.join('\n') + '\n')).name, 'zk');
  t.true(zk?.levels);
});

test('a template definition that is wrong is refused under /template, a sample it does not read under /samples/N', (t) => {
  const { template: _, ...noTemplate } = ZOOKEEPER;
  t.regex(refused(t, { ...noTemplate, template: '{level} [{thread}] - {message}' }), /^\/template: .*has no \{time\}: every entry needs a time/);
  t.regex(refused(t, { ...noTemplate, template: '{time} {level' }), /^\/template: .*is not closed/);
  t.regex(
    refused(t, { ...ZOOKEEPER, time: 'yyyy-MM-dd HH:mm:ss,SSS', samples: [ZOOKEEPER.samples[0], '2015-07-29 17:41:44,747 INFO no dashes'] }),
    /^\/samples\/1: this sample is not an entry of 'zk': the definition does not read it; fix the template or the sample: "2015-07-29 17:41:44,747 INFO no dashes"$/,
  );
});
