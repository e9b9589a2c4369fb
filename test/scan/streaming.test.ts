/**
 * Each format fed to the scanner whole, byte by byte, and split in two at
 * every position: the figures never change. The samples carry CRLF endings,
 * blank lines, non-UTF-8 bytes, malformed lines and a last line without '\n'.
 */
import test from 'ava';
import { ChunkScanner, computeFigures, type Figures, formats } from '../../src/internal.js';

type Format = 'standard' | 'json' | 'logfmt' | 'nginx';

const SAMPLES: Record<Format, { text: Buffer; entries: number; malformed: number; requests: number }> = {
  standard: {
    text: Buffer.concat([
      Buffer.from('2024-01-24 10:15:32.123 INFO Request processed in 127ms\r\n'),
      Buffer.from('\n   \t\n'),
      Buffer.from('2024-01-24 10:15:33,5+01:00 [error] Upstream returned 502, took 1.5s\n'),
      Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]),
      Buffer.from('2024-01-24T10:16:00Z WARN Memory usage: 2GB, cpu=75%'),
    ]),
    entries: 3,
    malformed: 1,
    requests: 2,
  },
  json: {
    text: Buffer.from(
      '{"timestamp":"2024-01-24T10:15:32.123Z","level":"info","msg":"done","duration_ms":127}\r\n' +
        '\n' +
        '{"ts":1706091333000,"level":50,"message":"Upstream \\"a\\" returned 502","req":{"id":[1,2,{"x":"}"}]}}\n' +
        '{"truncated": \n' +
        '{"time":"2024-01-24T10:16:00Z","msg":"Memory usage","memory_mb":512.5}',
    ),
    entries: 3,
    malformed: 1,
    requests: 1,
  },
  logfmt: {
    text: Buffer.from(
      'ts=2024-01-24T10:15:32.123Z level=info msg="Request processed" duration_ms=127\r\n' +
        '   \n' +
        'ts=2024-01-24T10:15:33Z level=error msg="say \\"hi\\" failed 3 times"\n' +
        'level=info msg="no time here"\n' +
        'ts=2024-01-24T10:16:00Z level=warn msg="cpu high" cpu_pct=91',
    ),
    entries: 3,
    malformed: 1,
    requests: 1,
  },
  nginx: {
    text: Buffer.from(
      '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105\r\n' +
        '\n' +
        '10.0.0.2 - bob [24/Jan/2024:11:15:34 +0100] "POST /b HTTP/1.1" 502 0 "-" "ua"\n' +
        '10.0.0.3 - - [24/Foo/2024:10:15:35 +0000] "GET / HTTP/1.1" 200 1\n' +
        '10.0.0.4 - - [24/Jan/2024:10:16:00 +0000] "GET /c HTTP/1.1" 404 10 "-" "ua" 1.5',
    ),
    entries: 3,
    malformed: 1,
    requests: 3,
  },
};

/** Scans the whole sample as one chunk, pushing the given slices. */
function scanPushed(format: Format, slices: Buffer[]): Figures {
  const total = slices.reduce((n, s) => n + s.length, 0);
  const s = new ChunkScanner({ pushed: true }, { path: 'sample', file: 0, start: 0, end: total }, formats.resolve(format).parse, { readSize: 1024 });
  let next = 0;
  let steps = 0;
  while (!s.step(64)) {
    if (++steps > 1_000_000) throw new Error('no progress');
    if (!s.starved) continue;
    if (next < slices.length) s.push(slices[next++]);
    else s.endInput();
  }
  return computeFigures(s.result(), ['sample']);
}

for (const format of Object.keys(SAMPLES) as Format[]) {
  const { text, entries, malformed, requests } = SAMPLES[format];

  test(`${format}: whole, the expected counts`, (t) => {
    const f = scanPushed(format, [text]);
    t.is(f.entries, entries);
    t.is(f.malformed_lines, malformed);
    t.is(f.lines, entries + malformed);
    t.is(f.total_requests, requests);
    t.is(f.errors, 1);
  });

  test(`${format}: byte by byte gives the same figures`, (t) => {
    const bytes = Array.from({ length: text.length }, (_, i) => text.subarray(i, i + 1));
    t.deepEqual(scanPushed(format, bytes), scanPushed(format, [text]));
  });

  test(`${format}: split in two at every position gives the same figures`, (t) => {
    const whole = scanPushed(format, [text]);
    for (let i = 1; i < text.length; i++) {
      t.deepEqual(scanPushed(format, [text.subarray(0, i), text.subarray(i)]), whole, `split at ${i}`);
    }
  });
}

test('a line of 3 MiB is one line, whole or fed in 1000-byte slices', (t) => {
  const long = Buffer.concat([
    Buffer.from('2024-01-24 10:15:32.123 ERROR '),
    Buffer.alloc(3 * 1024 * 1024, 0x61),
    Buffer.from(' took 5ms\n2024-01-24 10:15:33.000 INFO ok\n'),
  ]);
  const slices: Buffer[] = [];
  for (let i = 0; i < long.length; i += 1000) slices.push(long.subarray(i, i + 1000));
  const whole = scanPushed('standard', [long]);
  t.is(whole.lines, 2);
  t.is(whole.entries, 2);
  t.is(whole.total_requests, 1);
  t.deepEqual(scanPushed('standard', slices), whole);
});
