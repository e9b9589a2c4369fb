/**
 * A definition's level map (`"levels": {"SEVERE": "ERROR", "E": "ERROR"}`)
 * read on bytes: the words a log writes for its levels, compared
 * case-insensitively, each to a canonical level. Then what every
 * user-defined format reads without a map: a level word (levelAt), a level
 * letter (levelLetter), a syslog severity digit 0–7.
 */
import { levelAt, levelFromSeverity, levelLetter } from '../../parsers/levels.js';
import { LEVEL_NAMES } from '../../parsers/record.js';

const D0 = 48;

/** A level map compiled to bytes. */
export interface LevelMap {
  /** The level named by bytes [s, e), or -1. */
  levelOf(buf: Uint8Array, s: number, e: number): number;
}

/** Lowercases an ASCII letter (other bytes stay). */
function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/**
 * Compiles `levels` (word → canonical level name, any case). Throws an Error
 * naming the entry whose value is not a level.
 */
export function compileLevelMap(levels: Readonly<Record<string, unknown>> | undefined): LevelMap {
  const words: Uint8Array[] = [];
  const targets: number[] = [];
  for (const [word, target] of Object.entries(levels ?? {})) {
    const level = typeof target === 'string' ? (LEVEL_NAMES as readonly string[]).indexOf(target.toUpperCase()) : -1;
    if (level < 0) throw new Error(`levels: '${String(target)}' (for '${word}') is not a level; use one of ${LEVEL_NAMES.join(', ')}`);
    const bytes = Buffer.from(word, 'utf8');
    words.push(bytes.map(lower));
    targets.push(level);
  }
  return {
    levelOf(buf, s, e) {
      const n = e - s;
      for (let w = 0; w < words.length; w++) {
        const word = words[w];
        if (word.length !== n) continue;
        let j = 0;
        while (j < n && lower(buf[s + j]) === word[j]) j++;
        if (j === n) return targets[w];
      }
      const known = levelAt(buf, s, e);
      if (known >= 0 || n !== 1) return known;
      const c = buf[s];
      return c >= D0 && c <= D0 + 7 ? levelFromSeverity(c - D0) : levelLetter(c);
    },
  };
}
