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
 * loop between steps to send heartbeats. A step alternates two loops: the
 * format's lane (src/scan/lane.ts) takes the plain lines of the current
 * minute, the JS parser the others (or all of them, without a lane); where
 * the bytes come from is a ByteReader (src/scan/byte-source.ts).
 */
import { closeSync, openSync } from 'node:fs';
import { DEFAULT_READ_SIZE } from '../defaults.js';
import { EARLIEST_TS, LATEST_TS, type PartialMetrics } from '../metrics/partial.js';
import { isContinuation } from '../parsers/continuation.js';
import { LineRecord, type LineParser, type LineTest } from '../parsers/record.js';
import type { Span } from '../parsers/wrapped.js';
import { Accumulator } from './accumulator.js';
import { PushedReader, readerOf, WAIT, type ByteReader, type ByteSource } from './byte-source.js';
import { ERRORS_FULL, NEW_PREFIX, type Lane } from './lane.js';

export type { ByteSource } from './byte-source.js';

const NL = 10;
const CR = 13;
const SP = 32;
const TAB = 9;

/** The longest line kept whole; a longer line is skipped to its end and counted malformed. */
export const MAX_LINE = 16 * 1024 * 1024;
/** How much a sample of an over-long line keeps. */
const SAMPLE_BYTES = 240;
/**
 * The lane is left off for the rest of a chunk once, after its first
 * LANE_TRIAL_MINUTES minute changes, minutes change more often than every
 * LANE_MIN_LINES_PER_MINUTE lines it took (a file out of time order): each
 * change is a round trip to JS (flush, the JS parser's reading of the time,
 * setMinute), which then costs more than the lane saves.
 */
const LANE_TRIAL_MINUTES = 64;
const LANE_MIN_LINES_PER_MINUTE = 32;
/**
 * A shape lane is left off for the rest of a chunk once, after it stopped
 * on SHAPE_TRIAL_STOPS lines, it took fewer than SHAPE_MIN_TAKEN per line
 * it stopped on: lines whose start rarely repeats (an Apache 2.4 error log's
 * client address and port) teach it nothing, and each stop then costs the
 * JS parse plus the lane's calls.
 */
const SHAPE_TRIAL_STOPS = 4096;
const SHAPE_MIN_TAKEN = 4;
/** Where teach() finds a wrapped line's inner line (LaneWrap.span). */
const SPAN: Span = { start: 0, end: 0 };

/** What the lane loop tells the step: go on with the lane, give the JS parser the next line, or end the step. */
const LANE = 0;
const JS = 1;
const STOP = 2;

export interface ChunkRange {
  path: string;
  /** Index of the file in the job (orders samples and examples). */
  file: number;
  start: number;
  end: number;
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c !== SP && c !== TAB) return false;
  }
  return true;
}

/**
 * How a format's lines are read (a LogFormat is one): the parser, and for a
 * line that does not parse, whether it is a marker (skipped like a blank
 * line) or, in a multiline format, a continuation of the entry before it.
 */
