/**
 * Turns the command line's file arguments into checked inputs: globs expanded
 * (for patterns the shell left quoted), every file stat'ed and opened once,
 * the format detected from its first 64 KiB. Anything wrong is an InputError
 * naming the file and the reason (exit 2).
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { detectFormat } from '../formats/detect.js';
import { formats } from '../formats/registry.js';
import type { PlannedFile } from '../supervisor/plan.js';

const SAMPLE_BYTES = 64 * 1024;
const GLOB_CHARS = /[*?[]/;

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + seg.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expands `*`, `?` and `[...]` in any path segment; sorted, no hidden files unless asked. */
export function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const parts = abs.split(sep);
  let bases = [parts[0] === '' ? sep : parts[0]];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    if (!GLOB_CHARS.test(part)) {
      bases = bases.map((b) => join(b, part));
      continue;
    }
    const re = segmentRegex(part);
    const next: string[] = [];
    for (const b of bases) {
      let names: string[];
      try {
        names = readdirSync(b);
      } catch {
        continue;
      }
      for (const n of names.sort()) if (re.test(n) && (part.startsWith('.') || !n.startsWith('.'))) next.push(join(b, n));
    }
    bases = next;
  }
  return bases;
}

function readSample(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' ? 'permission denied (cannot be read)' : e.code === 'ENOENT' ? 'no such file' : e.message;
    throw new InputError(path, why, { cause: err });
  }
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw new InputError(path, `cannot be read: ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

/** Checks one file and detects its format (or takes the forced one: a registered name, or 'auto'). */
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
  const sample = readSample(path); // read even for a forced format: an unreadable file is said now, not by a worker
  if (format === 'auto') return { path, bytes: st.size, format: detectFormat(sample) };
  formats.resolve(format); // throws, naming the formats there are
  return { path, bytes: st.size, format };
}

export function resolveInputs(args: readonly string[], format: string): PlannedFile[] {
  if (args.length === 0) throw new UsageError('no input files; usage: loga analyze <files...>');
  const paths: string[] = [];
  for (const a of args) {
    if (GLOB_CHARS.test(a)) {
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
