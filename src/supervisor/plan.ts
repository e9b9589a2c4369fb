/**
 * Chunk planning: each file is cut into byte ranges of `chunkSize`; lines are
 * assigned to chunks by the ownership rule in scan-chunk.ts, so cuts may fall
 * anywhere. An empty file yields no chunk.
 */
import type { Format } from '../parsers/record.js';
import type { Chunk } from '../protocol/messages.js';

export interface PlannedFile {
  path: string;
  bytes: number;
  format: Format;
}

export function planChunks(files: readonly PlannedFile[], chunkSize: number): Chunk[] {
  if (!(chunkSize >= 1)) throw new RangeError(`chunk size must be at least 1 byte, got ${chunkSize}`);
  const chunks: Chunk[] = [];
  files.forEach((f, file) => {
    for (let start = 0; start < f.bytes; start += chunkSize) {
      chunks.push({ id: chunks.length, path: f.path, file, start, end: Math.min(f.bytes, start + chunkSize), attempt: 1, format: f.format });
    }
  });
  return chunks;
}
