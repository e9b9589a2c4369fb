/**
 * Format detection (SPEC §3: auto-detected per file from its first 64 KiB):
 * the registry's formats, fitted to the sample where they fit files
 * (LogFormat.fit), are ranked by the lines they read (src/formats/ranking.ts)
 * and the best wins. When none reads most of the sample, a layout is
 * inferred (src/formats/infer.ts) and used if it reads at least
 * INFERRED_SHARE of it; a sample no format reads goes to 'standard'.
 */
import type { Detected, FormatLookup, LogFormat } from './format.js';
import { inferLayout } from './infer.js';
import { rank, type Candidate, type Ranking } from './ranking.js';

export { DETECT_BYTES } from './ranking.js';

/** Below this share of the sample read by the best format, a layout is inferred. */
export const INFER_BELOW = 0.5;
/** An inferred layout is used when it reads at least this share of the sample (issue 10). */
export const INFERRED_SHARE = 0.9;
/** What a sample nothing reads is read as. */
export const FALLBACK_FORMAT = 'standard';

/** The candidates for a sample: every format, fitted to it where it fits files. */
export function candidatesFor(sample: Uint8Array, list: readonly LogFormat[], lookup: FormatLookup): Candidate[] {
  return list.map((format) => {
    const def = format.fit?.(sample, lookup);
    return def === undefined ? { format } : { format: lookup.resolve(def.name, def), def };
  });
}

function share(r: Ranking): number {
  return r.lines === 0 ? 1 : r.ranked[0].accounted / r.lines;
}

/** What `detect` picks from a ranking, inferring a layout when the best reads too little. */
export function pick(sample: Uint8Array, r: Ranking, lookup: FormatLookup): Detected {
  const best = r.ranked[0];
  const s = share(r);
  if (r.lines > 0 && s < INFER_BELOW) {
    const def = inferLayout(sample);
    if (def !== undefined) {
      const inferred = rank(sample, [{ format: lookup.resolve(def.name, def), def }], true);
      const is = share(inferred);
      if (is >= INFERRED_SHARE) return { name: def.name, def, share: is, inferred: true };
    }
  }
  if (best === undefined || best.parsed === 0) return { name: FALLBACK_FORMAT, share: best?.parsed === 0 ? 0 : s, inferred: false };
  return { name: best.format.name, def: best.def, share: s, inferred: false };
}

/** Detection over a registry's formats (FormatRegistry.detect). */
export function detectIn(sample: Uint8Array, list: readonly LogFormat[], lookup: FormatLookup): Detected {
  return pick(sample, rank(sample, candidatesFor(sample, list, lookup)), lookup);
}
