/**
 * CRI container log lines, for `loga gen --format cri`: what kubelet's
 * /var/log/pods/<pod>/<container>/0.log holds (containerd writes it) for a
 * container whose program writes the standard format on stdout —
 *
 *   2024-01-24T10:15:32.123417093Z stdout F 2024-01-24 10:15:32.123 INFO Request processed in 127ms
 *
 * The time is the line's own with nanoseconds in RFC 3339, as Go's
 * RFC3339Nano writes it (trailing zeros of the fraction dropped); the digits
 * below the millisecond come from a counter, not the generator's draws, so
 * the inner lines are those `loga gen --format standard` writes with the
 * same seed (a test compares the figures of both). The inner line is the
 * program's as it wrote it: CRI escapes nothing.
 */
import { bytes, type ByteSink } from './bytes.js';
import type { EntrySource } from './content.js';
import { type EntryWriter, StandardLines } from './lines.js';
import type { Rng } from './random.js';

const STREAM = bytes('Z stdout F ');
const UC_T = 84;
const ZERO = 48;
const DOT = 46;
/** `YYYY-MM-DD HH:MM:SS.mmm` at the start of a standard line. */
const TIME_BYTES = 23;
/** The longest prefix: the time with 9 fraction digits, then STREAM. */
const PREFIX_MAX = TIME_BYTES + 6 + STREAM.length;

export class CriLines implements EntryWriter {
  private readonly inner: StandardLines;
  private readonly prefix = new Uint8Array(PREFIX_MAX);
  private count = 1;

  constructor(rng: Rng, source: EntrySource) {
    this.inner = new StandardLines(rng, source);
  }

  entry(s: ByteSink): void {
    const start = s.pos;
    this.inner.entry(s);
    const end = s.pos;
    const b = s.buf;
    const p = this.prefix;
    for (let i = 0; i < TIME_BYTES; i++) p[i] = i === 10 ? UC_T : b[start + i];
    // nanoseconds below the millisecond: 6 digits of a counter's walk
    let ns = (this.count++ * 389_141) % 1_000_000;
    for (let i = TIME_BYTES + 5; i >= TIME_BYTES; i--) {
      p[i] = ZERO + (ns % 10);
      ns = Math.floor(ns / 10);
    }
    let n = TIME_BYTES + 6;
    while (p[n - 1] === ZERO) n--;
    if (p[n - 1] === DOT) n--;
    p.set(STREAM, n);
    n += STREAM.length;
    b.copyWithin(start + n, start, end);
    b.set(p.subarray(0, n), start);
    s.pos = end + n;
  }
}
