/** Reading one line with a format module's parser, for the catalogue formats' tests: what the parser filled, in readable form. */
import fc from 'fast-check';
import type { ExecutionContext } from 'ava';
import { type FileContext, LEVEL_NAMES, LineRecord, type LineParser, type LogFormat, formats } from '../../src/internal.js';

export interface Read {
  ts: string;
  level: string;
  rt: number;
  msg: string;
}

export function formatNamed(name: string): LogFormat {
  const f = formats.get(name);
  if (f === undefined) throw new Error(`no format ${name}`);
  return f;
}

/** The parser of a format for a file with this mtime (its parse when none is given). */
export function parserOf(format: LogFormat, file?: FileContext): LineParser {
  return file !== undefined && format.parserFor !== undefined ? format.parserFor(file) : format.parse;
}

/** The line read by the parser, undefined for a malformed line. The line sits inside a larger buffer, so offsets are checked too. */
export function read(parse: LineParser, line: string): Read | undefined {
  const pad = Buffer.from('xx\n');
  const body = Buffer.from(line, 'utf8');
  const buf = Buffer.concat([pad, body, pad]);
  const rec = new LineRecord();
  rec.reset();
  if (!parse(buf, pad.length, pad.length + body.length, rec)) return undefined;
  const msg = rec.msgText ?? buf.subarray(rec.msgStart, rec.msgEnd).toString('utf8');
  return { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], rt: rec.rt, msg };
}

/** At a mtime of 2025-01-02 12:00 UTC. */
export const NEW_YEAR_FILE: FileContext = { mtimeMs: Date.UTC(2025, 0, 2, 12, 0, 0) };

/** Random bytes, random text and mangled samples never make the parser throw, and what it accepts has a valid time and level. */
export function neverThrows(t: ExecutionContext, parse: LineParser, samples: readonly string[]): void {
  const rec = new LineRecord();
  const check = (b: Uint8Array): void => {
    if (b.length === 0) return;
    rec.reset();
    if (parse(b, 0, b.length, rec)) {
      if (!Number.isFinite(rec.ts) || !(rec.level >= 0 && rec.level < LEVEL_NAMES.length)) throw new Error(`accepted with ts ${rec.ts} level ${rec.level}`);
      if (!(rec.msgStart >= 0 && rec.msgStart <= rec.msgEnd && rec.msgEnd <= b.length)) throw new Error('message outside the line');
    }
  };
  const sample = fc.constantFrom(...samples.map((s) => Buffer.from(s, 'utf8')));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => check(b)), { numRuns: 3000 });
  // samples cut anywhere, and with a byte replaced anywhere
  fc.assert(
    fc.property(sample, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (s, cut, at, byte) => {
      check(s.subarray(0, cut % (s.length + 1)));
      const m = Buffer.from(s);
      m[at % m.length] = byte;
      check(m);
    }),
    { numRuns: 3000 },
  );
  t.pass();
}
