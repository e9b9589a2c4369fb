/**
 * The inputs, generated once with `loga gen` and cached under bench/data/
 * (git-ignored) as `<format>-<size>-seed<seed>.log` with a `.meta.json`
 * beside it. A file is reused while its meta matches: same options and the
 * same generator (a hash of its compiled files: dist/src/gen/, dist/src/formats/,
 * dist/src/run/generate.js), so a change to the generator
 * regenerates. Written to a temporary name and renamed: an interrupted
 * generation is never mistaken for an input.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, DATA_DIR, GEN_DIST_FILES } from './paths.js';
import { measure } from './measure.js';
import { GIB, sizeArg, sizeLabel } from './stats.js';

/** A format `loga gen` writes (src/formats/registry.ts generated()): standard, json, logfmt, nginx, syslog, apache-error, log4j. */
export type GenFormat = string;

export interface InputSpec {
  format: GenFormat;
  /** Target size in bytes (binary units: 1 GiB = 2^30). */
  size: number;
  seed?: number;
}

export interface Input {
  path: string;
  format: GenFormat;
  /** Actual bytes on disk (gen stops at the first line end at or after the target). */
  bytes: number;
  /** '1 GiB' */
  label: string;
  seed: number;
}

interface Meta {
  format: GenFormat;
  size: number;
  seed: number;
  bytes: number;
  gen: string;
}

export const DEFAULT_SEED = 1;

/** Disk kept free besides the file being generated. */
const DISK_MARGIN = 1 * GIB;

export class InputUnavailable extends Error {
  override name = 'InputUnavailable';
}

let genHashCache: string | undefined;
function genHash(): string {
  if (genHashCache !== undefined) return genHashCache;
  const h = createHash('sha1');
  for (const f of GEN_DIST_FILES()) {
    h.update(f.slice(f.lastIndexOf('/dist/')));
    h.update(readFileSync(f));
  }
  genHashCache = h.digest('hex').slice(0, 12);
  return genHashCache;
}

export function inputPath(spec: InputSpec): string {
  return join(DATA_DIR, `${spec.format}-${sizeArg(spec.size)}-seed${spec.seed ?? DEFAULT_SEED}.log`);
}

/** Free bytes on the file system of bench/data. */
export function freeDisk(): number {
  mkdirSync(DATA_DIR, { recursive: true });
  const s = statfsSync(DATA_DIR);
  return s.bavail * s.bsize;
}

function readMeta(path: string): Meta | null {
  try {
    return JSON.parse(readFileSync(`${path}.meta.json`, 'utf8')) as Meta;
  } catch {
    return null;
  }
}

/** Is the input cached and current (no generation needed)? */
export function isCached(spec: InputSpec): boolean {
  const path = inputPath(spec);
  const m = readMeta(path);
  const seed = spec.seed ?? DEFAULT_SEED;
  return m !== null && existsSync(path) && m.format === spec.format && m.size === spec.size && m.seed === seed && m.gen === genHash() && statSync(path).size === m.bytes;
}

/** The input file, generating it first when it is not cached. */
export async function ensureInput(spec: InputSpec, log: (s: string) => void): Promise<Input> {
  const seed = spec.seed ?? DEFAULT_SEED;
  const path = inputPath(spec);
  const label = sizeLabel(spec.size);
  if (!isCached(spec)) {
    rmSync(path, { force: true });
    rmSync(`${path}.meta.json`, { force: true });
    const free = freeDisk();
    // gen may overshoot the target by one line
    if (free < spec.size + DISK_MARGIN) {
      throw new InputUnavailable(`${label} of ${spec.format} needs ${sizeLabel(spec.size + DISK_MARGIN)} free in ${DATA_DIR}, ${sizeLabel(free)} free (df -h)`);
    }
    const tmp = `${path}.tmp-${process.pid}`;
    log(`generating ${path} (${label} ${spec.format}, seed ${seed}) with loga gen…`);
    const r = await measure({ file: process.execPath, args: [CLI, 'gen', tmp, '--size', sizeArg(spec.size), '--format', spec.format, '--seed', String(seed)] });
    if (r.exitCode !== 0) {
      rmSync(tmp, { force: true });
      throw new InputUnavailable(`loga gen failed (exit ${r.exitCode}): ${r.stderrTail.trim()}`);
    }
    const bytes = statSync(tmp).size;
    renameSync(tmp, path);
    const meta: Meta = { format: spec.format, size: spec.size, seed, bytes, gen: genHash() };
    writeFileSync(`${path}.meta.json`, JSON.stringify(meta, null, 2) + '\n');
    log(`  ${bytes} bytes in ${r.seconds.toFixed(1)} s`);
  }
  return { path, format: spec.format, bytes: statSync(path).size, label, seed };
}
