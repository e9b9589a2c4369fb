import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { DETECT_BYTES, detectFormat, formats, isContinuation, LineRecord, rank, parseJson, parseLogfmt, parseNginx, parseStandard } from '../../src/internal.js';

const SAMPLES = {
  standard: [
    '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    '2024-01-24 10:15:32.323 ERROR Database connection failed',
  ],
  json: [
    '{"time":"2024-01-24T10:15:32.123Z","level":"info","msg":"Request processed","duration_ms":127}',
    '{"level":50,"time":1706091332123,"msg":"boom"}',
  ],
  logfmt: [
    'ts=2024-01-24T10:15:32.123Z level=info msg="Request processed" duration_ms=127',
    'ts=2024-01-24T10:15:32.323Z level=error msg="Database connection failed"',
  ],
  nginx: [
    '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105',
    '10.0.0.2 - - [24/Jan/2024:10:15:34 +0000] "GET /b HTTP/1.1" 500 0 "-" "curl/8" 1.5',
  ],
} as const;

const NOISE = ['', '   ', 'this is not a log line', '\x00\x01\x02 binary junk', '{"truncated": '];

function sample(lines: readonly string[], eol = '\n'): Uint8Array {
  return Buffer.from(lines.join(eol) + eol, 'utf8');
}

// The catalogue's formats are detected from their modules' own samples (and test/formats/catalogue.test.ts).
const samplesOf = (format: string): readonly string[] => (SAMPLES as Record<string, readonly string[]>)[format] ?? formats.get(format)?.samples ?? [];

for (const format of formats.names()) {
  const lines = samplesOf(format);
  test(`detects ${format}`, (t) => {
    t.is(detectFormat(sample(lines)), format);
    t.is(detectFormat(sample([...NOISE, ...lines, ...NOISE])), format, 'with noise lines');
    t.is(detectFormat(sample(lines, '\r\n')), format, 'CRLF');
    t.is(detectFormat(sample(lines).subarray(0, -1)), format, 'no final newline');
  });
}

test('detection: nothing parses, empty → standard; a tie → the earlier format (standard, the catch-all, is last)', (t) => {
  t.is(detectFormat(new Uint8Array(0)), 'standard');
  t.is(detectFormat(sample(NOISE)), 'standard');
  t.is(detectFormat(sample([SAMPLES.json[0], SAMPLES.standard[0]])), 'json', 'a tie');
  t.is(formats.names().at(-1), 'standard');
  t.is(detectFormat(sample([SAMPLES.json[0], SAMPLES.nginx[0], SAMPLES.nginx[1], SAMPLES.standard[0]])), 'nginx', 'the most wins');
});

test('detection looks at the first 64 KiB only, whole lines', (t) => {
  const json = SAMPLES.json[0] + '\n';
  const head = json.repeat(Math.ceil((DETECT_BYTES + 10) / json.length));
  const tail = (SAMPLES.standard[0] + '\n').repeat(5000); // would win if read
  t.is(detectFormat(Buffer.from(head + tail)), 'json');
  // One line longer than 64 KiB: taken whole.
  const long = `{"time":"2024-01-24T10:15:32Z","msg":"${'x'.repeat(DETECT_BYTES * 2)}"}\n`;
  t.is(detectFormat(Buffer.from(long + SAMPLES.standard[0])), 'json');
});

test('parserFor', (t) => {
  t.is(formats.resolve('standard').parse, parseStandard);
  t.is(formats.resolve('json').parse, parseJson);
  t.is(formats.resolve('logfmt').parse, parseLogfmt);
  t.is(formats.resolve('nginx').parse, parseNginx);
});

test('detects the acceptance vectors as standard', (t) => {
  for (const f of ['normal.log', 'malformed.log']) {
    t.is(detectFormat(readFileSync(new URL(`../../../test_vectors/logs/${f}`, import.meta.url))), 'standard', f);
  }
});

/**
 * Detection's ranking as SPEC §3 states it: every parser on every non-blank
 * line of the first 64 KiB; the most lines read (entries, markers, and
 * continuations for a multiline format) wins, then the most entries, then
 * the first format; nothing read → standard.
 */
function detectByCounting(sample: Buffer): string {
  const names = formats.names();
  const text = sample.subarray(0, Math.min(sample.length, DETECT_BYTES)).toString('latin1');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  const counts = names.map((f) => {
    const format = formats.resolve(f);
    let parsed = 0;
    let read = 0;
    for (const l of lines) {
      const b = Buffer.from(l, 'latin1');
      if (format.parse(b, 0, b.length, new LineRecord())) parsed++;
      else if (!(format.marker?.(b, 0, b.length) === true || (format.multiline === true && isContinuation(b, 0, b.length)))) continue;
      read++;
    }
    return { parsed, read };
  });
  let best = 0;
  counts.forEach((c, i) => (c.read > counts[best].read || (c.read === counts[best].read && c.parsed > counts[best].parsed)) && (best = i));
  return counts[best].parsed === 0 ? 'standard' : names[best];
}

/** The leader of the ranking (what detection takes unless it infers a layout). */
function ranked(sample: Buffer): string {
  const best = rank(sample, formats.list().map((format) => ({ format }))).ranked[0];
  return best.parsed === 0 ? 'standard' : best.format.name;
}

test('detection that stops once the leader cannot be caught gives the answer of counting every line', (t) => {
  const pool = [...Object.values(SAMPLES).flat(), ...NOISE];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 300 }), fc.boolean(), (lines, crlf) => {
      const sample = Buffer.from(lines.join(crlf ? '\r\n' : '\n'));
      t.is(ranked(sample), detectByCounting(sample));
    }),
    { numRuns: 500 },
  );
});
