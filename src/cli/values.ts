/** Typed options with their defaults in one place, and the parsers that name the offending flag. */
import { accessSync, constants, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { LOG_LEVELS } from '../log.js';
import { FORMATS, type FormatOption } from '../parsers/record.js';

export const DEFAULT_CHUNK_SIZE = 32 * 1024 * 1024; // bytes
export const MAX_WORKERS = 256;

export function defaultWorkers(): number {
  return availableParallelism();
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Parses `64kb`, `32mb`, `1gb`, `4096` (bytes); binary units. */
export function parseSize(value: unknown, flag: string): number {
  const s = String(value).trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(s);
  const unit = m ? UNITS[m[2] === '' ? 'b' : m[2]] : undefined;
  if (!m || unit === undefined) {
    throw new UsageError(`${flag}: '${String(value)}' is not a size; use a number with an optional unit, e.g. 64kb, 32mb, 1gb`);
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new UsageError(`${flag}: must be at least 1 byte, got '${String(value)}'`);
  return bytes;
}

export function parseCount(value: unknown, flag: string, min: number, max: number): number {
  const s = String(value).trim();
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw new UsageError(`${flag}: '${String(value)}' must be a whole number from ${min} to ${max}`);
  }
  return Number(s);
}

export function parseFormat(value: unknown): FormatOption {
  const s = String(value ?? 'auto').toLowerCase();
  if (s === 'auto' || (FORMATS as readonly string[]).includes(s)) return s as FormatOption;
  throw new UsageError(`--format: '${String(value)}' is not a format; use one of auto, ${FORMATS.join(', ')}`);
}

export function parseRatio(value: unknown, flag: string): number {
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag}: '${String(value)}' must be a number from 0 to 1`);
  }
  return n;
}

/** --log-level, defaulting to warn (error with --quiet). */
export function parseLogLevel(flags: { logLevel?: unknown; quiet?: unknown }): string {
  const level = String(flags.logLevel ?? (flags.quiet ? 'error' : 'warn'));
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level: '${level}' is not a level; use one of ${LOG_LEVELS.join(', ')}`);
  }
  return level;
}

/**
 * A file to write (--out, gen's OUT), checked before the run (a long run must
 * not end on an unwritable path): its directory must exist and be writable,
 * and it must not be a directory.
 */
export function parseOutPath(value: unknown, name = '--out'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`${name}: needs a file name`);
  const path = resolve(value);
  const dir = dirname(path);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${name}: cannot write ${value}: ${code === 'ENOENT' ? `no directory ${dir}` : `${dir} is not writable`}`);
  }
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${name}: ${value} is a directory; give a file name`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  return value;
}
