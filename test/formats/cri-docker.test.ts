/**
 * The container wrappers, CRI and Docker json-file (src/parsers/cri.ts,
 * src/parsers/docker.ts): the lines they wrap read by the inner format that
 * detection fits (json, logfmt, standard), the wrapper's time and INFO for an
 * inner line no parser reads, the frames of a stack trace as continuation
 * lines, partial fragments as markers, detection of
 * docker rather than json, and no throw whatever the bytes.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type FormatDefinition, formats, LEVEL_NAMES, LineRecord, type LogFormat } from '../../src/internal.js';
import { scanSlices } from './helpers.js';

interface Read {
  ts: string;
  level: string;
  rt: number;
  msg: string;
}

/** The entry a format reads in a line (msg: the decoded text, or the span of the line's bytes), or null. */
function read(format: LogFormat, line: string): Read | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!format.parse(b, 0, b.length, rec)) return null;
  return { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], rt: rec.rt, msg: rec.msgText ?? b.toString('utf8', rec.msgStart, rec.msgEnd) };
}

function isMarker(format: LogFormat, line: string): boolean {
  const b = Buffer.from(line, 'utf8');
  return format.marker?.(b, 0, b.length) === true;
}

function module(name: string): LogFormat {
  const f = formats.get(name);
  if (f === undefined) throw new Error(`no ${name} format`);
  return f;
}

/** The format fitted to a file of these lines, and its definition. */
function fitted(name: string, lines: string[]): { format: LogFormat; def: FormatDefinition } {
  const def = module(name).fit?.(Buffer.from(lines.join('\n') + '\n'), formats);
  if (def === undefined) throw new Error(`${name} fits nothing`);
  return { format: formats.resolve(def.name, def), def };
}

const cri = (inner: string, stream = 'stdout', tag = 'F', time = '2024-01-24T10:15:32.123456789Z'): string => `${time} ${stream} ${tag} ${inner}`;
const docker = (log: string, stream = 'stdout', time = '2024-01-24T10:15:32.123456789Z'): string => `{"log":${JSON.stringify(log)},"stream":"${stream}","time":"${time}"}`;

const JSON_LINES = [
  '{"level":"info","msg":"hello","duration_ms":12,"ts":"2024-01-24T10:15:30.5Z"}',
  '{"level":"error","msg":"Database connection failed: \\"timeout\\"","ts":"2024-01-24T10:15:31Z"}',
  '{"level":"warn","msg":"slow","ts":"2024-01-24T10:15:31.25Z","latency_ms":950}',
];
const LOGFMT_LINES = ['ts=2024-01-24T10:15:30Z level=info msg="Request processed" duration_ms=127', 'ts=2024-01-24T10:15:31Z level=error msg="Upstream returned 502"'];
const STANDARD_LINES = ['2024-01-24 10:15:30.000 INFO Request processed in 127ms', '2024-01-24 10:15:31.000 ERROR Database connection failed', '2024-01-24 10:15:31.500 WARN Memory usage: 512MB'];

// ---------------------------------------------------------------------------
// CRI

