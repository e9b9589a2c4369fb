/**
 * The supervisor's per-minute rows, each packed into a few bytes.
 *
 * A job's summary has a row per minute of log time, and a log can span a
 * year (525,600 minutes). As objects, a minute row costs a sketch with a
 * dense bucket array (kilobytes when response times spread), 60 per-second
 * counts and half a dozen objects. Packed, it costs its information: counts
 * as varints, the sketch's non-zero buckets as (index delta, count) varints,
 * the non-zero seconds as (second, count): about 40 bytes for a quiet
 * minute, a few KB for a busy one. The bytes are kept as a one-byte (latin1)
 * string, the most compact small object V8 has (a 16-byte header; a small
 * Uint8Array costs several times that). A row is unpacked only to merge into
 * it (a minute shared by two chunks) or to compute its figures.
 *
 * The last HOT_ROWS rows merged stay unpacked: chunks arrive roughly in
 * order and meet at their edges, so merges find their row there, and a row
 * is packed once, when it leaves. A job of a few hours of log time packs
 * nothing (1 GiB of the bench spans 270 minutes: 738 -> 707 ms, the
 * supervisor's packing had run on the cores the actors need).
 */
import { newSeconds } from './partial.js';
import type { MinuteRow } from './partial.js';
import { emptyMinute, mergeRow } from './partial.js';
import { Sketch } from './sketch.js';

/** What the figures need from a set of minute rows; a Map<number, MinuteRow> is one too. */
export interface MinuteSource {
  readonly size: number;
  keys(): Iterable<number>;
  get(m: number): MinuteRow | undefined;
}

class Writer {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A non-negative integer (up to 2^53) in 7-bit groups. */
  uint(x: number): void {
    if (!(Number.isSafeInteger(x) && x >= 0)) throw new RangeError(`packed minute: ${x} is not a count`);
    this.room(8);
    while (x >= 0x80) {
      this.buf[this.len++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.buf[this.len++] = x;
  }

  f64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.len, x, true);
    this.len += 8;
  }

  /** The bytes as a latin1 string (one char per byte). */
  text(): string {
    return Buffer.from(this.buf.buffer, 0, this.len).toString('latin1');
  }
}

const scratch = new DataView(new ArrayBuffer(8));

class Reader {
  at = 0;

  constructor(private readonly s: string) {}

  uint(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      const b = this.s.charCodeAt(this.at++);
      x += (b & 0x7f) * scale;
      if (b < 0x80) return x;
      scale *= 0x80;
    }
  }

  f64(): number {
    for (let i = 0; i < 8; i++) scratch.setUint8(i, this.s.charCodeAt(this.at + i));
    this.at += 8;
    return scratch.getFloat64(0, true);
  }
}

// Which optional parts a packed row holds (its first byte).
const HAS_MEM = 1;
const HAS_CPU = 2;
const HAS_SECONDS = 4;
const HAS_RT = 8;

function packStat(w: Writer, s: { n: number; sumMilli: number; min: number; max: number }): void {
  w.uint(s.n);
  w.f64(s.sumMilli);
  w.f64(s.min);
  w.f64(s.max);
}

function unpackStat(r: Reader, into: { n: number; sumMilli: number; min: number; max: number }): void {
  into.n = r.uint();
  into.sumMilli = r.f64();
  into.min = r.f64();
  into.max = r.f64();
}

export function packRow(row: MinuteRow): string {
  const w = new Writer();
  const rt = row.rt.n > 0 ? row.rt.toWire() : null;
  const flags = (row.mem.n > 0 ? HAS_MEM : 0) | (row.cpu.n > 0 ? HAS_CPU : 0) | (row.perSecond !== null ? HAS_SECONDS : 0) | (rt !== null ? HAS_RT : 0);
  w.uint(flags);
  w.uint(row.entries);
  w.uint(row.errors);
  w.uint(row.requests);
  if (flags & HAS_MEM) packStat(w, row.mem);
  if (flags & HAS_CPU) packStat(w, row.cpu);
  if (row.perSecond !== null) {
    let k = 0;
    for (const n of row.perSecond) if (n !== 0) k++;
    w.uint(k);
    row.perSecond.forEach((n, i) => {
      if (n === 0) return;
      w.uint(i);
      w.uint(n);
    });
  }
  if (rt !== null) {
    w.uint(rt.n);
    w.uint(rt.sumUs);
    w.f64(rt.min);
    w.f64(rt.max);
    w.uint(rt.b.length / 2);
    for (const x of rt.b) w.uint(x); // first index, count, then (delta, count) pairs
  }
  return w.text();
}

export function unpackRow(packed: string): MinuteRow {
  const r = new Reader(packed);
  const row = emptyMinute();
  const flags = r.uint();
  row.entries = r.uint();
  row.errors = r.uint();
  row.requests = r.uint();
  if (flags & HAS_MEM) unpackStat(r, row.mem);
  if (flags & HAS_CPU) unpackStat(r, row.cpu);
  if (flags & HAS_SECONDS) {
    const seconds = newSeconds();
    for (let k = r.uint(); k > 0; k--) {
      const i = r.uint();
      seconds[i] = r.uint();
    }
    row.perSecond = seconds;
  }
  if (flags & HAS_RT) {
    const n = r.uint();
    const sumUs = r.uint();
    const min = r.f64();
    const max = r.f64();
    const b: number[] = [];
    for (let k = r.uint() * 2; k > 0; k--) b.push(r.uint());
    row.rt = Sketch.fromWire({ n, sumUs, min, max, b });
  }
  return row;
}

/** Rows kept unpacked (see above): at most ~13 MB (a sketch spanning every bucket is 49 KB), typically a few. */
export const HOT_ROWS = 256;

/** Minute rows keyed by epoch minute, packed; rows merge in as chunks' partials arrive. */
export class PackedMinutes implements MinuteSource {
  private readonly rows = new Map<number, string>();
  /** Unpacked rows, least recently merged first; never also in `rows`. */
  private readonly hot = new Map<number, MinuteRow>();
  /** Packed bytes held (the rows' data, without per-row overhead; hot rows not counted). */
  bytes = 0;

  get size(): number {
    return this.rows.size + this.hot.size;
  }

  *keys(): IterableIterator<number> {
    yield* this.hot.keys();
    yield* this.rows.keys();
  }

  /** Minute m's row: a hot row is the one held (read it, do not change it); a packed one is unpacked anew. */
  get(m: number): MinuteRow | undefined {
    const row = this.hot.get(m);
    if (row !== undefined) return row;
    const b = this.rows.get(m);
    return b === undefined ? undefined : unpackRow(b);
  }

  /** Adds row's counts into minute m; row becomes the store's (the caller lets go of it). */
  mergeRow(m: number, row: MinuteRow): void {
    let cur = this.hot.get(m);
    if (cur !== undefined) {
      this.hot.delete(m); // re-inserted below: now the most recent
      mergeRow(cur, row);
    } else {
      const old = this.rows.get(m);
      if (old !== undefined) {
        cur = unpackRow(old);
        this.rows.delete(m);
        this.bytes -= old.length;
        mergeRow(cur, row);
      } else cur = row;
    }
    this.hot.set(m, cur);
    if (this.hot.size > HOT_ROWS) {
      const [coldest, r] = this.hot.entries().next().value as [number, MinuteRow];
      this.hot.delete(coldest);
      const packed = packRow(r);
      this.bytes += packed.length;
      this.rows.set(coldest, packed);
    }
  }
}
