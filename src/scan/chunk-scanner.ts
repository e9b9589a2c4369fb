/**
 * Reads one chunk [start, end) of a file and feeds its lines to a parser and
 * an accumulator. Line ownership follows SPEC §2 (Hadoop's LineRecordReader):
 * a line belongs to the chunk holding its first byte, so a chunk with start > 0
 * skips through the first '\n' at or after start - 1 and reads past `end` to
 * finish its last line.
 *
 * Bytes are read into one reused buffer and lines are found with indexOf
 * (memchr); only a line that spans two reads is moved to the front. A line
 * longer than the buffer grows it, up to MAX_LINE; a longer line is still one
 * line, counted malformed without being held in memory.
 *
 * The scan runs in steps (`step(budget)`), so an actor can yield to its event
 * loop between steps to send heartbeats.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { DEFAULT_READ_SIZE } from '../defaults.js';
import { Accumulator } from './accumulator.js';
import type { PartialMetrics } from '../metrics/partial.js';
import { LineRecord, type LineParser } from '../parsers/record.js';
import { ERRORS_FULL, NEW_PREFIX, type Lane } from './lane.js';

const NL = 10;
const CR = 13;
const SP = 32;
const TAB = 9;

/** The longest line kept whole; a longer line is skipped to its end and counted malformed. */
export const MAX_LINE = 16 * 1024 * 1024;
/** How much a sample of an over-long line keeps. */
const SAMPLE_BYTES = 240;

export interface ChunkRange {
  path: string;
  /** Index of the file in the job (orders samples and examples). */
  file: number;
  start: number;
  end: number;
}

/**
 * Where the bytes come from: a file descriptor; bytes already in memory
 * (`offset` is the file offset of bytes[0]); or bytes pushed slice by slice
 * (shipped over NATS), starting at file offset max(0, start - 1).
 */
export type ByteSource = { fd: number } | { bytes: Uint8Array; offset: number } | { pushed: true };

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c !== SP && c !== TAB) return false;
  }
  return true;
}

export interface ScanOptions {
  /** Bytes per read (default DEFAULT_READ_SIZE); the buffer's size when one is given. */
  readSize?: number;
  /** A buffer to read into (reused across chunks by an actor). */
  buffer?: Buffer;
  /**
   * The format's lane (src/scan/lane.ts), made for the format of parse
   * (the lane's buffer is then the read buffer): it takes the plain lines,
   * parse gets the others.
   */
  lane?: Lane;
  /**
   * At most this many minute rows in the chunk's partial: when a line would
   * start one more, the scan stops before it and `splitAt` says where (the
   * rest of the range is another chunk). Bounds a worker's memory whatever
   * the time a chunk spans.
   */
  maxMinutes?: number;
}

export class ChunkScanner {
  private readonly acc: Accumulator;
  private readonly rec = new LineRecord();
  private buf: Buffer;
  /** File offset of buf[0]. */
  private base: number;
  private len = 0;
  private p = 0;
  private eof = false;
  private skipping = false;
  private started = false;
  /** Pushed slices not yet copied into buf (push mode). */
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private inputEnded = false;
  /** The format's lane, while it is in use (see src/scan/lane.ts). */
  private lane: Lane | undefined;
  /** Minute changes the lane reported, against lines it took: too many and the lane is left off. */
  private laneMinutes = 0;
  private laneLines = 0;
  private readonly maxMinutes: number;
  /**
   * When the scan stopped early for maxMinutes: the file offset of the first
   * line it left (the partial covers the lines starting in [start, splitAt));
   * -1 when it covered the whole range.
   */
  splitAt = -1;
  /** Set when a pushed-mode read found no bytes yet: step() returned to wait for push(). */
  starved = false;
  done = false;

  constructor(
    private readonly source: ByteSource,
    private readonly range: ChunkRange,
    private readonly parse: LineParser,
    opts: ScanOptions = {},
  ) {
    this.acc = new Accumulator(range.file);
    const lane = opts.lane;
    if (lane !== undefined) {
      this.lane = lane;
      lane.clearMinute();
      this.buf = lane.buffer;
    } else this.buf = opts.buffer ?? Buffer.allocUnsafe(Math.max(1024, opts.readSize ?? DEFAULT_READ_SIZE));
    this.maxMinutes = opts.maxMinutes ?? Infinity;
    this.base = range.start > 0 ? range.start - 1 : 0;
  }