test('cri: fitted to json lines, the inner fields and time are read', (t) => {
  const { format, def } = fitted('cri', JSON_LINES.map((l) => cri(l)));
  t.deepEqual(def, { name: 'cri', kind: 'cri', inner: 'json' });
  t.is(format.name, 'cri');
  t.deepEqual(read(format, cri(JSON_LINES[0])), { ts: '2024-01-24T10:15:30.500Z', level: 'INFO', rt: 12, msg: 'hello' });
  t.deepEqual(read(format, cri(JSON_LINES[1], 'stderr')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed: "timeout"' });
  t.deepEqual(read(format, cri(JSON_LINES[2])), { ts: '2024-01-24T10:15:31.250Z', level: 'WARN', rt: 950, msg: 'slow' });
});

test('cri: fitted to logfmt and to standard lines', (t) => {
  const lf = fitted('cri', LOGFMT_LINES.map((l) => cri(l)));
  t.is(lf.def.inner, 'logfmt');
  t.deepEqual(read(lf.format, cri(LOGFMT_LINES[0])), { ts: '2024-01-24T10:15:30.000Z', level: 'INFO', rt: 127, msg: 'Request processed' });
  t.deepEqual(read(lf.format, cri(LOGFMT_LINES[1])), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Upstream returned 502' });
  const st = fitted('cri', STANDARD_LINES.map((l) => cri(l)));
  t.is(st.def.inner, 'standard');
  t.deepEqual(read(st.format, cri(STANDARD_LINES[0])), { ts: '2024-01-24T10:15:30.000Z', level: 'INFO', rt: 127, msg: 'Request processed in 127ms' });
  t.deepEqual(read(st.format, cri(STANDARD_LINES[1], 'stderr')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed' });
});

test('cri: an inner line the inner format does not read is an entry at the CRI time, INFO (stderr included), its figures read', (t) => {
  const { format } = fitted('cri', JSON_LINES.map((l) => cri(l)));
  t.deepEqual(read(format, cri('cache warm: took 5ms to load', 'stderr', 'F', '2024-01-24T11:15:32.5+01:00')), { ts: '2024-01-24T10:15:32.500Z', level: 'INFO', rt: 5, msg: 'cache warm: took 5ms to load' });
  t.deepEqual(read(format, cri('{"level":"info","msg":"no time"}')), { ts: '2024-01-24T10:15:32.123Z', level: 'INFO', rt: NaN, msg: '{"level":"info","msg":"no time"}' });
});

test('cri: the module before a file is fitted reads json, then standard, then the CRI time', (t) => {
  const f = module('cri');
  t.deepEqual(read(f, cri(JSON_LINES[0])), { ts: '2024-01-24T10:15:30.500Z', level: 'INFO', rt: 12, msg: 'hello' });
  t.deepEqual(read(f, cri(STANDARD_LINES[1])), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed' });
  t.deepEqual(read(f, cri('plain text')), { ts: '2024-01-24T10:15:32.123Z', level: 'INFO', rt: NaN, msg: 'plain text' });
  // RFC 3339 without a fraction, and containerd's extra tags after ':'
  t.deepEqual(read(f, cri('x', 'stdout', 'F:extra', '2024-01-24T10:15:32Z')), { ts: '2024-01-24T10:15:32.000Z', level: 'INFO', rt: NaN, msg: 'x' });
});

test('cri: P fragments and blank lines are markers, neither entries nor malformed; the F line is the entry', (t) => {
  const f = module('cri');
  const p1 = cri('2024-01-24 10:15:30.000 ERROR a very long line, first piece', 'stdout', 'P');
  const p2 = cri('second piece', 'stdout', 'P');
  const last = cri('last piece, Request processed in 9ms', 'stdout', 'F');
  t.is(read(f, p1), null);
  t.true(isMarker(f, p1));
  t.true(isMarker(f, '2024-01-24T10:15:32.123456789Z stdout F '));
  t.true(isMarker(f, '2024-01-24T10:15:32.123456789Z stdout F'));
  t.true(isMarker(f, '2024-01-24T10:15:32.123456789Z stdout F \t '));
  t.false(isMarker(f, last));
  t.false(isMarker(f, 'not cri at all'));
  // What is lost: the long line's level was in its first piece; its last one is read (INFO, 9 ms).
  t.deepEqual(read(f, last), { ts: '2024-01-24T10:15:32.123Z', level: 'INFO', rt: 9, msg: 'last piece, Request processed in 9ms' });
  const text = Buffer.from([p1, p2, last, cri(''), 'garbage'].join('\n') + '\n');
  const figures = scanSlices(f, [text]);
  t.is(figures.lines, 2);
  t.is(figures.entries, 1);
  t.is(figures.malformed_lines, 1);
  t.is(figures.total_requests, 1);
});

test('cri: a CRI file is detected as cri, fitted to its inner format', (t) => {
  const lines = [...JSON_LINES.map((l) => cri(l)), cri('{"level":"debug","msg":"tick","ts":"2024-01-24T10:15:33Z"}', 'stdout', 'P')];
  const found = formats.detect(Buffer.from(lines.join('\n') + '\n'));
  t.is(found.name, 'cri');
  t.deepEqual(found.def, { name: 'cri', kind: 'cri', inner: 'json' });
  t.is(found.share, 1);
});

// A Java service in a pod: its stack trace is one wrapper line per frame.
const JAVA_TRACE = [
  '2024-01-24 10:15:31.000 ERROR Request failed',
  'java.lang.IllegalStateException: pool closed',
  '\tat com.example.Pool.get(Pool.java:42)',
  '\tat com.example.Api.handle(Api.java:7)',
  'Caused by: java.io.EOFException: end of stream',
  '\t... 12 more',
  '2024-01-24 10:15:32.000 INFO Request processed in 8ms',
];

for (const [name, wrap] of [['cri', (l: string) => cri(l)], ['docker', (l: string) => docker(l + '\n')]] as const) {
  test(`${name}: the frames of a stack trace in the wrapped text are continuation lines, not INFO entries (fitted, and the module)`, (t) => {
    const lines = JAVA_TRACE.map(wrap);
    const text = Buffer.from(lines.join('\n') + '\n');
    const { format, def } = fitted(name, lines);
    t.is(def.inner, 'standard');
    for (const f of [format, module(name)]) {
      const figures = scanSlices(f, [text]);
      t.is(figures.lines, 7, f.name);
      t.is(figures.entries, 2);
      t.is(figures.continuation_lines, 5);
      t.is(figures.malformed_lines, 0);
      t.is(figures.levels.INFO, 1);
      t.is(figures.levels.ERROR, 1);
      t.is(figures.errors, 1);
      t.is(figures.total_requests, 1);
    }
    // detection ranks the wrapper first, reading every line
    const found = formats.detect(text);
    t.is(found.name, name);
    t.is(found.share, 1);
    // a plain line of the program is still an entry at the wrapper's time
    t.deepEqual(read(module(name), wrap('listening on :8080'))?.level, 'INFO');
  });
}

test('cri and docker definitions: built by their kinds; a definition without inner is refused', (t) => {
  const def: FormatDefinition = { name: 'cri', kind: 'cri', inner: 'logfmt' };
  const f = formats.resolve(def.name, def);
  t.is(f, formats.resolve('cri', { ...def }), 'built once');
  t.regex(f.title, /CRI.*logfmt/);
  t.true(f.samples.length > 0);
  for (const s of f.samples) t.not(read(f, s), null, s);
  t.throws(() => formats.resolve('cri', { name: 'cri', kind: 'cri' }), { message: /needs 'inner'/ });
  t.throws(() => formats.resolve('docker', { name: 'docker', kind: 'docker', inner: 'json', inner_def: 3 }), { message: /inner_def/ });
  t.throws(() => formats.resolve('docker', { name: 'docker', kind: 'docker', inner: 'nosuch' }), { message: /unknown format 'nosuch'/ });
  const d = formats.resolve('docker', { name: 'docker', kind: 'docker', inner: 'standard' });
  for (const s of d.samples) t.not(read(d, s), null, s);
});

// ---------------------------------------------------------------------------
// Docker json-file

test('docker: a standard inner line without escapes is read on the line itself', (t) => {
  const { format, def } = fitted('docker', STANDARD_LINES.map((l) => docker(l + '\n')));
  t.deepEqual(def, { name: 'docker', kind: 'docker', inner: 'standard' });
  t.deepEqual(read(format, docker(STANDARD_LINES[0] + '\n')), { ts: '2024-01-24T10:15:30.000Z', level: 'INFO', rt: 127, msg: 'Request processed in 127ms' });
  t.deepEqual(read(format, docker(STANDARD_LINES[1] + '\n', 'stderr')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed' });
  // a Windows container's \r\n
  t.deepEqual(read(format, docker(STANDARD_LINES[1] + '\r\n')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed' });
});

test('docker: an escaped json inner line is decoded and read; an error keeps its decoded message', (t) => {
  const { format, def } = fitted('docker', JSON_LINES.map((l) => docker(l + '\n')));
  t.deepEqual(def, { name: 'docker', kind: 'docker', inner: 'json' });
  const r0 = read(format, docker(JSON_LINES[0] + '\n'));
  t.deepEqual({ ...r0, msg: undefined }, { ts: '2024-01-24T10:15:30.500Z', level: 'INFO', rt: 12, msg: undefined });
  t.deepEqual(read(format, docker(JSON_LINES[1] + '\n', 'stderr')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'Database connection failed: "timeout"' });
  const r2 = read(format, docker(JSON_LINES[2] + '\n'));
  t.deepEqual({ ...r2, msg: undefined }, { ts: '2024-01-24T10:15:31.250Z', level: 'WARN', rt: 950, msg: undefined }, 'below ERROR the message stays bytes, of the decoded text');
});

test('docker: fitted to logfmt; an error message with escapes and non-ASCII comes out decoded', (t) => {
  const { format, def } = fitted('docker', LOGFMT_LINES.map((l) => docker(l + '\n')));
  t.is(def.inner, 'logfmt');
  t.deepEqual(read(format, docker('ts=2024-01-24T10:15:31Z level=error msg="caf\u00e9 \\"down\\"" duration_ms=3\n')), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: 3, msg: 'café "down"' });
  // the same error written with \u escapes by the daemon
  t.deepEqual(read(format, '{"log":"ts=2024-01-24T10:15:31Z level=error msg=caf\\u00e9\\n","stream":"stderr","time":"2024-01-24T10:15:31.1Z"}'), { ts: '2024-01-24T10:15:31.000Z', level: 'ERROR', rt: NaN, msg: 'café' });
});

test('docker: an inner line no parser reads is an entry at the docker time, INFO; without a time it is malformed', (t) => {
  const { format } = fitted('docker', STANDARD_LINES.map((l) => docker(l + '\n')));
  t.deepEqual(read(format, docker('Listening on :8080, took 2s to start\n', 'stderr', '2024-01-24T10:15:32.5Z')), { ts: '2024-01-24T10:15:32.500Z', level: 'INFO', rt: 2000, msg: 'Listening on :8080, took 2s to start' });
  t.is(read(format, '{"log":"no time here\\n","stream":"stdout"}'), null);
  // but the inner line's own time is enough
  t.deepEqual(read(format, `{"log":"${STANDARD_LINES[2]}\\n","stream":"stdout"}`), { ts: '2024-01-24T10:15:31.500Z', level: 'WARN', rt: NaN, msg: 'Memory usage: 512MB' });
});

test('docker: pieces of a long line (no \\n) and blank lines are markers; an escaped backslash before n is no newline', (t) => {
  const f = module('docker');
  const piece = docker('2024-01-24 10:15:30.000 ERROR first 16 KiB of a long line');
  t.is(read(f, piece), null);
  t.true(isMarker(f, piece));
  t.true(isMarker(f, docker('\n')));
  t.true(isMarker(f, docker(' \t\n')));
  t.true(isMarker(f, docker('ends with a backslash and n\\n')), 'the text ends in \\n (two characters), not a newline');
  t.false(isMarker(f, docker('x\n')));
  t.false(isMarker(f, '{"log":"x\\n"}'), 'no stream: not a docker line');
  const text = Buffer.from([piece, docker('last piece\n'), docker('\n'), '{"log":"x"'].join('\n') + '\n');
  const figures = scanSlices(f, [text]);
  t.deepEqual([figures.lines, figures.entries, figures.malformed_lines], [2, 1, 1]);
});

test('docker: key order, attrs, spaces and duplicates do not matter; a log that is not a string, no stream, or junk after the object do', (t) => {
  const f = module('docker');
  t.deepEqual(read(f, '{ "time" : "2024-01-24T10:15:32Z" , "attrs": {"a": [1, {"b": null}]}, "stream" : "stdout", "log" : "hi\\n" }'), { ts: '2024-01-24T10:15:32.000Z', level: 'INFO', rt: NaN, msg: 'hi' });
  t.deepEqual(read(f, '{"log":"first\\n","log":"second\\n","stream":"stdout","time":"2024-01-24T10:15:32Z"}')?.msg, 'first');
  t.is(read(f, '{"log":null,"stream":"stdout","time":"2024-01-24T10:15:32Z"}'), null);
  t.is(read(f, '{"log":"x\\n","stream":1,"time":"2024-01-24T10:15:32Z"}'), null);
  t.is(read(f, '{"log":"x\\n","stream":"stdout","time":"2024-01-24T10:15:32Z"} trailing'), null);
  t.is(read(f, '{"log":"x\\q\\n","stream":"stdout","time":"2024-01-24T10:15:32Z"}')?.level, 'INFO', 'a bad escape inside log is let through (the log string is read without validating its escapes), kept as it stands');
  t.is(read(f, '{"log":"x\\n","stream":"std\\qout","time":"2024-01-24T10:15:32Z"}'), null, 'elsewhere a bad escape is not JSON');
  t.is(read(f, '{"log":"unterminated\\"}'), null);
});

test('detection: docker json-file is docker, not json; json lines stay json', (t) => {
  const lines = [...STANDARD_LINES.map((l) => docker(l + '\n')), docker('partial piece')];
  const found = formats.detect(Buffer.from(lines.join('\n') + '\n'));
  t.is(found.name, 'docker');
  t.deepEqual(found.def, { name: 'docker', kind: 'docker', inner: 'standard' });
  t.is(formats.detect(Buffer.from(JSON_LINES.join('\n') + '\n')).name, 'json');
  const jsonFile = ['{"timestamp":"2024-01-24T10:15:32.123Z","level":"info","message":"x","log":"a field named log"}', '{"timestamp":"2024-01-24T10:15:33Z","level":"error","message":"y"}'];
  t.is(formats.detect(Buffer.from(jsonFile.join('\n') + '\n')).name, 'json', 'a `log` key without `stream` is json');
});

test('detection: docker wrapping json is fitted to json', (t) => {
  const found = formats.detect(Buffer.from(JSON_LINES.map((l) => docker(l + '\n')).join('\n') + '\n'));
  t.is(found.name, 'docker');
  t.is(found.def?.inner, 'json');
});

// ---------------------------------------------------------------------------
// Never a throw

test('broken, over-long and random lines never throw, through every wrapper parser and marker', (t) => {
  const parsers = [module('cri'), module('docker'), fitted('cri', JSON_LINES.map((l) => cri(l))).format, fitted('docker', JSON_LINES.map((l) => docker(l + '\n'))).format];
  let seed = 42;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const prefixes = [cri(''), cri('{"level":'), docker('').slice(0, 9), '{"log":"{\\"level\\":\\"', '{"log":"\\u00', '{"log":"x\\n","stream":"stdout","time":"', '2024-01-24T10:15:32.1Z stderr P '];
  const rec = new LineRecord();
  const long = Buffer.concat([Buffer.from(cri('{"level":"info","ts":"2024-01-24T10:15:32Z","msg":"')), Buffer.alloc(1 << 20, 'a'), Buffer.from('"}')]);
  const longDocker = Buffer.from(docker('2024-01-24 10:15:32.000 ERROR ' + '\\"'.repeat(1 << 18) + '\n'));
  for (const [i, f] of parsers.entries()) {
    const line = i % 2 === 0 ? long : longDocker;
    rec.reset();
    t.true(f.parse(line, 0, line.length, rec), `${f.name}: a line of a megabyte`);
  }
  for (let n = 0; n < 3000; n++) {
    const p = Buffer.from(prefixes[n % prefixes.length]);
    const junk = Buffer.from(Array.from({ length: Math.floor(rnd() * 40) }, () => (rnd() < 0.5 ? '"\\{}:,nF 0u'.charCodeAt(Math.floor(rnd() * 11)) : Math.floor(rnd() * 256))));
    const line = Buffer.concat([p, junk]);
    const cut = Math.floor(rnd() * (line.length + 1));
    if (cut === 0) continue;
    for (const f of parsers) {
      rec.reset();
      t.notThrows(() => f.parse(line, 0, cut, rec));
      t.notThrows(() => f.marker?.(line, 0, cut));
    }
  }
});

// ---------------------------------------------------------------------------
// End to end: detection, the lease's definition, the worker's format

const dir = mkdtempSync(join(tmpdir(), 'loga-containers-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('a CRI log and a Docker log through analyze: read with their fitted inner formats, whatever the chunking', async (t) => {
  const criLines: string[] = [];
  const dockerLines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const ts = new Date(Date.UTC(2024, 0, 24, 10, 15, 0) + i * 500).toISOString();
    const level = i % 10 === 0 ? 'error' : 'info';
    criLines.push(cri(`{"level":"${level}","msg":"${level === 'error' ? 'Upstream returned 502' : 'ok'}","ts":"${ts}","duration_ms":${i % 7}}`, i % 2 === 0 ? 'stdout' : 'stderr'));
    if (i % 50 === 0) criLines.push(cri('long line piece', 'stdout', 'P'));
    dockerLines.push(docker(`${ts.replace('T', ' ').replace('Z', '')} ${level.toUpperCase()} Request processed in ${i % 7}ms\n`));
  }
  const criPath = join(dir, 'pod.log');
  const dockerPath = join(dir, 'container-json.log');
  writeFileSync(criPath, criLines.join('\n') + '\n');
  writeFileSync(dockerPath, dockerLines.join('\n') + '\n');
  for (const chunkSize of [1000, 64 * 1024]) {
    for (const path of [criPath, dockerPath]) {
      const s = await analyze({ files: [path], actors: 'inprocess', workers: 2, chunkSize });
      t.is(s.files[0].format, path === criPath ? 'cri' : 'docker');
      t.is(s.entries, 300);
      t.is(s.malformed_lines, 0);
      t.is(s.errors, 30);
      t.is(s.total_requests, 300);
      t.is(s.first_timestamp, '2024-01-24T10:15:00.000Z');
    }
  }
});
