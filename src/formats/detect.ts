/**
 * Format detection (SPEC §3: auto-detected per file from its first 64 KiB):
 * every registered format's parser is tried on every non-blank line of the
 * sample and the format that parses the most lines wins. Ties, and a sample
 * no parser accepts, go to the registry's first format ('standard': it is
 * tried first and only a strictly better count beats it). Reading stops once
 * no other format can catch up with the leader.
 */
import { LineRecord } from '../parsers/record.js';
import type { LogFormat } from './format.js';
import { formats } from './registry.js';

const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;

/** How much of a file detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/** The name of the format of `sample`, among `candidates` (default: every registered format, in registry order). */
export function detectFormat(sample: Uint8Array, candidates: readonly LogFormat[] = formats.list()): string {
  let n = sample.length;
  if (n > DETECT_BYTES) {
    // Cut at 64 KiB, after the last whole line: a line the cut went through
    // would count against the right format. If no line ends within 64 KiB
    // (one huge first line), take that line whole, as far as the sample has it.
    const cut = sample.lastIndexOf(LF, DETECT_BYTES);
    if (cut >= 0) n = cut + 1;
    else {
      const nl = sample.indexOf(LF, DETECT_BYTES);
      if (nl >= 0) n = nl + 1;
    }
  }
  const parsers = candidates.map((f) => f.parse);
  const counts = new Array<number>(candidates.length).fill(0);
  const rec = new LineRecord();
  // lines left to read: what the other formats could still gain at most
  let left = 0;
  for (let i = sample.indexOf(LF); i >= 0 && i < n; i = sample.indexOf(LF, i + 1)) left++;
  if (n > 0 && sample[n - 1] !== LF) left++;
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
    for (let f = 0; f < parsers.length; f++) {
      rec.reset();
      if (parsers[f](sample, s, e, rec)) counts[f]++;
    }
    // decided: the leader is ahead of every other format by more than the
    // lines left (the same answer as reading to the end, in about half the
    // time for a file of one format; detection runs before any work starts)
    if (decided(counts, left)) break;
  }
  let best = 0;
  for (let f = 1; f < counts.length; f++) if (counts[f] > counts[best]) best = f;
  return candidates[best].name;
}

function decided(counts: number[], left: number): boolean {
  let best = 0;
  for (let f = 1; f < counts.length; f++) if (counts[f] > counts[best]) best = f;
  for (let f = 0; f < counts.length; f++) if (f !== best && counts[best] <= counts[f] + left) return false;
  return true;
}
