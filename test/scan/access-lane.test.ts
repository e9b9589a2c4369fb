/**
 * The access lane (assembly/access-lane.ts) against the JS reader of format
 * strings (src/parsers/access-line.ts): for Apache's and nginx's strings —
 * combined, combined with %D, vhost_combined, common, times in seconds, ms
 * and µs, free fields ending at multi-byte literals, a URL without a request
 * — the same bytes scanned both ways must give the same partial, to the last
 * bucket and top-error example, on random lines: times of three minutes and
 * several zones (and times the lane does not key on), requests with escaped
 * quotes, statuses and counts and response times of every shape the reader
 * refuses or reads, blanks and cut lines. Format strings with a time the lane
 * does not run have no lane.
 */
import test from 'ava';
import fc from 'fast-check';
import { apacheDefinition, buildAccess, ChunkScanner, Lane, type LaneSpec, type LineParser, LineRecord, type LogFormat, nginxDefinition, toWire } from '../../src/internal.js';
import { scanWith } from '../helpers/lane-check.js';

const STRINGS: Record<string, LogFormat> = {
  'apache combined': buildAccess(apacheDefinition('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"', 'a1')),
  'apache combined %D': buildAccess(apacheDefinition('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D', 'a2')),
  'apache vhost_combined': buildAccess(apacheDefinition('%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"', 'a3')),
  'apache common %T': buildAccess(apacheDefinition('%h %l %u %t "%r" %>s %b %T', 'a4')),
  'apache %{ms}T | literals': buildAccess(apacheDefinition('%h | %t | "%r" | %>s | %b | %{ms}T', 'a5')),
  'apache url, no request': buildAccess(apacheDefinition('%h %t %U %>s %b', 'a6')),
  'nginx combined $request_time': buildAccess(nginxDefinition('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time', 'n1')),
};

const p2 = (n: number): string => String(n).padStart(2, '0');

const timeArb = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('+0000', '+0000', '-0700', '+0530')).map(([m, s, z]) => `[24/Jan/2024:10:${p2(15 + m)}:${p2(s)} ${z}]`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('[24/Jan/2024:10:15:60 +0000]', '[24/Jan/2024:10:15:00 +00:00]', '[31/Feb/2024:10:15:00 +0000]', '[24/Jan/2024:10:15:00]', '[24/Jan/2024:10:15 +0000]', '24/Jan/2024:10:15:00 +0000', '[24/Jan/2024:10:15:0x +0000]', '[24/jan/2024:10:15:00 +0000]'),
  },
);
const hostArb = fc.constantFrom('10.0.0.1', '192.0.2.15', '::1', '-', 'a b', '');
const requestArb = fc.constantFrom('GET /a HTTP/1.1', 'POST /api/orders HTTP/1.1', 'GET /say \\"hi\\" HTTP/1.1', '-', '', 'GET /x?q=" HTTP/1.0', 'GET /trailing\\\\');
const statusArb = fc.constantFrom('200', '200', '404', '503', '500', '302', '099', '20', '2000', 'abc', '-', '601');
const countArb = fc.constantFrom('512', '0', '-', '12345678901234567', '123456789012345678', '', '1.5', '-1');
const rtArb = fc.constantFrom('0.105', '12', '1532', '30012345', '-', '-.5', '', '1.', '.5', '1e3', '0.000001', '123456789012345678901', '-1');
const quotedArb = fc.constantFrom('"-"', '"https://example.com/"', '"curl/8.5.0"', '"Mozilla/5.0 (X11; Linux x86_64)"', '"with \\" quote"', '"unclosed', '""');

