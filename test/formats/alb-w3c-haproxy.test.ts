/**
 * The catalogue's access logs other than nginx: AWS ALB and Classic ELB,
 * W3C extended (IIS, CloudFront: columns fitted from `#Fields:`), HAProxy,
 * vhost_combined and combined_us — exact values of their documented lines,
 * W3C's directives as markers and its fitted definition carried to a chunk
 * in the middle of a file.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyze,
  type Chunk,
  detectFormat,
  fitW3c,
  formats,
  inspectFile,
  isW3cDirective,
  LEVEL_NAMES,
  LineRecord,
  type LineParser,
  type LogFormat,
  rank,
  runEmbedded,
} from '../../src/internal.js';
import { scanSlices } from './helpers.js';

function read(parse: LineParser, line: string): { ts: string; level: string; rt: number; msg: string } | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!parse(b, 0, b.length, rec)) return null;
  if (!rec.request) throw new Error(`not a request: ${line}`);
  return { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], rt: rec.rt, msg: b.toString('utf8', rec.msgStart, rec.msgEnd) };
}

const format = (name: string): LogFormat => formats.resolve(name);
const sample = (name: string, k: number): string => format(name).samples[k];

test('alb: the time, the balancer status as the level, the three processing times summed, -1 as no response time', (t) => {
  const alb = format('alb').parse;
  t.deepEqual(read(alb, sample('alb', 0)), { ts: '2018-07-02T22:23:00.186Z', level: 'INFO', rt: 1, msg: 'GET http://www.example.com:80/ HTTP/1.1' });
  t.is(read(alb, sample('alb', 1))?.rt, 171);
  t.deepEqual(read(alb, sample('alb', 3)), { ts: '2018-11-30T22:23:00.186Z', level: 'ERROR', rt: NaN, msg: 'GET http://www.example.com:80/ HTTP/1.1' });
  const line = sample('alb', 0).replace(' 200 200 ', ' 404 404 ');
  t.is(read(alb, line)?.level, 'WARN');
  t.is(read(alb, sample('alb', 0).replace('2018-07-02T', '2018-13-02T')), null);
});

test('elb: microsecond processing times summed exactly; a TCP listener line (status -) is an INFO request', (t) => {
  const elb = format('elb').parse;
  t.deepEqual(read(elb, sample('elb', 0)), { ts: '2015-05-13T23:39:43.945Z', level: 'INFO', rt: 1.178, msg: 'GET http://www.example.com:80/ HTTP/1.1' });
  t.is(read(elb, sample('elb', 1))?.rt, 2.471);
  t.deepEqual(read(elb, sample('elb', 2)), { ts: '2015-05-13T23:39:43.945Z', level: 'INFO', rt: 1.138, msg: '- - - ' });
  t.is(read(elb, sample('elb', 0).replace(' 200 200 ', ' 502 - '))?.level, 'ERROR');
});

test('haproxy: the accept date with its milliseconds, the last timer as the response time, the request line as the message', (t) => {
  const h = format('haproxy').parse;
  t.deepEqual(read(h, sample('haproxy', 0)), { ts: '2009-02-06T12:14:14.655Z', level: 'INFO', rt: 109, msg: 'GET /index.html HTTP/1.1' });
  // TCP: three timers, no status, backend/server as the message
  t.deepEqual(read(h, sample('haproxy', 1)), { ts: '2009-02-06T12:12:51.443Z', level: 'INFO', rt: 5007, msg: 'bck/srv1' });
  t.deepEqual(read(h, sample('haproxy', 2)), { ts: '2009-02-06T12:14:14.655Z', level: 'WARN', rt: 8001, msg: '<BADREQ>' });
  t.deepEqual(read(h, sample('haproxy', 3)), { ts: '2019-06-27T21:42:38.916Z', level: 'ERROR', rt: 63387, msg: 'PATCH /api/upload/4ddad61736a6 HTTP/1.1' });
  t.is(read(h, sample('haproxy', 4))?.rt, 109, "logasap's +Tt");
  // an unknown total, the 1.9+ TR/Tw/Tc/Tr/Ta form, an ISO syslog header
  t.is(read(h, sample('haproxy', 0).replace('10/0/30/69/109', '10/0/30/69/-1'))?.rt, NaN);
  const iso = '2022-09-04T21:34:04+00:00 lb1 haproxy[8]: 172.24.0.1:62106 [04/Sep/2022:21:34:04.666] main app/simpleServer 0/0/0/2/2 200 132 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"';
  t.deepEqual(read(h, iso), { ts: '2022-09-04T21:34:04.666Z', level: 'INFO', rt: 2, msg: 'GET / HTTP/1.1' });
  t.is(read(h, sample('haproxy', 0).replace('06/Feb/2009', '30/Feb/2009')), null);
});

test('vhost_combined and combined_us: the combined fields after the virtual host, and %D in µs', (t) => {
  t.deepEqual(read(format('vhost_combined').parse, sample('vhost_combined', 0)), { ts: '2000-10-10T20:55:36.000Z', level: 'INFO', rt: NaN, msg: 'GET /apache_pb.gif HTTP/1.0' });
  t.is(read(format('vhost_combined').parse, sample('vhost_combined', 2))?.level, 'ERROR');
  t.deepEqual(read(format('combined_us').parse, sample('combined_us', 0)), { ts: '2000-10-10T20:55:36.000Z', level: 'INFO', rt: 1.532, msg: 'GET /apache_pb.gif HTTP/1.0' });
  t.is(read(format('combined_us').parse, sample('combined_us', 1))?.rt, 30012.345);
  // the built-in nginx format keeps its own files, with a fraction after the user agent
  t.is(detectFormat(Buffer.from(format('nginx').samples.join('\n'))), 'nginx');
});

const IIS6 = [
  '#Software: Microsoft Internet Information Services 6.0',
  '#Version: 1.0',
  '#Date: 2002-05-02 17:42:15',
  '#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent) time-taken',
];

function iisLine(i: number): string {
  const status = i % 10 === 0 ? 500 : i % 5 === 0 ? 404 : 200;
  const s = String(i % 60).padStart(2, '0');
  return `2002-05-02 17:${String(42 + Math.floor(i / 60)).padStart(2, '0')}:${s} 172.22.255.255 - 172.30.255.255 80 GET /images/p${i}.jpg - ${status} Mozilla/4.0+(compatible;MSIE+5.5;+Windows+2000+Server) ${100 + (i % 7)}`;
}

test('w3c: the columns come from #Fields:, time-taken in ms for IIS; directive lines are markers, not entries nor malformed', (t) => {
  // from Microsoft's W3C Extended Log File Examples (IIS 6.0), with time-taken added to the fields
  const text = Buffer.from([...IIS6, iisLine(1), iisLine(10)].join('\r\n') + '\r\n');
  const def = fitW3c(text);
  t.deepEqual(def, { name: 'w3c', kind: 'w3c', fields: IIS6[3].slice(9).split(' '), separator: ' ', timeTaken: 'ms' });
  const fitted = formats.resolve('w3c', def);
  t.deepEqual(read(fitted.parse, iisLine(1)), { ts: '2002-05-02T17:42:01.000Z', level: 'INFO', rt: 101, msg: 'GET /images/p1.jpg' });
  t.is(read(fitted.parse, iisLine(10))?.level, 'ERROR');
  // IIS's defaults do not read these columns: the fitted definition does
  t.is(read(format('w3c').parse, iisLine(1)), null);
  t.deepEqual(formats.detect(text), { name: 'w3c', def, share: 1, inferred: false });
  for (const d of IIS6) t.true(isW3cDirective(Buffer.from(d), 0, d.length), d);
  t.false(isW3cDirective(Buffer.from('# a comment'), 0, 11));
  const figures = scanSlices(fitted, [text]);
  t.is(figures.entries, 2);
  t.is(figures.malformed_lines, 0);
  const ranking = rank(text, [{ format: fitted, def }], true);
  t.is(ranking.ranked[0].accounted, 6);
  t.is(ranking.ranked[0].parsed, 2);
});

test('w3c: time-taken is seconds for CloudFront (x-edge- fields or #Software), ms for Microsoft, else by the first value', (t) => {
  const cf = [
    '#Version: 1.0',
    '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end',
    ...format('cloudfront').samples,
  ];
  const def = fitW3c(Buffer.from(cf.join('\n') + '\n'));
  t.like(def, { name: 'cloudfront', kind: 'w3c', separator: '\t', timeTaken: 's' });
  const f = formats.resolve('cloudfront', def);
  t.deepEqual(read(f.parse, cf[2]), { ts: '2019-12-04T21:02:31.000Z', level: 'INFO', rt: 1, msg: '/index.html' });
  t.deepEqual(read(f.parse, cf[4]), { ts: '2019-12-13T22:36:27.000Z', level: 'ERROR', rt: 102, msg: '/favicon.ico' });
  t.is(detectFormat(Buffer.from(cf.join('\n'))), 'cloudfront');
  const other = (software: string, taken: string): string | undefined =>
    fitW3c(Buffer.from(`${software}#Fields: date time cs-method cs-uri-stem sc-status time-taken\n2024-01-24 10:15:32 GET / 200 ${taken}\n`))?.timeTaken;
  t.is(other('#Software: Microsoft Internet Information Services 10.0\n', '0.5'), 'ms');
  t.is(other('', '0.250'), 's');
  t.is(other('', '250'), 'ms');
  t.is(fitW3c(Buffer.from('#Fields: c-ip cs-uri-stem\n1.2.3.4 /\n')), undefined, 'no date and time columns: nothing to fit');
  t.is(fitW3c(Buffer.from('2024-01-24 10:15:32.123 INFO #Fields: date time\n')), undefined, 'a #Fields: that is not a directive');
});

test('w3c: a definition without date or time, or with a bad separator, is refused by the kind', (t) => {
  t.throws(() => formats.resolve('x', { name: 'x', kind: 'w3c', fields: ['time', 'cs-uri-stem'], separator: ' ', timeTaken: 'ms' }), { message: /no 'date' column/ });
  t.throws(() => formats.resolve('x', { name: 'x', kind: 'w3c', fields: ['date', 'time'], separator: ',', timeTaken: 'ms' }), { message: /separator must be/ });
  t.throws(() => formats.resolve('x', { name: 'x', kind: 'w3c', fields: ['date', 'time'], separator: ' ', timeTaken: 'min' }), { message: /timeTaken must be/ });
});

const dir = mkdtempSync(join(tmpdir(), 'loga-w3c-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('w3c: the fitted definition travels in every lease, so a chunk from the middle of the file reads its columns', async (t) => {
  const lines: string[] = [...IIS6];
  let rt = 0;
  for (let i = 0; i < 300; i++) {
    lines.push(iisLine(i));
    rt += 100 + (i % 7);
    // IIS writes its directives again when it restarts
    if (i === 150) lines.push(...IIS6);
  }
  const path = join(dir, 'u_ex020502.log');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  const planned = inspectFile(path, 'auto');
  t.is(planned.format, 'w3c');
  t.like(planned.formatDef, { kind: 'w3c', timeTaken: 'ms' });
  const leased: Chunk[] = [];
  const s = await runEmbedded([planned], { files: [path], actors: 'inprocess', workers: 2, chunkSize: 1024, onStart: (job) => job.on('leased', (c) => leased.push(c)) });
  t.true(leased.length > 10);
  for (const c of leased) t.deepEqual(c.format_def, planned.formatDef);
  t.is(s.entries, 300);
  t.is(s.malformed_lines, 0);
  t.is(s.errors, 30);
  t.is(s.total_requests, 300);
  t.true(Math.abs((s.avg_response_time ?? 0) - rt / 300) < 1e-9);
  // the same through analyze, whatever the chunk size
  for (const chunkSize of [512, 1 << 20]) {
    const a = await analyze({ files: [path], actors: 'inprocess', workers: 2, chunkSize });
    t.is(a.files[0].format, 'w3c');
    t.is(a.entries, 300);
    t.is(a.malformed_lines, 0);
  }
});

test('garbage, cut lines and random bytes never throw', (t) => {
  const names = ['alb', 'elb', 'w3c', 'cloudfront', 'haproxy', 'vhost_combined', 'combined_us'];
  const rec = new LineRecord();
  let seed = 11;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  for (const name of names) {
    const f = format(name);
    t.notThrows(() => {
      for (const line of [...f.samples, ...(f.lookalikes ?? [])]) {
        const b = Buffer.from(line);
        for (let e = 1; e <= b.length; e++) f.parse(b, 0, e, rec);
        for (let s = 0; s < b.length; s++) f.parse(b, s, b.length, rec);
      }
      for (let k = 0; k < 2000; k++) {
        const b = Buffer.from(Array.from({ length: 1 + (k % 300) }, rnd));
        f.parse(b, 0, b.length, rec);
      }
    }, name);
  }
});
