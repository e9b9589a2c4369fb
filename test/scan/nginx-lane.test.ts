/**
 * The nginx access log's WebAssembly lane against the JS parser: the same
 * bytes scanned both ways must give the same partial, to the last bucket,
 * sample and top-error example. Lines are built to hit the parser's corners:
 * users with spaces and brackets, zones the lane does not key on, leap
 * seconds, escaped quotes, common and combined forms, request times that
 * are numbers, '-', long decimals or junk, statuses out of range, CRLF and
 * blank lines, and minutes that change.
 */
import test from 'ava';
import fc from 'fast-check';
import { ChunkScanner, formats, Lane, type LaneSpec, parseNginx, toWire } from '../../src/internal.js';

function scan(data: Buffer, lane: Lane | undefined, readSize: number, budget: number): string {
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, parseNginx, { readSize, lane });
  let steps = 0;
  while (!s.step(budget)) if (++steps > 1_000_000) throw new Error('no progress');
  return JSON.stringify(toWire(s.result()));
}

function newLane(readSize: number): Lane {
  const lane = Lane.create(formats.resolve('nginx').lane as LaneSpec, readSize);
  if (lane === undefined) throw new Error('the nginx lane is not built (npm run build) or LOGA_LANE=off');
  return lane;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

const timeArb = fc.oneof(
  { weight: 20, arbitrary: fc.record({ m: fc.integer({ min: 0, max: 3 }), s: fc.integer({ min: 0, max: 59 }), zone: fc.constantFrom('+0000', '+0000', '-0700', '+0530') })
      .map(({ m, s, zone }) => `24/Jan/2024:10:${p2(15 + m)}:${p2(s)} ${zone}`) },
  { weight: 1, arbitrary: fc.constantFrom('24/Jan/2024:10:15:60 +0000', '31/Feb/2024:10:15:00 +0000', '24/Jan/2024:10:15:00 +02:00', '24/Jan/2024:10:15:00 +02', '24/jan/2024:10:15:00 +0000', '24/Jan/2024:10:15:00', '24/Jan/2024:25:15:00 +0000') },
);

const quotedArb = fc.constantFrom('"GET /a HTTP/1.1"', '"POST /api/orders/17 HTTP/2.0"', '"GET /q?x=\\"y\\" HTTP/1.1"', '"-"', '""', '"GET /\\\\ HTTP/1.1"', '"unterminated');

const tailArb = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('"-"', '"https://example.com/"', '"a \\"quoted\\" ref"'), fc.constantFrom('"curl/8"', '"Mozilla/5.0 (X11; Linux x86_64)"', '"-"'))
    .map(([r, u]) => ` ${r} ${u}`),
  fc.constantFrom(' "-"', ' "ref" ', ' "ref"x "ua"'),
);

const rtArb = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 0, max: 99999 }).map((n) => ` ${(n / 1000).toFixed(3)}`),
  fc.constantFrom(' -', ' 0', ' 12', ' 1.5', ' 0.0000000001', ' 123456789012345678', ' 1e3', ' abc', ' 0.105 upstream=0.1', ' 0.105x', '  0.2 '),
);

const lineArb = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .tuple(
        fc.constantFrom('10.0.0.1', '2001:db8::1', 'host.example'),
        fc.constantFrom('- -', '- alice', '- bob smith', '- [x]', '-  -'),
        timeArb,
        quotedArb,
        fc.constantFrom('200', '201', '304', '404', '499', '500', '503', '099', '600', '20', '2000'),
        fc.constantFrom('512', '-', '0', '12a', ''),
        tailArb,
        rtArb,
      )
      .map(([addr, user, time, req, status, bytes, tail, rt]) => `${addr} ${user} [${time}] ${req} ${status} ${bytes}${tail}${rt}`),
  },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'not a log line', '10.0.0.1 - - [bad] "GET"', ' 10.0.0.1 - - [24/Jan/2024:10:15:00 +0000] "GET / HTTP/1.1" 200 1') },
);

test('the nginx lane gives the JS parser’s partial on random lines, for any read size and step budget', (t) => {
  let lines = 0;
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 60 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 1, max: 5000 }), (ls, crlf, final, readSize, budget) => {
      const nl = crlf ? '\r\n' : '\n';
      const data = Buffer.from(ls.join(nl) + (final ? nl : ''));
      t.is(scan(data, newLane(readSize), readSize, budget), scan(data, undefined, readSize, budget));
      lines += ls.length;
    }),
    { numRuns: 400 },
  );
  t.true(lines > 1000);
});

test('the lane takes plain lines itself, error lines included; the JS parser sees only the others', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    lines.push(`10.0.0.${i % 250} - - [24/Jan/2024:10:${p2(15 + Math.floor(i / 1000))}:${p2(i % 60)} +0000] "GET /api/orders/${i} HTTP/1.1" ${i % 10 === 0 ? 503 : 200} ${i} "-" "curl/8" ${(i % 700) / 1000}`);
  }
  lines.push('junk', '10.0.0.1 - - [24/Jan/2024:10:17:59 +02:00] "GET / HTTP/1.1" 200 1');
  const data = Buffer.from(lines.join('\n') + '\n');
  const seen: string[] = [];
  const spy: typeof parseNginx = (buf, s, e, rec) => {
    seen.push(Buffer.from(buf.subarray(s, e)).toString());
    return parseNginx(buf, s, e, rec);
  };
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, spy, { readSize: 1 << 20, lane: newLane(1 << 20) });
  s.step(1 << 30);
  t.deepEqual(seen, ['junk', '10.0.0.1 - - [24/Jan/2024:10:17:59 +02:00] "GET / HTTP/1.1" 200 1']);
  const viaLane = JSON.stringify(toWire(s.result()));
  t.is(viaLane, scan(data, undefined, 1 << 20, 1 << 30));
  t.regex(viaLane, /"GET \/api\/orders\/# HTTP\/#\.#",300/);
});
