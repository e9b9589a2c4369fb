/**
 * Malformed lines (SPEC §4 `malformed_lines`): junk that no parser may take
 * for an entry, in any format, and that is never blank. Some are generic,
 * some look almost like the file's format.
 */

import { type ByteSink, NL } from './bytes.js';
import { type Rng } from './random.js';

function junk(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)));
  return new Uint8Array(Buffer.concat([...chunks, Buffer.from([NL])]));
}

const GENERIC = [
  junk('this is not a log line'),
  junk('2024-13-45 99:99:99.999 INFO broken clock'),
  junk('{"truncated": '),
  junk([0x00, 0x01, 0x02], ' binary junk'),
  // Not UTF-8: a lone continuation byte, a bad lead byte pair.
  junk([0xff, 0xfe], ' invalid utf-8 ', [0xc3, 0x28]),
];

export class MalformedLines {
  private readonly lines: Uint8Array[];

  /** The generic junk and a format's own look-alikes (its module's `lookalikes`). */
  constructor(lookalikes: readonly string[]) {
    this.lines = [...GENERIC, ...lookalikes.map((l) => junk(l))];
  }

  /** Writes one junk line, `\n` included. */
  line(sink: ByteSink, rng: Rng): void {
    sink.put(this.lines[rng.int(this.lines.length)]);
  }

  /** Every junk line this format can produce, for tests. */
  all(): readonly Uint8Array[] {
    return this.lines;
  }
}

