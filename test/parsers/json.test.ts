import test from 'ava';
import { parseJson } from '../../src/internal.js';
import { parseLine, expected } from './helpers.js';
import type { Expected } from './helpers.js';

const TS = '2024-01-24T10:15:32.123Z';
const T = '"time":"2024-01-24T10:15:32.123Z"';
const EPOCH_S = Date.UTC(2024, 0, 24, 10, 15, 32) / 1000; // 1706091332

const GOOD: Array<[string, Expected]> = [
  ['{"timestamp":"2024-01-24T10:15:32.123Z","level":"info","message":"Request processed","duration_ms":127}',
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed' }],
  // pino
  [`{"level":30,"time":${EPOCH_S}123,"pid":1,"hostname":"h","req":{"method":"GET","url":"/a"},"msg":"request completed","responseTime":12}`,
    { ts: TS, level: 'INFO', rt: 12, request: true, message: 'request completed' }],
  [`{"level":50,"time":${EPOCH_S},"msg":"boom"}`, { ts: '2024-01-24T10:15:32.000Z', level: 'ERROR', message: 'boom' }],
  [`{"level":10,"time":${EPOCH_S}.5,"msg":"s"}`, { ts: '2024-01-24T10:15:32.500Z', level: 'TRACE', message: 's' }],
  [`{"level":20,"ts":${EPOCH_S}.123,"msg":"s"}`, { ts: TS, level: 'DEBUG', message: 's' }],
  [`{"level":40,"time":${EPOCH_S}123,"msg":"s"}`, { ts: TS, level: 'WARN', message: 's' }],
  [`{"level":60,"time":${EPOCH_S}123.9,"msg":"s"}`, { ts: TS, level: 'FATAL', message: 's' }],
  [`{"level":"30","time":"${EPOCH_S}","msg":"numbers as strings"}`,
    { ts: '2024-01-24T10:15:32.000Z', level: 'INFO', message: 'numbers as strings' }],
  ['{"@timestamp":"2024-01-24T12:15:32.123+02:00","severity":"WARNING","msg":"x"}', { ts: TS, level: 'WARN', message: 'x' }],
  ['{"ts":"2024-01-24 10:15:32,123456","lvl":"crit","msg":"y"}', { ts: TS, level: 'FATAL', message: 'y' }],
  ['{"Timestamp":"2024-01-24T10:15:32.123Z","Level":"Error","Message":"keys in any case"}',
    { ts: TS, level: 'ERROR', message: 'keys in any case' }],
  [`{${T},"msg":"no level"}`, { ts: TS, level: 'INFO', message: 'no level' }],
  [`{${T},"level":null,"msg":"null level"}`, { ts: TS, level: 'INFO', message: 'null level' }],
  [`{${T}}`, { ts: TS, level: 'INFO' }],
  [`  { ${T.replace(':', ' : ')} , "level" : "debug" }  \t`, { ts: TS, level: 'DEBUG' }],
  // a field wins over the message text; a figure is counted once
  [`{${T},"msg":"Request processed in 99ms","duration_ms":127}`,
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed in 99ms' }],
  [`{${T},"duration_ms":127,"msg":"Request processed in 99ms"}`,
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed in 99ms' }],
  [`{${T},"msg":"Request processed in 99ms"}`,
    { ts: TS, level: 'INFO', rt: 99, request: true, message: 'Request processed in 99ms' }],
  [`{${T},"duration_ms":5,"latency_ms":7}`, { ts: TS, level: 'INFO', rt: 5, request: true }],
  [`{${T},"msg":"Memory usage: 1GB cpu 3%","cpu_pct":12.5}`,
    { ts: TS, level: 'INFO', mem: 1024, cpu: 12.5, message: 'Memory usage: 1GB cpu 3%' }],
  [`{${T},"request_time":0.105}`, { ts: TS, level: 'INFO', rt: 105, request: true }],
  [`{${T},"duration_s":2}`, { ts: TS, level: 'INFO', rt: 2000, request: true }],
  [`{${T},"response_time_ms":1.5e2}`, { ts: TS, level: 'INFO', rt: 150, request: true }],
  [`{${T},"elapsed_ms":"42"}`, { ts: TS, level: 'INFO', rt: 42, request: true }],
  [`{${T},"latency_ms":"42ms","msg":"took 8ms"}`, { ts: TS, level: 'INFO', rt: 8, request: true, message: 'took 8ms' }],
  [`{${T},"duration_ms":-1,"msg":"took 8ms"}`, { ts: TS, level: 'INFO', rt: 8, request: true, message: 'took 8ms' }],
  [`{${T},"duration_ms":null}`, { ts: TS, level: 'INFO' }],
  [`{${T},"memory_mb":512}`, { ts: TS, level: 'INFO', mem: 512 }],
  [`{${T},"mem_mb":512.5}`, { ts: TS, level: 'INFO', mem: 512.5 }],
  [`{${T},"rss_mb":64}`, { ts: TS, level: 'INFO', mem: 64 }],
  [`{${T},"cpu_percent":0}`, { ts: TS, level: 'INFO', cpu: 0 }],
  // nested values are skipped, keys inside them do not count
  [`{"ctx":{"time":"1999-01-01T00:00:00Z","level":"fatal","msg":"nested","a":[1,{"b":"}]"}],"s":"\\"}"},${T},"tags":[[],{},[{}],"x",-0.5e-3,true,false,null],"level":"warn","msg":"top"}`,
    { ts: TS, level: 'WARN', message: 'top' }],
  [`{${T},"msg":"first","message":"second"}`, { ts: TS, level: 'INFO', message: 'first' }],
  [`{"time":"bogus-but-skipped-later","timestamp":"2024-01-24T10:15:32.123Z"}`, { ts: TS, level: 'INFO' }],
  [`{${T},"msg":123}`, { ts: TS, level: 'INFO' }],
  // escapes: decoded only for ERROR/FATAL (the only messages kept)
  [`{${T},"level":"error","msg":"bad \\"quote\\" caf\\u00e9 \\ud83d\\ude00\\n\\t\\\\ \\/"}`,
    { ts: TS, level: 'ERROR', message: 'bad \\"quote\\" caf\\u00e9 \\ud83d\\ude00\\n\\t\\\\ \\/', msgText: 'bad "quote" café 😀\n\t\\ /' }],
  [`{${T},"level":"fatal","msg":"lone \\ud800 surrogate"}`,
    { ts: TS, level: 'FATAL', message: 'lone \\ud800 surrogate', msgText: 'lone \ufffd surrogate' }],
  [`{${T},"level":"info","msg":"a \\"b\\" took 3ms"}`,
    { ts: TS, level: 'INFO', rt: 3, request: true, message: 'a \\"b\\" took 3ms' }],
  [`{${T},"level":"error","msg":"plain"}`, { ts: TS, level: 'ERROR', message: 'plain' }],
  [`{${T},"msg":"raw UTF-8: naïve — ok"}`, { ts: TS, level: 'INFO', message: 'raw UTF-8: naïve — ok' }],
];

for (const [line, want] of GOOD) {
  test(`json good: ${line.slice(0, 90)}`, (t) => {
    t.deepEqual(parseLine(parseJson, line), expected(want));
  });
}

const MALFORMED: string[] = [
  '{"truncated": ',
  '{"truncated": "abc',
  `{${T}`,
  `{${T},`,
  `{${T},"a":`,
  `{${T},"a":{"b":1}`,
  `{${T},"a":[1,2}`,
  `{${T},"a":{"b":1]}`,
  `[${T}]`,
  '[1,2,3]',
  '42',
  '"string"',
  'null',
  '',
  '   ',
  '{}',
  '{"msg":"no time"}',
  '{"time":"not a time","msg":"x"}',
  '{"time":"2024-13-01T00:00:00Z"}',
  '{"time":"2024-01-24T25:00:00Z"}',
  '{"time":"2024-01-24T10:15:32Z trailing"}',
  '{"time":"2024-01-24T10:15:32\\u005a"}',
  '{"time":true}',
  '{"time":1e300}',
  `{${T}} junk`,
  `{${T}}}`,
  `{${T}}{}`,
  `{${T},}`,
  `{${T} "a":1}`,
  `{${T},"a" 1}`,
  `{${T},"a":1,,"b":2}`,
  `{${T},"a":01}`,
  `{${T},"a":1.}`,
  `{${T},"a":.5}`,
  `{${T},"a":+1}`,
  `{${T},"a":-}`,
  `{${T},"a":1e}`,
  `{${T},"a":0x10}`,
  `{${T},"a":NaN}`,
  `{${T},"a":tru}`,
  `{${T},"a":nul}`,
  `{${T},"a":True}`,
  `{${T},"a":'x'}`,
  `{${T},a:1}`,
  `{${T},"a":"\\x"}`,
  `{${T},"a":"\\u12G4"}`,
  `{${T},"a":"raw\ttab"}`,
  `{${T},"a":"raw\u0001ctl"}`,
  `{${T},"level":"chatty"}`,
  `{${T},"level":""}`,
  `{${T},"level":true}`,
  `{${T},"level":{"name":"info"}}`,
  `{${T},"level":["info"]}`,
  `{${T},"level":70}`,
  `{${T},"level":5}`,
  `{${T},"level":"info","severity":"bogus"}`,
  "{'time':'2024-01-24T10:15:32Z'}",
  '\x00\x01\x02 binary junk',
  '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
  'ts=2024-01-24T10:15:32.123Z level=info',
];

for (const line of MALFORMED) {
  test(`json malformed: ${JSON.stringify(line).slice(0, 90)}`, (t) => {
    t.is(parseLine(parseJson, line), null);
  });
}

test('json: invalid UTF-8 and NUL inside strings do not crash; raw control bytes are malformed', (t) => {
  const line = Buffer.concat([Buffer.from(`{${T},"msg":"bad `), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  const p = parseLine(parseJson, line);
  t.is(p?.level, 'INFO');
  t.is(parseLine(parseJson, Buffer.from(`{${T},"msg":"a\u0000b"}`)), null);
});

test('json: deep nesting is skipped iteratively, no stack overflow', (t) => {
  const deep = '['.repeat(500_000) + ']'.repeat(500_000);
  t.deepEqual(parseLine(parseJson, `{${T},"a":${deep},"msg":"deep"}`), expected({ ts: TS, level: 'INFO', message: 'deep' }));
  t.is(parseLine(parseJson, `{${T},"a":${'['.repeat(500_000)}}`), null);
  const objs = '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000);
  t.is(parseLine(parseJson, `{${T},"x":${objs}}`)?.ts, TS);
});

test('json: a message of megabytes', (t) => {
  const big = 'x'.repeat(3_000_000);
  t.is(parseLine(parseJson, `{${T},"level":"error","msg":"${big} took 4ms"}`)?.rt, 4);
  t.is(parseLine(parseJson, `{${T},"level":"error","msg":"${big}\\n"}`)?.msgText?.length, 3_000_001);
});
