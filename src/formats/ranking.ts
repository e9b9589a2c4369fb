/**
 * How well formats read a sample (detection, `loga formats --detect`):
 * every candidate's parser is tried on every non-blank line; a line counts
 * for a candidate when it is an entry, or a marker or continuation line of
 * that format. Candidates rank by the lines they account for, then by the
 * entries among them, then by their order (the first wins ties).
 *
 * Unless asked for full counts, reading stops once no other candidate can
 * catch up with the leader (the same ranking of the leader as reading to the
 * end, in about half the time for a file of one format).
 */
import { isContinuation } from '../parsers/continuation.js';
import { LineRecord, type LineParser, type LineTest } from '../parsers/record.js';
import type { FormatDefinition, LogFormat } from './format.js';

const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;

/** How much of a file detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/** A candidate: a format, fitted to the file when it has a definition. */
export interface Candidate {
  readonly format: LogFormat;
  readonly def?: FormatDefinition;
}

export interface Ranked extends Candidate {
  /** Lines parsed as entries. */
  parsed: number;
  /** Entries, markers and (multiline formats) continuation lines. */
  accounted: number;
}

export interface Ranking {
  /** Non-blank lines read (all of the sample's when counted in full). */
  lines: number;
  /** Best first. */
  ranked: Ranked[];
}

/** The sample cut at DETECT_BYTES, after its last whole line there. */
export function detectionSample(sample: Uint8Array): Uint8Array {
  if (sample.length <= DETECT_BYTES) return sample;
  // A line the cut went through would count against the right format. If
  // no line ends within 64 KiB (one huge first line), take that line whole,
  // as far as the sample has it.
  const cut = sample.lastIndexOf(LF, DETECT_BYTES);
  if (cut >= 0) return sample.subarray(0, cut + 1);
  const nl = sample.indexOf(LF, DETECT_BYTES);
  return nl >= 0 ? sample.subarray(0, nl + 1) : sample;
}

export function rank(whole: Uint8Array, candidates: readonly Candidate[], full = false): Ranking {
  const sample = detectionSample(whole);
  const n = sample.length;
  const k = candidates.length;
  const parsers: LineParser[] = candidates.map((c) => c.format.parse);
  const markers: (LineTest | undefined)[] = candidates.map((c) => c.format.marker);
  const continues: (LineTest | undefined)[] = candidates.map((c) => (c.format.multiline === true ? (c.format.continuation ?? isContinuation) : undefined));
  const parsed = new Array<number>(k).fill(0);
  const accounted = new Array<number>(k).fill(0);
  const rec = new LineRecord();
  // lines left to read: what the other formats could still gain at most
  let left = 0;
  for (let i = sample.indexOf(LF); i >= 0 && i < n; i = sample.indexOf(LF, i + 1)) left++;
  if (n > 0 && sample[n - 1] !== LF) left++;
  let lines = 0;
  let pos = 0;
  while (pos < n) {
    let nl = sample.indexOf(LF, pos);
    if (nl < 0 || nl >= n) nl = n;
    const s = pos;
    let e = nl;
    pos = nl + 1;
    left--;
    if (e > s && sample[e - 1] === CR) e--;
    let b = s;
    while (b < e && (sample[b] === SP || sample[b] === TAB)) b++;
    if (b === e) continue; // blank: neither an entry nor malformed
    lines++;
    let cont = -1; // isContinuation of the line, computed once when a multiline format asks
    for (let f = 0; f < k; f++) {
      rec.reset();
      if (parsers[f](sample, s, e, rec)) {
        parsed[f]++;
        accounted[f]++;
      } else if (markers[f]?.(sample, s, e) === true) accounted[f]++;
      else {
        const test = continues[f];
        if (test === isContinuation) {
          if (cont < 0) cont = isContinuation(sample, s, e) ? 1 : 0;
          accounted[f] += cont;
        } else if (test?.(sample, s, e) === true) accounted[f]++;
      }
    }
    if (!full && decided(accounted, parsed, left)) break;
  }
  const ranked: Ranked[] = candidates.map((c, f) => ({ ...c, parsed: parsed[f], accounted: accounted[f] }));
  const order = ranked.map((_, f) => f).sort((a, b) => accounted[b] - accounted[a] || parsed[b] - parsed[a] || a - b);
  return { lines, ranked: order.map((f) => ranked[f]) };
}

/** The leader is ahead of every other candidate by more than the lines left (and has entries). */
function decided(accounted: number[], parsed: number[], left: number): boolean {
  let best = 0;
  for (let f = 1; f < accounted.length; f++) if (accounted[f] > accounted[best] || (accounted[f] === accounted[best] && parsed[f] > parsed[best])) best = f;
  if (parsed[best] === 0) return false;
  for (let f = 0; f < accounted.length; f++) if (f !== best && accounted[best] <= accounted[f] + left) return false;
  return true;
}