  /** The read buffer (grown for a long line); an actor hands it to the next chunk. */
  get buffer(): Buffer {
    return this.buf;
  }

  /** Bytes of the range consumed so far. */
  get bytesDone(): number {
    const pos = this.base + this.p;
    return Math.max(0, Math.min(pos, this.range.end) - this.range.start);
  }

  /** Reads into buf[at..] from file offset base + at; returns the bytes read. */
  private read(at: number): number {
    const src = this.source;
    let n: number;
    if ('fd' in src) {
      n = readSync(src.fd, this.buf, at, this.buf.length - at, this.base + at);
    } else if ('bytes' in src) {
      const from = this.base + at - src.offset;
      n = Math.max(0, Math.min(this.buf.length - at, src.bytes.length - from));
      if (n > 0) this.buf.set(src.bytes.subarray(from, from + n), at);
    } else {
      n = this.takePushed(at);
      if (n === 0 && !this.inputEnded) {
        this.starved = true; // not the end: wait for push()
        return 0;
      }
    }
    if (n === 0) this.eof = true;
    return n;
  }

  /** Copies queued slices into buf[at..]: the next bytes of the stream, in order. */
  private takePushed(at: number): number {
    let n = 0;
    while (this.queue.length > 0 && at + n < this.buf.length) {
      const head = this.queue[0];
      const k = Math.min(head.length, this.buf.length - at - n);
      this.buf.set(head.subarray(0, k), at + n);
      n += k;
      this.queued -= k;
      if (k === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(k);
    }
    return n;
  }

  /** Push mode: the next slice of the range's bytes. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.starved = false;
  }

  /** Push mode: no more bytes will come (the range, or the file, ends). */
  endInput(): void {
    this.inputEnded = true;
    this.starved = false;
  }

  /** Push mode: bytes pushed but not yet scanned (for back-pressure). */
  get pending(): number {
    return this.queued;
  }

  /** Scans at least `budget` bytes (or to the end); returns true when the chunk is finished. */
  step(budget: number): boolean {
    if (this.done) return true;
    if (this.starved) return false;
    if (!this.started) {
      if (this.len === 0) this.len = this.read(0);
      if (this.starved) return false;
      if (this.range.start > 0) {
        const skipped = this.skipFirstLine();
        if (this.starved) return false;
        if (!skipped) return this.finish();
      }
      this.started = true;
    }
    const { parse, rec, acc } = this;
    let lane = this.lane;
    const end = this.range.end;
    // hot loop state in locals; written back before returning
    let buf = this.buf;
    let base = this.base;
    let len = this.len;
    let p = this.p;
    let skipping = this.skipping;
    const stopAt = base + p + budget;
    for (;;) {
      if (base + p >= end) break; // the next line starts in the next chunk
      if (lane !== undefined && buf === lane.buffer && !skipping) {
        // the lane takes the plain lines of the current minute, up to the first other one
        p = lane.scan(p, Math.min(end, stopAt) - base, len);
        if (lane.errorsListed !== 0) lane.drainErrors(acc, base);
        if (base + p >= end || base + p >= stopAt) break;
        const status = lane.status;
        if (status === ERRORS_FULL) continue;
        if (status === NEW_PREFIX) {
          if (this.newMinute(lane, buf)) {
            if (acc.minuteRows >= this.maxMinutes) {
              this.splitAt = base + p; // the rest of the range, from this line on, is another chunk
              break;
            }
            continue;
          }
          lane = this.lane; // undefined when newMinute left it off
        }
        // any other line, or the end of what is in buf: the JS path below, for one line
      }
      let i = buf.indexOf(NL, p);
      if (i >= len) i = -1;
      if (i < 0 && !this.eof) {
        // the line continues past what is in buf: keep its start and read on
        const rest = len - p;
        // no '\n' in `rest` bytes: the line is longer than rest; keep it whole up to MAX_LINE
        if (rest > MAX_LINE) {
          if (!skipping) acc.malformed(buf, p, p + SAMPLE_BYTES, base + p);
          skipping = true;
          this.base = base += len;
          p = 0;
          this.len = len = 0;
          len = this.read(0);
          if (this.starved) break;
        } else {
          if (p > 0) buf.copyWithin(0, p, len);
          else if (rest === buf.length) {
            // room for MAX_LINE bytes and the '\n', whatever the read size
            const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE + 1));
            buf.copy(bigger, 0, 0, len);
            this.buf = buf = bigger;
          }
          this.base = base += p;
          p = 0;
          this.len = len = rest;
          len += this.read(len);
          if (this.starved) break;
        }
        if (base + p >= stopAt) break;
        continue;
      }
      const lineEnd = i < 0 ? len : i;
      if (skipping) {
        skipping = false;
      } else {
        let e = lineEnd;
        if (e > p && buf[e - 1] === CR) e--;
        if (e > p) {
          const c = buf[p];
          if ((c !== SP && c !== TAB) || !isBlank(buf, p, e)) {
            rec.reset();
            if (parse(buf, p, e, rec)) acc.entry(rec, buf, base + p);
            else acc.malformed(buf, p, e, base + p);
          }
        }
      }
      if (i < 0) {
        p = len;
        this.eof = true;
        break; // last line of the file, without '\n'
      }
      p = i + 1;
      if (acc.minuteRows >= this.maxMinutes && base + p < end) {
        this.splitAt = base + p; // the rest of the range, from the next line on, is another chunk
        break;
      }
      if (base + p >= stopAt) break;
    }
    this.base = base;
    this.len = len;
    this.p = p;
    this.skipping = skipping;
    if (lane !== undefined) this.flushLane(lane);
    if (this.splitAt >= 0 || base + p >= end || (this.eof && p >= len)) return this.finish();
    return false;
  }

  /**
   * The line at p starts with another minute: flush the lane's counts of the
   * last one and give it the new one, if the JS parser reads the time where
   * the lane stopped as the lane expects (false: the line is the JS
   * parser's). The lane is left off for the
   * rest of the chunk when minutes change more often than every 32 lines
   * (a file out of time order), where the round trips would cost more than
   * the lane saves.
   */
  private newMinute(lane: Lane, buf: Buffer): boolean {
    const at = lane.prefixAt;
    const ms = lane.minuteAt(buf, at);
    if (ms !== ms) return false;
    this.flushLane(lane);
    if (++this.laneMinutes > 64 && this.laneMinutes * 32 > this.laneLines) {
      this.lane = undefined;
      return false;
    }
    lane.setMinute(at, ms);
    return true;
  }

  private flushLane(lane: Lane): void {
    this.laneLines += lane.taken;
    lane.flushInto(this.acc);
  }

  /** For start > 0: skip through the first '\n' at or after start - 1 (buf[0]). */
  private skipFirstLine(): boolean {
    for (;;) {
      const i = this.buf.indexOf(NL, 0);
      if (i >= 0 && i < this.len) {
        this.p = i + 1;
        return true;
      }
      if (this.eof) return false;
      this.base += this.len;
      this.len = 0;
      this.len = this.read(0);
      if (this.starved) return false;
    }
  }

  private finish(): true {
    this.done = true;
    this.p = this.len;
    return true;
  }

  /** The chunk's partial; valid once step() returned true. */
  result(): PartialMetrics {
    return this.acc.finish();
  }
}

/** Scans a whole chunk of a file synchronously (tests, the in-process path). */
export function scanChunk(range: ChunkRange, parse: LineParser, readSize?: number): PartialMetrics {
  const fd = openSync(range.path, 'r');
  try {
    const s = new ChunkScanner({ fd }, range, parse, { readSize });
    while (!s.step(Number.MAX_SAFE_INTEGER));
    return s.result();
  } finally {
    closeSync(fd);
  }
}