export interface LineReading {
  readonly parse: LineParser;
  readonly multiline?: boolean;
  /** The multiline format's continuation test (default isContinuation). */
  readonly continuation?: LineTest;
  readonly marker?: LineTest;
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
  private readonly parse: LineParser;
  /** The continuation test of a multiline format, undefined for another. */
  private readonly continues: LineTest | undefined;
  private readonly marker: LineTest | undefined;
  private readonly reader: ByteReader;
  /** The pushed source, in push mode. */
  private readonly pushed: PushedReader | undefined;
  private buf: Buffer;
  /** File offset of buf[0]. */
  private base: number;
  /** Bytes in buf. */
  private len = 0;
  /** Where the next line starts in buf. */
  private p = 0;
  private eof = false;
  /** Inside a line longer than MAX_LINE: its bytes are skipped to its end. */
  private skipping = false;
  private started = false;
  /** The format's lane, while it is in use (see src/scan/lane.ts). */
  private lane: Lane | undefined;
  /** Minute changes the lane reported, against lines it took: too many and the lane is left off. */
  private laneMinutes = 0;
  private laneLines = 0;
  /** Lines a shape lane stopped on (given to the JS parser), against laneLines: too many and it is left off. */
  private shapeStops = 0;
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
    source: ByteSource,
    private readonly range: ChunkRange,
    reading: LineReading | LineParser,
    opts: ScanOptions = {},
  ) {
    const r: LineReading = typeof reading === 'function' ? { parse: reading } : reading;
    this.parse = r.parse;
    this.continues = r.multiline === true ? (r.continuation ?? isContinuation) : undefined;
    this.marker = r.marker;
    this.reader = readerOf(source);
    this.pushed = this.reader instanceof PushedReader ? this.reader : undefined;
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

  /** Push mode: the next slice of the range's bytes. */
  push(bytes: Uint8Array): void {
    if (this.pushed === undefined) throw new TypeError('push() on a scanner that reads a file or memory');
    this.pushed.push(bytes);
    if (bytes.length > 0) this.starved = false;
  }

  /** Push mode: no more bytes will come (the range, or the file, ends). */
  endInput(): void {
    this.pushed?.end();
    this.starved = false;
  }

  /** Push mode: bytes pushed but not yet scanned (for back-pressure). */
  get pending(): number {
    return this.pushed?.pending ?? 0;
  }

  /** Reads into buf[at..] from file offset base + at; returns the bytes read (0 and `starved` when it must wait). */
  private read(at: number): number {
    const n = this.reader.read(this.buf, at, this.base + at);
    if (n === WAIT) {
      this.starved = true; // not the end: wait for push()
      return 0;
    }
    if (n === 0) this.eof = true;
    return n;
  }

  /** Scans at least `budget` bytes (or to the end); returns true when the chunk is finished. */
  step(budget: number): boolean {
    if (this.done) return true;
    if (this.starved) return false;
    if (!this.started && !this.begin()) return this.done;
    const end = this.range.end;
    const stopAt = this.base + this.p + budget;
    while (this.base + this.p < end) {
      const lane = this.lane;
      if (lane !== undefined && this.buf === lane.buffer && !this.skipping) {
        const next = this.laneRun(lane, stopAt);
        if (next === STOP) break;
        if (next === LANE) continue;
        // the line the lane stopped at (another layout, a malformed line, the end of what is in buf) is the JS parser's
        if (!this.jsLines(stopAt, 1)) break;
      } else if (!this.jsLines(stopAt, Infinity)) break;
    }
    if (this.lane !== undefined) this.flushLane(this.lane);
    if (this.splitAt >= 0 || this.base + this.p >= end || (this.eof && this.p >= this.len)) return this.finish();
    return false;
  }

  /** The first read and, for start > 0, the skip to this chunk's first line; false when it must wait for bytes or no line starts in the chunk (done). */
  private begin(): boolean {
    if (this.len === 0) this.len = this.read(0);
    if (this.starved) return false;
    if (this.range.start > 0) {
      const skipped = this.skipFirstLine();
      if (this.starved) return false;
      if (!skipped) {
        this.finish();
        return false;
      }
    }
    this.started = true;
    return true;
  }

  /** The lane takes the plain lines of the current minute from p, and the minutes after it, up to the first line it leaves to JS. */
  private laneRun(lane: Lane, stopAt: number): number {
    const end = this.range.end;
    const base = this.base;
    const stop = Math.min(end, stopAt) - base;
    for (;;) {
      const p = (this.p = lane.scan(this.p, stop, this.len));
      if (lane.errorsListed !== 0) lane.drainErrors(this.acc, base);
      if (base + p >= end || base + p >= stopAt) return STOP;
      const status = lane.status;
      if (status === ERRORS_FULL) continue;
      if (status !== NEW_PREFIX || !this.newMinute(lane)) return JS;
      if (this.acc.minuteRows >= this.maxMinutes) {
        this.splitAt = base + p; // the rest of the range, from this line on, is another chunk
        return STOP;
      }
    }
  }

  /**
   * Up to `max` lines through the JS parser; false when the step is over
   * (the range's end, a split, the budget spent, the input's end, or bytes
   * to wait for), true when the lane may take the next lines.
   */
  private jsLines(stopAt: number, max: number): boolean {
    const { parse, rec, acc } = this;
    const end = this.range.end;
    // hot loop state in locals; written back before returning
    const buf = this.buf;
    const base = this.base;
    const len = this.len;
    let p = this.p;
    for (let n = 0; n < max && base + p < end; n++) {
      let i = buf.indexOf(NL, p);
      if (i >= len) i = -1;
      if (i < 0 && !this.eof) {
        this.p = p;
        // the line continues past what is in buf: go on after the refill (a lane may take the lines after it)
        return this.carry() && this.base + this.p < stopAt;
      }
      const lineEnd = i < 0 ? len : i;
      if (this.skipping) {
        this.skipping = false;
      } else {
        let e = lineEnd;
        if (e > p && buf[e - 1] === CR) e--;
        if (e > p) {
          const c = buf[p];
          if ((c !== SP && c !== TAB) || !isBlank(buf, p, e)) {
            rec.reset();
            if (parse(buf, p, e, rec) && rec.ts >= EARLIEST_TS && rec.ts <= LATEST_TS) {
              acc.entry(rec, buf, base + p);
              if (max === 1 && this.lane?.shaped === true) this.teach(this.lane, p, e);
            } else this.notAnEntry(buf, p, e, base + p);
          }
        }
      }
      if (i < 0) {
        this.p = len;
        this.eof = true;
        return false; // last line of the file, without '\n'
      }
      p = i + 1;
      if (acc.minuteRows >= this.maxMinutes && base + p < end) {
        this.splitAt = base + p; // the rest of the range, from the next line on, is another chunk
        this.p = p;
        return false;
      }
      if (base + p >= stopAt) {
        this.p = p;
        return false;
      }
    }
    this.p = p;
    return true;
  }

  /** A non-blank line the parser did not take: a marker (skipped), a continuation, or malformed. */
  private notAnEntry(buf: Buffer, s: number, e: number, offset: number): void {
    if (this.marker?.(buf, s, e) === true) return;
    if (this.continues?.(buf, s, e) === true) this.acc.continuation();
    else this.acc.malformed(buf, s, e, offset);
  }

  /**
   * The line at p runs past the bytes in buf: move its start to buf[0]
   * (growing buf, up to MAX_LINE + 1 bytes, for a line longer than it) and
   * read on; a line longer than MAX_LINE is one malformed line, skipped to its
   * end. False when the bytes must be waited for.
   */
  private carry(): boolean {
    const rest = this.len - this.p;
    if (rest > MAX_LINE) {
      if (!this.skipping) this.acc.malformed(this.buf, this.p, this.p + SAMPLE_BYTES, this.base + this.p);
      this.skipping = true;
      this.base += this.len;
      this.p = 0;
      this.len = 0;
      this.len = this.read(0);
    } else {
      if (this.p > 0) this.buf.copyWithin(0, this.p, this.len);
      else if (rest === this.buf.length) {
        // room for MAX_LINE bytes and the '\n', whatever the read size
        const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, MAX_LINE + 1));
        this.buf.copy(bigger, 0, 0, this.len);
        this.buf = bigger;
      }
      this.base += this.p;
      this.p = 0;
      this.len = rest;
      this.len += this.read(rest);
    }
    return !this.starved;
  }

  /**
   * The line at p starts with another minute: flush the lane's counts of the
   * last one and give it the new one, if the JS parser reads the time where
   * the lane stopped as the lane expects (false: the line is the JS
   * parser's). See LANE_TRIAL_MINUTES for when the lane is left off.
   */
  private newMinute(lane: Lane): boolean {
    const at = lane.prefixAt;
    const ms = lane.minuteOfPrefix(at);
    if (!(ms >= EARLIEST_TS && ms <= LATEST_TS)) return false; // NaN (not the lane's), or a time the JS path counts malformed
    this.flushLane(lane);
    if (++this.laneMinutes > LANE_TRIAL_MINUTES && this.laneMinutes * LANE_MIN_LINES_PER_MINUTE > this.laneLines) {
      this.lane = undefined;
      return false;
    }
    lane.setMinuteOfPrefix(at, ms);
    return true;
  }

  /**
   * A shape lane stopped at the line [p, e), which the JS parser read as an
   * entry (rec): the lane takes the line's minute (as newMinute does for the
   * other lanes) and learns how the line reads, when the lane's rules hold
   * for it: the message runs from a non-blank byte to the line's end, and
   * only the message's figures make the line a request. A wrapped line
   * teaches its inner line.
   */
  private teach(lane: Lane, p: number, e: number): void {
    const rec = this.rec;
    if (++this.shapeStops === SHAPE_TRIAL_STOPS && this.laneLines + lane.taken < SHAPE_TRIAL_STOPS * SHAPE_MIN_TAKEN) {
      this.flushLane(lane);
      this.lane = undefined;
      return;
    }
    const wrap = lane.wrap;
    if (wrap !== undefined) {
      // a wrapped line: the lane learns its inner line, which is what it reads
      if (!wrap.span(this.buf, p, e, SPAN)) return;
      p = SPAN.start;
      e = SPAN.end;
    }
    const ms = lane.shapeMinute(p, e, rec.ts);
    if (!(ms >= EARLIEST_TS && ms + 59_999 <= LATEST_TS)) return; // NaN: not the lane's shape
    if (!lane.hasMinuteOf(p)) {
      this.flushLane(lane);
      if (++this.laneMinutes > LANE_TRIAL_MINUTES && this.laneMinutes * LANE_MIN_LINES_PER_MINUTE > this.laneLines) {
        this.lane = undefined;
        return;
      }
      lane.setMinute(p, ms);
    }
    const m = rec.msgStart;
    const buf = this.buf;
    let me = e;
    while (me > m && (buf[me - 1] === SP || buf[me - 1] === TAB)) me--;
    if (rec.msgText !== undefined || m >= rec.msgEnd || rec.msgEnd !== me || rec.request !== (rec.rt === rec.rt)) return;
    lane.learn(p, e, rec.level, lane.keyEnd === undefined ? m : lane.keyEnd());
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
export function scanChunk(range: ChunkRange, reading: LineReading | LineParser, readSize?: number): PartialMetrics {
  const fd = openSync(range.path, 'r');
  try {
    const s = new ChunkScanner({ fd }, range, reading, { readSize });
    while (!s.step(Number.MAX_SAFE_INTEGER));
    return s.result();
  } finally {
    closeSync(fd);
  }
}
