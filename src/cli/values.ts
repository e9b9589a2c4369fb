/**
 * The value parsers of the option table (src/cli/options.ts): each turns the
 * raw value of a flag into a typed one or throws a UsageError that names the
 * flag and says what it takes. Light on purpose (no format registry): the
 * executable uses some of them to prefork actors before loading the rest.
 */
import { accessSync, constants, fstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkCount, DEFAULT_LOG_LEVEL, defaultWorkers, MAX_WORKERS } from '../defaults.js';
import { UsageError } from '../errors.js';
import { LOG_LEVELS } from '../log.js';

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

/** A size as parseSize reads it back: `32mb`, `1gb`, `512kb`, `100b`. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of [['gb', 1024 ** 3], ['mb', 1024 ** 2], ['kb', 1024]] as const) {
    if (bytes >= n && bytes % n === 0) return `${bytes / n}${unit}`;
  }
  return `${bytes}b`;
}

/** A whole number from min to max, as typed. */
export function parseCount(value: unknown, flag: string, min: number, max: number): number {
  const s = String(value).trim();
  if (!/^\d+$/.test(s)) checkCount(NaN, flag, min, max, String(value));
  return checkCount(Number(s), flag, min, max, String(value));
}

export function parseRatio(value: unknown, flag: string): number {
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag}: '${String(value)}' must be a number from 0 to 1`);
  }
  return n;
}

/** `loga analyze --workers`: local actors, one per core by default (also read by the prefork, src/cli/prefork-argv.ts). */
export function parseAnalyzeWorkers(value: unknown): number {
  return value === undefined ? defaultWorkers() : parseCount(value, '--workers', 1, MAX_WORKERS);
}

/** --log-level, defaulting to warn (error with --quiet). */
export function parseLogLevel(value: unknown, quiet: boolean): string {
  const level = String(value ?? (quiet ? 'error' : DEFAULT_LOG_LEVEL));
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

/**
 * The file arguments of analyze and supervise: as given; none means standard
 * input when a pipe or a file is on it (`cat app.log | loga analyze`), else a
 * UsageError (a terminal, /dev/null: nothing was meant to come).
 */
export function filesOrStdin(args: readonly string[] | undefined, command: string, stdinFd = 0): string[] {
  if (args !== undefined && args.length > 0) return [...args];
  let st;
  try {
    st = fstatSync(stdinFd);
  } catch {
    st = undefined;
  }
  if (st !== undefined && (st.isFIFO() || st.isFile() || st.isSocket())) return ['-'];
  throw new UsageError(`no input files; give log files (loga ${command} app.log 'logs/*.log'), or pipe a log in (cat app.log | loga ${command} -)`);
}
