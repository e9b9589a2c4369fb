/**
 * Turns the command line's file arguments into checked inputs: globs expanded
 * (for patterns the shell left quoted), every file stat'ed and opened once,
 * the format detected from its first 64 KiB (decompressed, for a gzip or
 * zstd file: src/scan/compression.ts). Anything wrong is an InputError
 * naming the file and the reason (exit 2).
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { hostname } from 'node:os';
import { resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';
import type { FormatDefinition, LogFormat } from '../formats/format.js';
import { formats } from '../formats/registry.js';
import { DETECT_BYTES } from '../formats/ranking.js';
import type { PlannedFile } from '../supervisor/plan.js';
import { compressionOf, CorruptArchive, decompressedSample, gzipBlocks, type Compression } from '../scan/compression.js';
import { loadFormatFiles } from './format-files.js';
import { asStdin, STDIN, StdinSpool } from './stdin.js';

/** What makes an argument a pattern (unless a file has that very name). */
const GLOB_CHARS = /[*?[{]/;

/** Whether a file argument is a pattern to expand: glob characters, and no file of that very name. */
export function isPattern(arg: string): boolean {
  return GLOB_CHARS.test(arg) && !existsSync(arg);
}

/**
 * The files a pattern matches (tinyglobby: `*`, `?`, `[...]`, `**`,
 * `{a,b}`), absolute and sorted; hidden files only where the pattern names
 * a dot. A pattern whose fixed directory (the part before its first glob)
 * is missing or cannot be entered is an InputError saying so.
 */
export function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const parts = abs.split(sep);
  const fixed = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = fixed <= 0 ? sep : parts.slice(0, fixed).join(sep) || sep;
  try {
    readdirSync(base);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? `no such directory ${base}` : e.code === 'EACCES' ? `cannot enter ${base} (permission denied)` : e.code === 'ENOTDIR' ? `${base} is not a directory` : `cannot list ${base}: ${e.message}`;
    throw new InputError(pattern, why, { cause: err });
  }
  return globSync(abs, { absolute: true, onlyFiles: true, expandDirectories: false, dot: false }).sort();
}

/**
 * The first 64 KiB of a file, decompressed when it is compressed (what
 * detection reads); an InputError names the file when it cannot be read.
 */
export function readSample(path: string): Uint8Array {
  return readStart(path).sample;
}

/** The sample of a file (readSample), and its compression. */
function readStart(path: string): { sample: Uint8Array; compression?: Compression } {
  const head = readHead(path);
  const compression = compressionOf(head);
  if (compression === undefined) return { sample: head };
  try {
    return { sample: decompressedSample(path, compression, DETECT_BYTES), compression };
  } catch (err) {
    throw new InputError(path, err instanceof CorruptArchive ? err.message.slice(path.length + 2) : `cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/** The first 64 KiB of a file as they are on disk. */
function readHead(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' ? 'permission denied (cannot be read)' : e.code === 'ENOENT' ? 'no such file' : e.message;
    throw new InputError(path, why, { cause: err });
  }
  try {
    const buf = Buffer.alloc(DETECT_BYTES);
    const n = readSync(fd, buf, 0, DETECT_BYTES, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw new InputError(path, `cannot be read: ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

/** Bytes that are not text: controls other than tab, LF, VT, FF, CR and ESC. */
function isControl(c: number): boolean {
  return c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27;
}

/**
 * Why a (decompressed) sample is not a text log, or null: binary. Binary is more than 10 % control bytes, not one NUL: a text log
 * with a few lines of junk (the acceptance vector malformed.log has NUL
 * bytes in 5 of its 330 lines) is read, its junk counted malformed.
 */
export function notText(sample: Uint8Array): string | null {
  let controls = 0;
  for (let i = 0; i < sample.length; i++) if (isControl(sample[i])) controls++;
  if (controls * 10 > sample.length) return `is binary (${Math.round((controls / sample.length) * 100)} % of its first ${sample.length} bytes are control bytes), not a text log`;
  return null;
}

/** The format a `--format` value names: a built-in, a user-defined one, or a `prefix:...` spec. */
function forcedFormat(value: string): { format: LogFormat; def?: FormatDefinition } {
  const spec = formats.fromSpec(value);
  if (spec !== undefined) return { format: formats.resolve(spec.name, spec), def: spec };
  const format = formats.resolve(value); // throws, naming the formats there are
  return { format, def: formats.definitionOf(value) };
}

/** Checks one file and detects its format (or takes the forced one: a registered name, a `prefix:` spec, or 'auto'). */
export function inspectFile(path: string, format: string): PlannedFile {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InputError(path, e.code === 'ENOENT' ? 'no such file; check the path' : e.message, { cause: err });
  }
  if (st.isDirectory()) throw new InputError(path, "is a directory; give the log files in it (e.g. 'dir/*.log')");
  if (!st.isFile()) throw new InputError(path, 'is not a regular file');
  const { sample, compression } = readStart(path); // read even for a forced format: an unreadable file is said now, not by a worker
  const why = notText(sample);
  if (why !== null) throw new InputError(path, why);
  const file = {
    path,
    bytes: st.size,
    mtimeMs: Math.floor(st.mtimeMs),
    identity: { dev: st.dev, ino: st.ino, host: hostname() },
    ...(compression !== undefined ? { compression } : {}),
  };
  const blocks = compression === 'gzip' ? gzipBlocks(path) : undefined;
  if (blocks !== undefined) Object.assign(file, { blocks });
  if (format === 'auto') {
    const found = formats.detect(sample);
    const f = formats.resolve(found.name, found.def);
    return { ...file, format: found.name, ...(found.def !== undefined ? { formatDef: found.def } : {}), levels: f.levels !== false };
  }
  const forced = forcedFormat(format);
  // a forced format that fits files (W3C's #Fields, a template without a time layout) is fitted to this one
  const fitted = forced.format.fit?.(sample, formats);
  const def = fitted ?? forced.def;
  const f = def !== undefined ? formats.resolve(def.name, def) : forced.format;
  return { ...file, format: f.name, ...(def !== undefined ? { formatDef: def } : {}), levels: f.levels !== false };
}

export function resolveInputs(args: readonly string[], format: string): PlannedFile[] {
  if (args.length === 0) throw new UsageError('no input files; usage: loga analyze <files...>');
  const paths: string[] = [];
  for (const a of args) {
    if (isPattern(a)) {
      const found = expandGlob(a);
      if (found.length === 0) throw new InputError(a, 'no file matches this pattern');
      paths.push(...found);
    } else paths.push(a);
  }
  const seen = new Set<string>();
  const files: PlannedFile[] = [];
  for (const p of paths) {
    const key = resolve(p);
    if (seen.has(key)) continue;
    seen.add(key);
    // chunks carry absolute paths: actors may run elsewhere than the cwd
    files.push({ ...inspectFile(p, format), path: key });
  }
  return files;
}

/** How analyze and supervise name their inputs. */
export interface InputOptions {
  files: readonly string[];
  /** 'auto' (detect per file), a format's name, or a `prefix:...` value (`template:...`). */
  format?: string;
  /** JSON files of user-defined formats (`--format-file`), added to the process's registry before the inputs are resolved. */
  formatFiles?: readonly string[];
  /** What `-` among the files reads (default: process.stdin). */
  stdin?: Readable;
}

/** The user-defined formats loaded, then the inputs resolved (resolveInputs). */
export function resolveJobInputs(opts: InputOptions): PlannedFile[] {
  if (opts.formatFiles !== undefined) loadFormatFiles(opts.formatFiles);
  return resolveInputs(opts.files, opts.format ?? 'auto');
}

/**
 * resolveJobInputs, with `-` (standard input, or opts.stdin) opened as a
 * spool whose first 64 KiB are in (src/run/stdin.ts): the job feeds on the
 * rest (StdinSpool.feed) and the caller removes it.
 */
export async function resolveJobInputsWithStdin(opts: InputOptions): Promise<{ files: PlannedFile[]; spool?: StdinSpool }> {
  if (!opts.files.includes(STDIN)) return { files: resolveJobInputs(opts) };
  if (opts.files.filter((f) => f === STDIN).length > 1) throw new UsageError("'-' (standard input) can be given once");
  const spool = await StdinSpool.open(opts.stdin);
  try {
    const files = resolveJobInputs({ ...opts, files: opts.files.map((f) => (f === STDIN ? spool.path : f)) });
    return { files: asStdin(files, spool), spool };
  } catch (err) {
    await spool.remove();
    throw err;
  }
}
