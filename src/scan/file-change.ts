/**
 * A file that changes under the reader (SPEC §2's chunks are byte ranges of
 * the file as planned): checked when a chunk is opened and when it ends, with
 * an fstat of the open descriptor and a stat of the path (once each per
 * chunk). A file that shrank below its planned size, or whose path now names
 * another file (other device or inode), fails the chunk with a message naming
 * it; a file that only grew is read as planned (its first `size` bytes).
 */
import { fstatSync, statSync } from 'node:fs';

/** The file as the supervisor planned it (Chunk.file_stat). */
export interface PlannedStat {
  size: number;
  /** Device and inode, meaningful only on `host` (a worker elsewhere sees the shared disk under other numbers). */
  dev?: number;
  ino?: number;
  host?: string;
}

/** A chunk whose file is not the file the job planned any more. */
export class ChangedFileError extends Error {
  override name = 'ChangedFileError';
}

/**
 * Why the file open as `fd` (at `path`) is not the planned one any more, or
 * null. `host` is this process's host name: the planned device and inode are
 * compared only on the planner's host. `atEnd` also compares the path with
 * the descriptor: a file replaced by another (renamed over it, rotated) while
 * the chunk was read. A file removed without replacement is not a change: what
 * was read through the descriptor is the planned file, whole.
 */
export function fileChange(fd: number, path: string, planned: PlannedStat | undefined, host: string, atEnd: boolean): string | null {
  const st = fstatSync(fd);
  if (planned !== undefined) {
    if (planned.host === host && planned.dev !== undefined && planned.ino !== undefined && (st.dev !== planned.dev || st.ino !== planned.ino)) {
      return `${path} was replaced (another file is at that path than when the job was planned)`;
    }
    if (st.size < planned.size) return `${path} shrank from ${planned.size} to ${st.size} bytes while it was read; the job's figures would match neither version`;
  }
  if (!atEnd) return null;
  let now;
  try {
    now = statSync(path);
  } catch {
    return null;
  }
  if (now.dev !== st.dev || now.ino !== st.ino) return `${path} was replaced (another file was put at that path while it was read)`;
  return null;
}
