/**
 * Folds parsed lines into a PartialMetrics: the per-line hot path of a worker.
 * The current minute's row and the current second's count are cached, so a
 * time-ordered log touches a Map only when the minute or second changes.
 */
import { ERROR, type LineRecord } from '../parsers/record.js';
import {
  addError,
  addSample,
  addStat,
  emptyMinute,
  emptyPartial,
  MAX_MALFORMED_SAMPLES,
  newSeconds,
  type MinuteRow,
  type PartialMetrics,
} from '../metrics/partial.js';

/** Longest message kept for an error template or a malformed sample: characters for decoded (json, logfmt) messages, bytes otherwise. */
const MAX_TEXT = 240;
const DIGITS = /[0-9]+/g;
const D0 = 48;
const D9 = 57;
const HASH = 35; // '#'
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
/** Decoded templates kept per chunk; cleared when full (a chunk rarely has more). */
const TEMPLATE_CACHE = 4096;

/**
 * a[0..] equals b[0..n): a JS loop, not Buffer#compare, whose call into C++
 * cost 5-10 % of a scan of error-heavy logs (python, klog samples) for
 * templates of a few dozen bytes.
 */
function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function errorTemplate(message: string): string {
  return message.replace(DIGITS, '#');
}

export class Accumulator {
  readonly partial: PartialMetrics = emptyPartial();
  /**
   * Hot counters in a typed array, folded into the partial by finish():
   * [0..5] entries per level, [6] earliest ts, [7] latest ts (unboxed
   * doubles; the A/B against the partial's plain fields was within noise).
   */
  private readonly hot = new Float64Array(8).fill(NaN, 6);
  private readonly scratch = Buffer.allocUnsafe(MAX_TEXT);
  private readonly templates = new Map<number, { bytes: Buffer; template: string }>();
  private minute = NaN;
  /** Minute rows in the partial so far. */
  minuteRows = 0;
  private row: MinuteRow = emptyMinute();

  /** @param file index of the file in the job, for samples and error examples */
  constructor(private readonly file: number) {}

  /** An entry; `offset` is the file offset of the line's first byte. */
  entry(rec: LineRecord, buf: Uint8Array, offset: number): void {
    const hot = this.hot;
    const ts = rec.ts;
    hot[rec.level]++;
    // NaN compares false: the first entry sets both through the !(x <= ts) form
    if (!(hot[6] <= ts)) hot[6] = ts;
    if (!(hot[7] >= ts)) hot[7] = ts;
    const m = Math.floor(ts / 60000);
    let row = this.row;
    if (m !== this.minute) {
      const minutes = this.partial.minutes;
      const found = minutes.get(m);
      if (found === undefined) {
        minutes.set(m, (row = emptyMinute()));
        this.minuteRows++;
      } else row = found;
      this.row = row;
      this.minute = m;
    }
    row.entries++;
    if (rec.level >= ERROR) {
      row.errors++;
      this.error(rec, buf, offset);
    }
    if (rec.request) {
      row.requests++;
      // the second within the minute: 0..59 whatever the sign of ts
      (row.perSecond ??= newSeconds())[Math.floor((ts - m * 60000) / 1000)]++;
      if (rec.rt === rec.rt) row.rt.add(rec.rt);
    }
    if (rec.mem === rec.mem) addStat(row.mem, rec.mem);
    if (rec.cpu === rec.cpu) addStat(row.cpu, rec.cpu);
  }

  /**
   * Entries counted elsewhere (the standard lane), all in minute m: their
   * per-level counts and time bounds. Returns the minute's row for the rest
   * of their figures.
   */
  addEntries(m: number, entries: number, levels: ArrayLike<number>, firstTs: number, lastTs: number): MinuteRow {
    const hot = this.hot;
    for (let i = 0; i < 6; i++) hot[i] += levels[i];
    if (!(hot[6] <= firstTs)) hot[6] = firstTs;
    if (!(hot[7] >= lastTs)) hot[7] = lastTs;
    const minutes = this.partial.minutes;
    let row = minutes.get(m);
    if (row === undefined) {
      minutes.set(m, (row = emptyMinute()));
      this.minuteRows++;
    }
    row.entries += entries;
    return row;
  }

  /** A line that continues the entry before it (a multiline format's stack trace). */
  continuation(): void {
    this.partial.lines++;
    this.partial.continuation++;
  }

  /** A non-blank line that did not parse. */
  malformed(buf: Uint8Array, start: number, end: number, offset: number): void {
    const p = this.partial;
    p.lines++;
    p.malformed++;
    // lines arrive in offset order, so once the list is full no later line qualifies
    if (p.samples.length < MAX_MALFORMED_SAMPLES) {
      const text = Buffer.from(buf.buffer, buf.byteOffset + start, Math.min(end - start, MAX_TEXT)).toString('utf8');
      addSample(p, { file: this.file, offset, text });
    }
  }

  private error(rec: LineRecord, buf: Uint8Array, offset: number): void {
    if (rec.msgText !== undefined) {
      const text = rec.msgText.length > MAX_TEXT ? rec.msgText.slice(0, MAX_TEXT) : rec.msgText;
      addError(this.partial, errorTemplate(text), 1, text, this.file, offset);
      return;
    }
    this.errorBytes(buf, rec.msgStart, rec.msgEnd, offset);
  }

  /**
   * The top-errors part of an error entry whose message is bytes
   * [start, msgEnd) of buf (its counts are the caller's).
   *
   * Byte path, no string per error line: the template's bytes (digit runs
   * → '#') are hashed and looked up in a small cache of decoded templates;
   * only a new template or an earlier example is decoded.
   */
  errorBytes(buf: Uint8Array, start: number, msgEnd: number, offset: number): void {
    const end = Math.min(msgEnd, start + MAX_TEXT);
    const t = this.scratch;
    let n = 0;
    let h = FNV_OFFSET;
    let inDigits = false;
    for (let i = start; i < end; i++) {
      let c = buf[i];
      if (c >= D0 && c <= D9) {
        if (inDigits) continue;
        inDigits = true;
        c = HASH;
      } else inDigits = false;
      t[n++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    let known = this.templates.get(h);
    if (known === undefined || !sameBytes(known.bytes, t, n)) {
      if (this.templates.size >= TEMPLATE_CACHE) this.templates.clear();
      known = { bytes: Buffer.from(t.subarray(0, n)), template: t.toString('utf8', 0, n) };
      this.templates.set(h, known);
    }
    this.errorWithTemplate(known.template, buf, start, msgEnd, offset);
  }

  /** errorBytes when the template of the message's bytes is known already (a lane interned it). */
  errorWithTemplate(template: string, buf: Uint8Array, start: number, msgEnd: number, offset: number): void {
    const cur = this.partial.errors.get(template);
    if (cur !== undefined && (this.file > cur.file || (this.file === cur.file && offset > cur.offset))) {
      cur.count++; // the example stays the earlier one
      return;
    }
    const end = Math.min(msgEnd, start + MAX_TEXT);
    const example = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
    addError(this.partial, template, 1, example, this.file, offset);
  }


  /** The chunk's partial; call once, after the last line. */
  finish(): PartialMetrics {
    const p = this.partial;
    const hot = this.hot;
    for (let i = 0; i < 6; i++) {
      p.levels[i] += hot[i];
      p.lines += hot[i];
      hot[i] = 0;
    }
    if (hot[6] < p.firstTs) p.firstTs = hot[6];
    if (hot[7] > p.lastTs) p.lastTs = hot[7];
    return p;
  }
}
