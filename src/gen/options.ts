/**
 * The generator's options and defaults, apart from the generator itself so
 * the CLI can show them without loading (and precomputing) the generator.
 */

import {
  DEFAULT_GEN_ERROR_RATIO,
  DEFAULT_GEN_FORMAT,
  DEFAULT_GEN_MALFORMED,
  DEFAULT_GEN_RPS,
  DEFAULT_GEN_SEED,
  DEFAULT_GEN_SIZE,
} from '../defaults.js';

/** A format's name (src/formats/registry.ts); `loga gen` writes those with a generator. */
export type GenFormat = string;

export interface GenOptions {
  /** File path; created or truncated. */
  out: string;
  /** Target bytes: generation stops at the first line end at or after it (a line is never cut). */
  size: number;
  format: GenFormat;
  /** Same options, same seed → byte-identical file. Any finite number. */
  seed: number;
  /** Requests per second of log time; request k is stamped 2024-01-24T10:15:00.000Z + k·1000/rps ms. */
  rps: number;
  /** Fraction of entries at ERROR level (nginx: of 5xx responses). FATAL adds errorRatio/200. */
  errorRatio: number;
  /** Fraction of lines that are malformed. */
  malformed: number;
  /** Called with the bytes on disk so far, after each 4 MiB block and at the end. */
  onProgress?: (bytesWritten: number) => void;
}

export function defaultGenOptions(): Omit<GenOptions, 'out'> {
  return {
    size: DEFAULT_GEN_SIZE,
    format: DEFAULT_GEN_FORMAT,
    seed: DEFAULT_GEN_SEED,
    rps: DEFAULT_GEN_RPS,
    errorRatio: DEFAULT_GEN_ERROR_RATIO,
    malformed: DEFAULT_GEN_MALFORMED,
  };
}
