import test from 'ava';
import { parseLogfmt } from '../../src/internal.js';
import { parseLine, expected } from './helpers.js';
import type { Expected } from './helpers.js';

const TS = '2024-01-24T10:15:32.123Z';
const T = 'ts=2024-01-24T10:15:32.123Z';

const GOOD: Array<[string, Expected]> = [
  ['ts=2024-01-24T10:15:32.123Z level=info msg="Request processed" duration_ms=127',
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed' }],
  ['time="2024-01-24 10:15:32.123" level=ERROR msg="db \\"main\\" down: took 12ms"',
    { ts: TS, level: 'ERROR', rt: 12, request: true, message: 'db \\"main\\" down: took 12ms', msgText: 'db "main" down: took 12ms' }],
  ['ts=1706091332.123 lvl=warn msg=bare request_time=0.25',
    { ts: TS, level: 'WARN', rt: 250, request: true, message: 'bare' }],
  ['level=debug timestamp=2024-01-24T12:15:32.123+02:00 msg="x" mem_mb=12.5 cpu_pct=3',
    { ts: TS, level: 'DEBUG', mem: 12.5, cpu: 3, message: 'x' }],
  [`${T} debug msg=x`, { ts: TS, level: 'INFO', message: 'x' }],
  [`${T} level=fatal msg="a\\\\b"`, { ts: TS, level: 'FATAL', message: 'a\\\\b', msgText: 'a\\b' }],
  [`${T} level=error msg="tab\\there \\u00e9 \\q"`, { ts: TS, level: 'ERROR', message: 'tab\\there \\u00e9 \\q', msgText: 'tab\there é \\q' }],
  [`${T} level=info msg="say \\"hi\\""`, { ts: TS, level: 'INFO', message: 'say \\"hi\\"' }],
  [`${T} level=30 msg=pino`, { ts: TS, level: 'INFO', message: 'pino' }],
  [`${T} level=50`, { ts: TS, level: 'ERROR' }],
  [`${T} msg="Request processed in 99ms" duration_ms=127`,
    { ts: TS, level: 'INFO', rt: 127, request: true, message: 'Request processed in 99ms' }],
  [`${T} msg="Memory usage: 2GB"`, { ts: TS, level: 'INFO', mem: 2048, message: 'Memory usage: 2GB' }],
  [`${T} msg="Memory usage: 2GB" memory_mb=100`, { ts: TS, level: 'INFO', mem: 100, message: 'Memory usage: 2GB' }],
  [`${T} duration_s=1.5 responseTime=9`, { ts: TS, level: 'INFO', rt: 1500, request: true }],
  [`${T} latency_ms=notanumber msg="took 3ms"`, { ts: TS, level: 'INFO', rt: 3, request: true, message: 'took 3ms' }],
  [`${T}\tlevel=warn\t\tmsg=tabs  `, { ts: TS, level: 'WARN', message: 'tabs' }],
  [`  ${T} level=info msg="" `, { ts: TS, level: 'INFO' }],
  [`${T} url=/a?b=c&d=e level=info`, { ts: TS, level: 'INFO' }],
  [`${T} empty= level=info`, { ts: TS, level: 'INFO' }],
  [`ts=bogus time=2024-01-24T10:15:32.123Z`, { ts: TS, level: 'INFO' }],
  [`ts=${Date.UTC(2024, 0, 24, 10, 15, 32, 123)} level=notice`, { ts: TS, level: 'INFO' }],
  [`${T} level=info msg="naïve µ"`, { ts: TS, level: 'INFO', message: 'naïve µ' }],
  [`${T} Level=Warning Msg=Case`, { ts: TS, level: 'WARN', message: 'Case' }],
];

for (const [line, want] of GOOD) {
  test(`logfmt good: ${line.slice(0, 90)}`, (t) => {
    t.deepEqual(parseLine(parseLogfmt, line), expected(want));
  });
}

const MALFORMED: string[] = [
  'level=info msg=hi',
  'ts=notatime level=info',
  'ts="2024-01-24 10:15:32.123',
  'ts=2024-13-01T00:00:00Z level=info',
  'ts=2024-01-24T10:15:32Z level=bogus',
  'ts=2024-01-24T10:15:32Z level=',
  'ts=2024-01-24T10:15:32Z level="info\\n"',
  'ts=2024-01-24T10:15:32Z msg="unterminated',
  'ts=2024-01-24T10:15:32Z msg="ends with backslash\\"',
  'ts=2024-01-24T10:15:32Z =x',
  'ts=2024-01-24T10:15:32Z msg="a"b',
  'ts=2024-01-24T10:15:32Z "quoted"=key',
  'ts=2024-01-24T10:15:32Z ke"y=v',
  'ts=2024-01-24T10:15:32Z a=b\u0001c',
  'ts="2024-01-24T10:15:32\\u005a"',
  '\x00\x01\x02 binary junk',
  'this is not a log line',
  '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
  '{"time":"2024-01-24T10:15:32.123Z","level":"info"}',
  '{"truncated": ',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512',
];

for (const line of MALFORMED) {
  test(`logfmt malformed: ${JSON.stringify(line).slice(0, 90)}`, (t) => {
    t.is(parseLine(parseLogfmt, line), null);
  });
}
