/** What the application-log tests read from a line: one parse, as plain values. */
import fc from 'fast-check';
import type { ExecutionContext } from 'ava';
import { formats, LEVEL_NAMES, LineRecord, type LogFormat } from '../../src/internal.js';

export interface Read {
  ts: string;
  level: string;
  rt: number;
  request: boolean;
  message: string;
}

export function format(name: string): LogFormat {
  const f = formats.get(name);
  if (f === undefined) throw new Error(`no format ${name}`);
  return f;
}

/** The parse of one line by a format: its figures, or undefined for a malformed line. */
export function read(name: string, line: string): Read | undefined {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!format(name).parse(b, 0, b.length, rec)) return undefined;
  return {
    ts: new Date(rec.ts).toISOString(),
    level: LEVEL_NAMES[rec.level],
    rt: rec.rt,
    request: rec.request,
    message: rec.msgText ?? b.subarray(rec.msgStart, rec.msgEnd).toString('utf8'),
  };
}

/** No bytes make the parser throw: random bytes, and random lines made of the layout's own pieces. */
export function neverThrows(t: ExecutionContext, name: string, pieces: readonly string[]): void {
  const parse = format(name).parse;
  const rec = new LineRecord();
  const run = (b: Uint8Array): void => {
    rec.reset();
    parse(b, 0, b.length, rec);
    // a subarray too: the parser must stay within [start, end)
    if (b.length > 2) {
      rec.reset();
      parse(b, 1, b.length - 1, rec);
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => t.notThrows(() => run(b))), { numRuns: 500 });
  const piece = fc.constantFrom(...pieces);
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 14 }), (ps) => t.notThrows(() => run(Buffer.from(ps.join(''), 'utf8')))),
    { numRuns: 1500 },
  );
}
