/**
 * What the lane tests share (test/scan/*-lane.test.ts): a whole buffer
 * scanned in one chunk with or without a format's lane, the partial as wire
 * JSON; the property that both ways agree on random lines; and which lines
 * the JS parser saw when the lane was on.
 */
import fc from 'fast-check';
import { ChunkScanner, formats, Lane, type LaneSpec, type LineParser, toWire } from '../../src/internal.js';

/** Scans all of data in one chunk with parse, and the lane when given; the partial as wire JSON. */
export function scanWith(parse: LineParser, data: Buffer, lane: Lane | undefined, readSize: number, budget: number): string {
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, parse, { readSize, lane });
  let steps = 0;
  while (!s.step(budget)) if (++steps > 1_000_000) throw new Error('no progress');
  return JSON.stringify(toWire(s.result()));
}

/** The lane of a registry format, with a buffer of readSize bytes; throws when lanes are off or not built. */
export function newLane(format: string, readSize: number): Lane {
  const lane = Lane.create(formats.resolve(format).lane as LaneSpec, readSize);
  if (lane === undefined) throw new Error(`the ${format} lane is not built (npm run build) or LOGA_LANE=off`);
  return lane;
}

/**
 * Asserts that the format's lane and its JS parser give the same partial on
 * files of random lines (LF or CRLF, with or without a last newline), for
 * any read size and step budget; returns the lines tried. The property
 * returns the comparison (not t.is inside it), so a failure is shrunk to its
 * smallest counterexample.
 */
export function assertLaneAgrees(format: string, lineArb: fc.Arbitrary<string>, numRuns: number): number {
  const parse = formats.resolve(format).parse;
  let lines = 0;
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 60 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 1, max: 5000 }), (ls, crlf, final, readSize, budget) => {
      const nl = crlf ? '\r\n' : '\n';
      const data = Buffer.from(ls.join(nl) + (final ? nl : ''));
      lines += ls.length;
      return scanWith(parse, data, newLane(format, readSize), readSize, budget) === scanWith(parse, data, undefined, readSize, budget);
    }),
    { numRuns },
  );
  return lines;
}

/** Scans data with the format's lane on (1 MiB reads, one step): the lines its JS parser was given, and the partial. */
export function linesLeftToJs(format: string, data: Buffer): { seen: string[]; partial: string } {
  const parse = formats.resolve(format).parse;
  const seen: string[] = [];
  const spy: LineParser = (buf, s, e, rec) => {
    seen.push(Buffer.from(buf.subarray(s, e)).toString());
    return parse(buf, s, e, rec);
  };
  const s = new ChunkScanner({ bytes: data, offset: 0 }, { path: 'x', file: 0, start: 0, end: data.length }, spy, { readSize: 1 << 20, lane: newLane(format, 1 << 20) });
  s.step(1 << 30);
  return { seen, partial: JSON.stringify(toWire(s.result())) };
}
