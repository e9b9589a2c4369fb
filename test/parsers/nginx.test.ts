import test from 'ava';
import { parseNginx } from '../../src/internal.js';
import { parseLine, expected } from './helpers.js';
import type { Expected } from './helpers.js';

const TS = '2024-01-24T10:15:33.000Z';
const HEAD = '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000]';
const REQ = 'GET /a HTTP/1.1';

const GOOD: Array<[string, Expected]> = [
  [`${HEAD} "${REQ}" 200 512 "-" "curl/8" 0.105`, { ts: TS, level: 'INFO', rt: 105, request: true, message: REQ }],
  [`${HEAD} "${REQ}" 200 512 "-" "curl/8"`, { ts: TS, level: 'INFO', request: true, message: REQ }],
  [`${HEAD} "${REQ}" 200 512`, { ts: TS, level: 'INFO', request: true, message: REQ }],
  [`${HEAD} "${REQ}" 200 512 0.002`, { ts: TS, level: 'INFO', rt: 2, request: true, message: REQ }],
  [`${HEAD} "${REQ}" 301 0 "-" "curl/8" 1`, { ts: TS, level: 'INFO', rt: 1000, request: true, message: REQ }],
  [`${HEAD} "${REQ}" 404 -`, { ts: TS, level: 'WARN', request: true, message: REQ }],
  [`${HEAD} "${REQ}" 499 0 "-" "-" 0.000`, { ts: TS, level: 'WARN', rt: 0, request: true, message: REQ }],
  [`${HEAD} "${REQ}" 500 0 "-" "-"`, { ts: TS, level: 'ERROR', request: true, message: REQ }],
  [`${HEAD} "${REQ}" 503 0 "https://x.example/?q=\\"a\\"" "Mozilla/5.0 (X11; Linux x86_64)" 12.5`,
    { ts: TS, level: 'ERROR', rt: 12500, request: true, message: REQ }],
  [`${HEAD} "${REQ}" 200 512 "-" "curl/8" - `, { ts: TS, level: 'INFO', request: true, message: REQ }],
  [`${HEAD} "${REQ}" 200 512 "-" "curl/8" 0.105 0.100 "203.0.113.9"`,
    { ts: TS, level: 'INFO', rt: 105, request: true, message: REQ }],
  ['2001:db8::1 - frank [24/Jan/2024:11:15:33 +0100] "POST /login HTTP/2.0" 302 0 "-" "-" 0.010',
    { ts: TS, level: 'INFO', rt: 10, request: true, message: 'POST /login HTTP/2.0' }],
  ['10.0.0.1 - - [24/Jan/2024:05:15:33 -0500] "-" 400 0 "-" "-"', { ts: TS, level: 'WARN', request: true, message: '-' }],
  ['10.0.0.1 - - [24/jan/2024:10:15:33 +0000] "" 200 0', { ts: TS, level: 'INFO', request: true, message: '' }],
  [`${HEAD} "GET /\\x22quoted\\x22 HTTP/1.1" 200 5`, { ts: TS, level: 'INFO', request: true, message: 'GET /\\x22quoted\\x22 HTTP/1.1' }],
];

for (const [line, want] of GOOD) {
  test(`nginx good: ${line.slice(0, 90)}`, (t) => {
    t.deepEqual(parseLine(parseNginx, line), expected(want));
  });
}

const MALFORMED: string[] = [
  `10.0.0.1 - - [24/Foo/2024:10:15:33 +0000] "${REQ}" 200 512`,
  `10.0.0.1 - - [32/Jan/2024:10:15:33 +0000] "${REQ}" 200 512`,
  `10.0.0.1 - - [24/Jan/2024:25:15:33 +0000] "${REQ}" 200 512`,
  `10.0.0.1 - - [24/Jan/2024:10:15:33] "${REQ}" 200 512`,
  `10.0.0.1 - - 24/Jan/2024:10:15:33 +0000 "${REQ}" 200 512`,
  `10.0.0.1 - - [24/Jan/2024:10:15:33 +0000 "${REQ}" 200 512`,
  `${HEAD} ${REQ} 200 512`,
  `${HEAD} "${REQ} 200 512`,
  `${HEAD} "${REQ}" abc 512`,
  `${HEAD} "${REQ}" 20 512`,
  `${HEAD} "${REQ}" 2000 512`,
  `${HEAD} "${REQ}" 099 512`,
  `${HEAD} "${REQ}" 200`,
  `${HEAD} "${REQ}" 200 `,
  `${HEAD} "${REQ}" 200 12a`,
  `${HEAD} "${REQ}" 200 512 "-"`,
  `${HEAD} "${REQ}" 200 512 "-" "curl`,
  `${HEAD} "${REQ}" 200 512 "-""curl/8"`,
  `${HEAD}"${REQ}" 200 512`,
  `[24/Jan/2024:10:15:33 +0000] "${REQ}" 200 512`,
  ` - - [24/Jan/2024:10:15:33 +0000] "${REQ}" 200 512`,
  '\x00\x01\x02 binary junk',
  'this is not a log line',
  '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
  '{"time":"2024-01-24T10:15:32.123Z","level":"info"}',
  'ts=2024-01-24T10:15:32.123Z level=info msg=x',
];

for (const line of MALFORMED) {
  test(`nginx malformed: ${JSON.stringify(line).slice(0, 90)}`, (t) => {
    t.is(parseLine(parseNginx, line), null);
  });
}