/** A line for the string: its fields as the format writes them, now and then one replaced, cut, or padded. */
function lineArb(name: string): fc.Arbitrary<string> {
  return fc
    .tuple(hostArb, timeArb, requestArb, statusArb, countArb, quotedArb, quotedArb, rtArb, fc.integer({ min: 0, max: 30 }), fc.nat(200), fc.constantFrom('', '', ' ', '  ', '\t'))
    .map(([h, t, r, st, c, ref, ua, rt, mutate, cut, pad]) => {
      let line: string;
      if (name === 'apache combined') line = `${h} - - ${t} "${r}" ${st} ${c} ${ref} ${ua}`;
      else if (name === 'apache combined %D') line = `${h} - - ${t} "${r}" ${st} ${c} ${ref} ${ua} ${rt}`;
      else if (name === 'apache vhost_combined') line = `www.example.com:443 ${h} - - ${t} "${r}" ${st} ${c} ${ref} ${ua}`;
      else if (name === 'apache common %T') line = `${h} - - ${t} "${r}" ${st} ${c} ${rt}`;
      else if (name === 'apache %{ms}T | literals') line = `${h} | ${t} | "${r}" | ${st} | ${c} | ${rt}`;
      else if (name === 'apache url, no request') line = `${h} ${t} /api/x${c} ${st} ${c}`;
      else line = `${h} - - ${t} "${r}" ${st} ${c} ${ref} ${ua} ${rt}`;
      if (mutate === 0) line = line.slice(0, cut % (line.length + 1));
      if (mutate === 1) line = line.replace(' ', '  ');
      if (mutate === 2) line = line + ' extra';
      return pad === '' ? line : mutate % 2 === 0 ? line + pad : pad + line;
    });
}

function laneOf(f: LogFormat, readSize: number): Lane {
  const lane = Lane.create(f.lane as LaneSpec, readSize);
  if (lane === undefined) throw new Error('the access lane is not built (npm run build) or LOGA_LANE=off');
  return lane;
}

/** Lines the JS parser saw with the lane on, and the partial. */
function leftToJs(f: LogFormat, data: Buffer): { seen: string[]; partial: string } {
  const seen: string[] = [];
  const spy: LineParser = (buf, s, e, rec) => {
    seen.push(Buffer.from(buf.subarray(s, e)).toString());
    return f.parse(buf, s, e, rec);
  };
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, spy, { readSize: 1 << 20, lane: laneOf(f, 1 << 20) });
  s.step(1 << 30);
  return { seen, partial: JSON.stringify(toWire(s.result())) };
}

for (const [name, f] of Object.entries(STRINGS)) {
  test(`${name}: the access lane gives the JS reader's partial on random lines, for any read size and step budget`, (t) => {
    t.truthy(f.lane, `${name} has a lane`);
    let lines = 0;
    fc.assert(
      fc.property(fc.array(lineArb(name), { minLength: 1, maxLength: 60 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 1, max: 5000 }), (ls, crlf, final, readSize, budget) => {
        const nl = crlf ? '\r\n' : '\n';
        const data = Buffer.from(ls.join(nl) + (final ? nl : ''));
        lines += ls.length;
        return scanWith(f.parse, data, laneOf(f, readSize), readSize, budget) === scanWith(f.parse, data, undefined, readSize, budget);
      }),
      { numRuns: 300 },
    );
    t.true(lines > 1000, `${lines} lines`);
  });

  test(`${name}: on lines of one minute the lane takes nearly all, and the partial is the JS reader's`, (t) => {
    // a line starting with a blank is the JS parser's whatever the format (the lanes' rule), as is a leap second: none here
    const sample = fc.sample(lineArb(name).filter((l) => l.includes('[24/Jan/2024:10:15:') && l.includes('+0000]') && !l.includes(':60 ') && !/^[ \t]/.test(l)), { numRuns: 3000, seed: 7 });
    const rec = new LineRecord();
    const good = sample.filter((l) => {
      const b = Buffer.from(l);
      rec.reset();
      // a response time past the sketch's integer fast path (2^31 µs) is the JS parser's too
      return f.parse(b, 0, b.length, rec) && !(rec.rt >= 2_000_000);
    });
    t.true(good.length > 20, `${good.length} lines the reader reads`);
    const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => good[i % good.length]).join('\n') + '\n');
    const { seen, partial } = leftToJs(f, data);
    t.true(seen.length < 30, `${seen.length} of 3000 lines left to JS, such as ${JSON.stringify([...new Set(seen)].slice(0, 4))}`);
    t.is(partial, scanWith(f.parse, data, undefined, 1 << 20, 1 << 30));
  });
}

test('a format string with a time or field the lane does not run has no lane; the reader still reads it', (t) => {
  for (const s of ['$remote_addr [$time_iso8601] "$request" $status', '$remote_addr [$time_local] "$request" $status $upstream_response_time', '$msec "$request" $status']) {
    const f = buildAccess(nginxDefinition(s, 'x'));
    t.is(f.lane, undefined, s);
  }
  t.is(buildAccess(apacheDefinition('%h %{%d/%b/%Y %T}t "%r" %>s', 'y')).lane, undefined);
  t.truthy(buildAccess(apacheDefinition('%h %t "%r" %>s', 'z')).lane);
});
