/** Every parser, any bytes: never a throw (SPEC §2), and a malformed verdict for junk. */
import test from 'ava';
import fc from 'fast-check';
import { formats, LineRecord, scanMessage } from '../../src/internal.js';

const rec = new LineRecord();

// Fragments that lead each parser deep into its grammar before the junk.
const PREFIXES = [
  '', '2024-01-24 10:15:32.123 ', '2024-01-24 10:15:32.123 INFO ', '2024-01-24T10:15:32+', '{"time":"2024-01-24T10:15:32Z","msg":"',
  '{"time":1706091332,"a":[', '{"level":', 'ts=2024-01-24T10:15:32Z msg="', 'ts=2024-01-24T10:15:32Z level=error msg=',
  '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "', '10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /" 200 5 "',
  'took ', 'mem=', 'cpu ', '{"time":"2024-01-24T10:15:32Z","level":"error","msg":"\\u',
];

for (const format of formats.names()) {
  test(`${format}: random bytes never throw`, (t) => {
    const parse = formats.resolve(format).parse;
    fc.assert(
      fc.property(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 200 }), fc.nat(), (prefix, junk, cut) => {
        const line = Buffer.concat([Buffer.from(prefix), junk]);
        // Any sub-range of the buffer too: parsers must stay within [start, end).
        const start = cut % (line.length + 1);
        rec.reset();
        parse(line, start, line.length, rec);
        rec.reset();
        parse(line, 0, line.length, rec);
        scanMessage(line, start, line.length, rec);
        return true;
      }),
      { numRuns: 4000 },
    );
    t.pass();
  });

  test(`${format}: megabyte lines never throw`, (t) => {
    const parse = formats.resolve(format).parse;
    const mb = 1 << 20;
    const bigs = [
      Buffer.alloc(2 * mb, 0),
      Buffer.alloc(2 * mb, 0xff),
      Buffer.alloc(2 * mb, '['),
      Buffer.alloc(2 * mb, '{"a":'),
      Buffer.alloc(2 * mb, '"'),
      Buffer.alloc(2 * mb, '\\'),
      Buffer.alloc(2 * mb, '9'),
      Buffer.alloc(2 * mb, 'took '),
      Buffer.alloc(2 * mb, 'k=v '),
      Buffer.from('2024-01-24 10:15:32.123 INFO ' + 'x'.repeat(2 * mb)),
      Buffer.from('{"time":"2024-01-24T10:15:32Z","a":' + '['.repeat(mb)),
      Buffer.from('ts=2024-01-24T10:15:32Z msg="' + '\\"'.repeat(mb)),
    ];
    for (const b of bigs) {
      rec.reset();
      t.notThrows(() => parse(b, 0, b.length, rec));
    }
  });

  test(`${format}: binary junk is malformed`, (t) => {
    const parse = formats.resolve(format).parse;
    for (const junk of [Buffer.from('\x00\x01\x02 binary junk', 'latin1'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from([0])]) {
      rec.reset();
      t.false(parse(junk, 0, junk.length, rec));
    }
  });
}
