/**
 * Docker json-file lines, for `loga gen --format docker`: what
 * /var/lib/docker/containers/<id>/<id>-json.log holds for a container whose
 * program writes the standard format on stdout —
 *
 *   {"log":"2024-01-24 10:15:32.123 INFO Request processed in 127ms\n","stream":"stdout","time":"2024-01-24T10:15:32.123Z"}
 *
 * The `log` text is StandardLines' line, JSON-escaped, with its `\n`; the
 * daemon's `time` is the line's own in RFC 3339 with Go's RFC3339Nano
 * trimming of trailing fraction zeros. No draw of the generator is spent
 * here, so the inner lines are those `loga gen --format standard` writes
 * with the same seed (a test compares the figures of both).
 */
import { bytes, type ByteSink, NL } from './bytes.js';
import type { EntrySource } from './content.js';
import { type EntryWriter, StandardLines } from './lines.js';
import type { Rng } from './random.js';

const OPEN = bytes('{"log":"');
const AFTER_TEXT = bytes('\\n","stream":"stdout","time":"');
const CLOSE = bytes('Z"}');
const QUOTE = 34;
const BSLASH = 92;
const SP = 32;
const UC_T = 84;
const ZERO = 48;
const DOT = 46;
const HEX = bytes('0123456789abcdef');
const U00 = bytes('\\u00');
/** `YYYY-MM-DD HH:MM:SS.mmm` at the start of a standard line. */
const TIME_BYTES = 23;

export class DockerLines implements EntryWriter {
  private readonly inner: StandardLines;

  constructor(rng: Rng, source: EntrySource) {
    this.inner = new StandardLines(rng, source);
  }

  entry(s: ByteSink): void {
    s.put(OPEN);
    const start = s.pos;
    this.inner.entry(s);
    const end = s.pos - 1; // the line's '\n', written as the escape `\n`
    const b = s.buf;
    let plain = true;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c === QUOTE || c === BSLASH || c < SP) {
        plain = false;
        break;
      }
    }
    if (!plain) {
      const text = Buffer.from(b.subarray(start, end));
      s.pos = start;
      for (const c of text) {
        if (c === QUOTE || c === BSLASH) {
          s.byte(BSLASH);
          s.byte(c);
        } else if (c < SP) {
          s.put(U00);
          s.byte(HEX[c >> 4]);
          s.byte(HEX[c & 15]);
        } else s.byte(c);
      }
    } else s.pos = end;
    const textStart = start;
    s.put(AFTER_TEXT);
    // the line's time, `T` for the blank, trailing zeros of the fraction dropped (Go's RFC3339Nano)
    let last = textStart + TIME_BYTES;
    while (b[last - 1] === ZERO) last--;
    if (b[last - 1] === DOT) last--;
    for (let i = textStart; i < last; i++) s.byte(i === textStart + 10 ? UC_T : b[i]);
    s.put(CLOSE);
    s.byte(NL);
  }
}
