/**
 * The server's own format string (issue 10 point 3): `--format 'nginx:…'`
 * and `--format 'apache:…'` compiled into access definitions (the `access`
 * kind) and read by a byte matcher. The combined strings read what the
 * built-in nginx format reads, with the same figures; the response-time
 * variables are read in their units; a bad string is an Error naming what is
 * wrong; a definition survives JSON (what a lease carries).
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyze,
  APACHE_COMBINED,
  apacheDefinition,
  buildAccess,
  type FormatDefinition,
  formats,
  LEVEL_NAMES,
  LineRecord,
  type LineParser,
  type LogFormat,
  NGINX_COMBINED,
  nginxDefinition,
  parseFormat,
  UnknownFormatError,
} from '../../src/internal.js';
import { scanSlices } from './helpers.js';

interface Read {
  ts: string;
  level: string;
  rt: number;
  msg: string;
}

function read(parse: LineParser, line: string): Read | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!parse(b, 0, b.length, rec)) return null;
  if (!rec.request) throw new Error(`an access line that is not a request: ${line}`);
  return { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], rt: rec.rt, msg: b.toString('utf8', rec.msgStart, rec.msgEnd) };
}

const nginxString = (s: string): LogFormat => buildAccess(nginxDefinition(s));
const apacheString = (s: string): LogFormat => buildAccess(apacheDefinition(s));

const COMBINED_LINES = [
  '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a?q=\\"x\\" HTTP/1.1" 404 0 "-" "curl/8 \\"quoted\\""',
  '192.168.1.20 - - [24/Jan/2024:10:15:34 +0200] "POST /api/orders HTTP/2.0" 503 - "-" "-"',
  '::1 - - [29/Feb/2024:23:59:60 +0000] "GET / HTTP/1.1" 301 169 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)"',
];
const NOT_COMBINED = [
  '10.0.0.1 - - [99/Foo/2024:99:99:99 +0000] "GET / HTTP/1.1" 200 0 "-" "-"',
  '10.0.0.1 - - [30/Feb/2024:10:15:33 +0000] "GET / HTTP/1.1" 200 0 "-" "-"',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET / HTTP/1.1" 2000 0 "-" "-"',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET / HTTP/1.1" 200 0 "-',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET / HTTP/1.1" 200 x "-" "-"',
];

const nginxBuiltIn = formats.resolve('nginx');

test("nginx's and Apache's combined strings read combined lines as the built-in nginx format does, line by line and in figures", (t) => {
  for (const format of [nginxString(NGINX_COMBINED), apacheString(APACHE_COMBINED)]) {
    for (const line of [...COMBINED_LINES, ...NOT_COMBINED]) t.deepEqual(read(format.parse, line), read(nginxBuiltIn.parse, line), `${format.name}: ${line}`);
    const text = Buffer.from([...COMBINED_LINES, ...NOT_COMBINED].join('\n') + '\n');
    t.deepEqual(scanSlices(format, [text]), scanSlices(nginxBuiltIn, [text]), format.name);
  }
});

test('the combined strings read the exact values of the httpd docs example', (t) => {
  t.deepEqual(read(apacheString(APACHE_COMBINED).parse, COMBINED_LINES[0]), {
    ts: '2000-10-10T20:55:36.000Z',
    level: 'INFO',
    rt: NaN,
    msg: 'GET /apache_pb.gif HTTP/1.0',
  });
  t.deepEqual(read(nginxString(NGINX_COMBINED).parse, COMBINED_LINES[2]), { ts: '2024-01-24T08:15:34.000Z', level: 'ERROR', rt: NaN, msg: 'POST /api/orders HTTP/2.0' });
});

test('combined + $request_time reads what the built-in nginx format reads on its lines with a request time', (t) => {
  const f = nginxString(`${NGINX_COMBINED} $request_time`);
  const lines = [
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105',
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 500 512 "-" "curl/8" 12.5',
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0',
  ];
  for (const line of lines) t.deepEqual(read(f.parse, line), read(nginxBuiltIn.parse, line), line);
  t.is(read(f.parse, lines[0])?.rt, 105);
  t.is(read(f.parse, lines[1])?.rt, 12500);
  // the string asks for the field: a line without it does not have the layout
  t.is(read(f.parse, COMBINED_LINES[0]), null);
});

test("Apache's %D is µs, %T seconds, %{ms}T and %{us}T as named; an Apache time is an integer", (t) => {
  const base = '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326';
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %D').parse, `${base} 1532`)?.rt, 1.532);
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %T').parse, `${base} 3`)?.rt, 3000);
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %{ms}T').parse, `${base} 42`)?.rt, 42);
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %{us}T').parse, `${base} 42000`)?.rt, 42);
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %D').parse, `${base} 0.105`), null);
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %D').parse, `${base} -`), null);
  // one limited to some statuses logs '-' for the others
  t.is(read(apacheString('%h %l %u %t "%r" %>s %b %!200D').parse, `${base} -`)?.rt, NaN);
});

test('$upstream_response_time: one time, `-`, or a list (retries, redirects) whose sum is the time; $request_time wins over it', (t) => {
  const f = nginxString('$remote_addr [$time_local] "$request" $status $upstream_response_time');
  const line = (v: string): string => `10.0.0.1 [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 502 ${v}`;
  t.is(read(f.parse, line('0.012'))?.rt, 12);
  t.is(read(f.parse, line('-'))?.rt, NaN);
  t.is(read(f.parse, line('0.001, 0.002'))?.rt, 3);
  t.is(read(f.parse, line('0.001, 0.002 : 0.004'))?.rt, 7);
  t.is(read(f.parse, line('-, 0.250'))?.rt, 250);
  t.is(read(f.parse, line('0.001,')), null);
  t.is(read(f.parse, line('fast')), null);
  const both = nginxString('$remote_addr [$time_local] "$request" $status $upstream_response_time $request_time');
  t.is(read(both.parse, line('0.010, 0.020 0.045'))?.rt, 45);
  t.is(read(both.parse, line('0.010, 0.020 -'))?.rt, 30, 'no request time: the upstream time');
  t.is(read(both.parse, line('- -'))?.rt, NaN);
});

test('the other times: $time_iso8601, $msec, %{sec}t, strftime layouts, %{msec_frac}t', (t) => {
  t.is(read(nginxString('$time_iso8601 $status "$request"').parse, '2024-01-24T10:15:33+02:00 200 "GET / HTTP/1.1"')?.ts, '2024-01-24T08:15:33.000Z');
  t.is(read(nginxString('$msec $status $request_time').parse, '1706091333.123 200 0.005')?.ts, '2024-01-24T10:15:33.123Z');
  t.is(read(apacheString('%{sec}t %>s').parse, '1706091333 200')?.ts, '2024-01-24T10:15:33.000Z');
  t.is(read(apacheString('%{msec}t %>s').parse, '1706091333123 200')?.ts, '2024-01-24T10:15:33.123Z');
  t.is(read(apacheString('%{%Y-%m-%d %H:%M:%S}t %>s "%r"').parse, '2024-01-24 10:15:33 404 "GET /x HTTP/1.1"')?.level, 'WARN');
  // the httpd docs' way to log milliseconds: the time, its fraction and its zone in three directives
  const frac = apacheString('[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %>s');
  t.is(read(frac.parse, '[24/Jan/2024 10:15:33.250 +0200] 200')?.ts, '2024-01-24T08:15:33.250Z');
  t.is(read(frac.parse, '[24/Jan/2024 10:15:33.250 +2500] 200'), null);
  t.is(read(apacheString('[%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t] %>s').parse, '[24/Jan/2024:10:15:33.250] 200')?.ts, '2024-01-24T10:15:33.250Z');
  t.is(read(apacheString('%{%a %b %e %T %Y}t %s').parse, 'Wed Jan  3 10:15:33 2024 200')?.ts, '2024-01-03T10:15:33.000Z');
  t.is(read(apacheString('%{%F %T %z}t %s').parse, '2024-01-24 10:15:33 -0130 200')?.ts, '2024-01-24T11:45:33.000Z');
  t.is(read(apacheString('%{%F %T}t %s').parse, '2024-02-30 10:15:33 200'), null, 'an impossible date');
  t.is(read(apacheString('%{%F %T}t %s').parse, '2024-01-24 25:15:33 200'), null, 'an impossible hour');
});

test('a quoted field runs to its closing quote, `\\"` escapes honoured; a free field to the literal after it', (t) => {
  const f = nginxString('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_user_agent" $host');
  const r = read(f.parse, '10.0.0.1 - alice smith [24/Jan/2024:10:15:33 +0000] "GET /q?a=\\"b\\" HTTP/1.1" 200 5 "UA \\"x\\" y" www.example.com');
  t.is(r?.msg, 'GET /q?a=\\"b\\" HTTP/1.1');
  // the message is the URL when there is no request line, else empty
  t.is(read(nginxString('[$time_local] $uri $status').parse, '[24/Jan/2024:10:15:33 +0000] /health 200')?.msg, '/health');
  t.is(read(nginxString('[$time_local] $status').parse, '[24/Jan/2024:10:15:33 +0000] 200')?.msg, '');
  // a line with more or less than the string
  t.is(read(nginxString('[$time_local] $status').parse, '[24/Jan/2024:10:15:33 +0000] 200 extra'), null);
  t.is(read(nginxString('[$time_local] $status $host').parse, '[24/Jan/2024:10:15:33 +0000] 200'), null);
});

test('the string as it stands in the configuration: the log_format / LogFormat directive, quoted pieces, \\" escapes, the nickname', (t) => {
  const n = nginxDefinition(`log_format main '$remote_addr - $remote_user [$time_local] "$request" '\n    '$status $body_bytes_sent "$http_referer" "$http_user_agent"';`);
  t.is(n.source, NGINX_COMBINED);
  t.deepEqual(apacheDefinition('LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-agent}i\\"" combined').source, APACHE_COMBINED);
  // pasted without the directive, still escaped as in httpd.conf
  const escaped = apacheDefinition('%h %l %u %t \\"%r\\" %>s %b');
  t.deepEqual(read(buildAccess(escaped).parse, '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')?.msg, 'GET / HTTP/1.0');
  // a bare string that starts with a quote is the log's quote
  t.is(nginxDefinition('"$request" $status [$time_local]').literals[0], '"');
});

test('a bad string is an Error that names what is wrong', (t) => {
  const bad: [string, RegExp][] = [
    ['nginx:', /nginx format string is empty/],
    ['nginx:$remote_addr $ [$time_local]', /'\$' at position 13 is not followed by a variable name/],
    ['nginx:${remote_addr [$time_local]', /'\$\{' at position 0 has no closing '\}'/],
    ['nginx:$remote_addr$remote_user [$time_local]', /\$remote_addr and \$remote_user have nothing between them/],
    ['nginx:$remote_addr "$request" $status', /has no time .*\$time_local/],
    ['nginx:plain text', /has no variable/],
    ['apache:%h %Z %t', /'%Z' \(at position 3\) is not an Apache LogFormat directive loga knows/],
    ['apache:%h %t %{s}x', /'%\{s\}x' .*is not an Apache LogFormat directive/],
    ['apache:%h %t %{minutes}T', /the unit of %T is s, ms or us/],
    ['apache:%h %{%Y-%m-%d %Q}t', /strftime conversion '%Q' .*is not supported; loga reads %Y/],
    ['apache:%h %{%H:%M:%S}t', /does not give a whole date and time/],
    ['apache:%h %{%z}t %s', /has no time/],
    ['apache:%h %{Referer', /'%\{' at position 3 has no closing '\}'/],
    ['apache:%h %t %', /ends with an unfinished directive '%'/],
    ['apache:%h %^xx %t', /'%\^xx' .*not an Apache LogFormat directive/],
  ];
  for (const [value, message] of bad) {
    const err = t.throws(() => formats.fromSpec(value), { instanceOf: UnknownFormatError }, value);
    t.regex(err?.message ?? '', message, value);
    t.true(err?.message.startsWith(`--format '${value}': `), value);
  }
  // a hand-written definition is checked too
  const r = (def: object): unknown => formats.resolve('x', { name: 'x', kind: 'access', ...def } as FormatDefinition);
  t.throws(() => r({ literals: ['', ''], fields: [{ name: 'a', role: 'time_local' }, { name: 'b', role: 'status' }] }), { message: /needs fields.length \+ 1 = 3 literals/ });
  t.throws(() => r({ literals: ['', ''], fields: [{ name: 'a', role: 'clock' }] }), { message: /a \(fields\[0\]\): role 'clock' is not one of skip, request/ });
  t.throws(() => r({ literals: [' ', ''], fields: [{ name: 'rt', role: 'response_time' }] }), { message: /a response_time needs a unit/ });
});

test('the spec prefixes are registered, and a spec passes the command line untouched (case matters: %h is not %H)', (t) => {
  t.true(formats.specPrefixes().includes('nginx'));
  t.true(formats.specPrefixes().includes('apache'));
  const value = 'apache:%h %l %u %t "%r" %>s %b %D';
  t.is(parseFormat(value), value);
  t.is(parseFormat('NGINX'), 'nginx');
  t.throws(() => parseFormat('apache:%h %Q'), { message: /'%Q'/ });
});

test('a definition round-trips through JSON (a lease) and builds the same reader', (t) => {
  for (const value of [`nginx:${NGINX_COMBINED} $request_time $upstream_response_time`, 'apache:%v:%p %h %l %u [%{%d/%b/%Y:%H:%M:%S}t.%{usec_frac}t %{%z}t] "%r" %>s %O %{ms}T']) {
    const def = formats.fromSpec(value);
    if (def === undefined) return t.fail(value);
    const copy = JSON.parse(JSON.stringify(def)) as FormatDefinition;
    t.deepEqual(copy, def);
    t.is(formats.resolve(copy.name, copy), formats.resolve(def.name, def), 'built once per definition');
  }
  const def = formats.fromSpec(`nginx:${NGINX_COMBINED} $request_time`) as FormatDefinition;
  const copy = JSON.parse(JSON.stringify(def)) as FormatDefinition;
  const line = '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105';
  t.deepEqual(read(buildAccess(copy).parse, line), read(buildAccess(def).parse, line));
  t.is(def.name, 'nginx-log-format');
});

test('garbage, cut lines and random bytes never throw', (t) => {
  const parsers = [
    nginxString(`${NGINX_COMBINED} $request_time $upstream_response_time`),
    apacheString('%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D'),
    apacheString('[%{%a %d/%b/%Y:%H:%M:%S}t.%{msec_frac}t] %{sec}t %>s %T'),
    nginxString('$msec $time_iso8601 $status'),
  ];
  const rec = new LineRecord();
  const lines = [...COMBINED_LINES, '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105 0.001, 0.002'];
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  for (const f of parsers) {
    t.notThrows(() => {
      for (const line of lines) {
        const b = Buffer.from(line);
        for (let e = 1; e <= b.length; e++) f.parse(b, 0, e, rec);
        for (let s = 0; s < b.length; s++) f.parse(b, s, b.length, rec);
      }
      for (let k = 0; k < 2000; k++) {
        const b = Buffer.from(Array.from({ length: 1 + (k % 300) }, rnd));
        f.parse(b, 0, b.length, rec);
      }
    }, f.name);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'loga-access-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test("`--format 'apache:…'` through analyze: the workers read the file by the definition, whatever the chunking", async (t) => {
  const lines: string[] = [];
  let sum = 0;
  for (let i = 0; i < 400; i++) {
    const us = 1000 + (i % 13) * 250;
    sum += us / 1000;
    const status = i % 10 === 0 ? 503 : i % 7 === 0 ? 404 : 200;
    lines.push(`www.example.com:443 10.0.0.${i % 250} - - [24/Jan/2024:10:${String(15 + Math.floor(i / 200)).padStart(2, '0')}:33 +0000] "GET /p/${i} HTTP/1.1" ${status} ${i} "-" "curl/8" ${us}`);
  }
  lines.splice(100, 0, 'not an access line');
  const path = join(dir, 'vhost-d.log');
  writeFileSync(path, lines.join('\n') + '\n');
  for (const chunkSize of [1024, 64 * 1024]) {
    const s = await analyze({ files: [path], actors: 'inprocess', workers: 2, chunkSize, format: 'apache:%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D' });
    t.is(s.files[0].format, 'apache-log-format');
    t.is(s.entries, 400);
    t.is(s.malformed_lines, 1);
    t.is(s.errors, 40);
    t.is(s.total_requests, 400);
    t.true(Math.abs((s.avg_response_time ?? 0) - sum / 400) < 1e-9, `${s.avg_response_time} vs ${sum / 400}`);
    t.is(s.per_minute.length, 2);
  }
});
