/**
 * Chunk planning: each file is cut into byte ranges of `chunkSize`; lines are
 * assigned to chunks by the ownership rule in src/scan/chunk-scanner.ts, so cuts may fall
 * anywhere. An empty file yields no chunk; a compressed file is one chunk.
 *
 * The job's end is cut finer: chunks that start within the last `workers`
 * chunk sizes are split in TAIL_PIECES (pieces of at least MIN_TAIL_PIECE),
 * so that the workers finish together instead of one scanning a whole last
 * chunk while the others wait (1 GiB, 2 workers: one idled 17-35 ms at the end).
 */
import type { FormatDefinition } from '../formats/format.js';
import type { Chunk } from '../protocol/messages.js';

export interface PlannedFile {
  path: string;
  bytes: number;
  /** The format's name (src/formats/registry.ts). */
  format: string;
  /** A format that is not a module of the build travels as its definition. */
  formatDef?: FormatDefinition;
  /** The file's mtime, epoch ms: the year of year-less timestamps (src/parsers/year.ts). */
  mtimeMs?: number;
  /** False when the file's format has no level field (summary `files[].levels`). */
  levels?: boolean;
  /** The file's device and inode, as stat'ed on `host` at planning: a worker there fails a chunk of a file replaced since. */
  identity?: { dev: number; ino: number; host: string };
  /** Where its bytes are when not at `path` (standard input's spool, src/run/stdin.ts: the summary says `-`). */
  readPath?: string;
  /** Its chunks come as its bytes arrive (standard input, src/run/stdin.ts): none is planned up front. */
  streamed?: boolean;
  /** A compressed file (src/scan/compression.ts): `bytes` are its compressed bytes, and it is one chunk, but for a BGZF file. */
  compression?: 'gzip' | 'zstd';
  /** A BGZF file's blocks: it is cut into chunks at them (src/scan/compression.ts gzipBlocks). */
  blocks?: { compressed: number[]; plain: number[] };
}

export const TAIL_PIECES = 4;
export const MIN_TAIL_PIECE = 1024 * 1024;

/** Chunks of the files in order, ids from 0; `workers` sets how much of the end is cut finer (1: none). */
export function planChunks(files: readonly PlannedFile[], chunkSize: number, workers = 1): Chunk[] {
  if (!(chunkSize >= 1)) throw new RangeError(`chunk size must be at least 1 byte, got ${chunkSize}`);
  const total = files.reduce((n, f) => n + (f.streamed === true ? 0 : f.bytes), 0);
  const tailFrom = workers > 1 ? total - workers * chunkSize : total;
  const chunks: Chunk[] = [];
  let before = 0; // bytes of the files before this one
  files.forEach((f, file) => {
    if (f.streamed === true) return; // its chunks come as it arrives
    if (f.compression !== undefined) {
      // a compressed file cannot be cut by byte ranges: one chunk of all its bytes, or of groups of its BGZF blocks
      if (f.blocks !== undefined) chunks.push(...blockChunks(f, file, chunks.length, chunkSize));
      else if (f.bytes > 0) chunks.push(chunkOf(f, file, chunks.length, 0, f.bytes));
      before += f.bytes;
      return;
    }
    for (let start = 0; start < f.bytes; start += chunkSize) {
      const end = Math.min(f.bytes, start + chunkSize);
      const pieces = before + start >= tailFrom ? Math.max(1, Math.min(TAIL_PIECES, Math.floor((end - start) / MIN_TAIL_PIECE))) : 1;
      const size = Math.ceil((end - start) / pieces);
      for (let s = start; s < end; s += size) chunks.push(chunkOf(f, file, chunks.length, s, Math.min(end, s + size)));
    }
    before += f.bytes;
  });
  return chunks;
}

/** The chunk [start, end) of planned file `f` (index `file` in the job), id `id`. */
export function chunkOf(f: PlannedFile, file: number, id: number, start: number, end: number): Chunk {
  const chunk: Chunk = { id, path: f.readPath ?? f.path, file, start, end, attempt: 1, format: f.format };
  if (f.formatDef !== undefined) chunk.format_def = f.formatDef;
  if (f.mtimeMs !== undefined) chunk.mtime_ms = f.mtimeMs;
  // the file as planned: a worker fails a chunk of a file that shrank or was replaced (src/scan/file-change.ts)
  chunk.file_stat = { size: f.bytes, ...f.identity };
  if (f.compression !== undefined) chunk.compression = f.compression;
  return chunk;
}

/**
 * A BGZF file's chunks: groups of whole blocks of about chunkSize of text.
 * Each is inflated from the block before its first (to know the text's byte
 * before its start: SPEC §2's line ownership on the decompressed stream),
 * that block's text but its last byte skipped; it reads on past its last
 * block to finish its last line.
 */
function blockChunks(f: PlannedFile, file: number, firstId: number, chunkSize: number): Chunk[] {
  const { compressed, plain } = f.blocks as NonNullable<PlannedFile['blocks']>;
  const out: Chunk[] = [];
  const last = compressed.length - 1;
  for (let i = 0; i < last; ) {
    let j = i + 1;
    while (j < last && plain[j] - plain[i] < chunkSize) j++;
    const c = chunkOf(f, file, firstId + out.length, compressed[i], compressed[j]);
    c.plain_start = plain[i];
    c.plain_end = plain[j];
    c.inflate_from = i > 0 ? compressed[i - 1] : 0;
    c.skip = i > 0 ? plain[i] - 1 - plain[i - 1] : 0;
    out.push(c);
    i = j;
  }
  return out;
}
