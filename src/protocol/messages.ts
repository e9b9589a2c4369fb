/**
 * The messages of SPEC §6. The same shapes travel over IPC (embedded) and NATS
 * (distributed); every message is validated on receipt (see validate.ts).
 */
import type { FormatDefinition } from '../formats/format.js';
import type { PartialWire } from '../metrics/wire.js';

export interface Chunk {
  /** Unique within the job: `<file index>-<sequence>` is not assumed, only uniqueness. */
  id: number;
  path: string;
  /** Index of the file in the job's file list. */
  file: number;
  start: number;
  end: number;
  /** 1 for the first lease, then 2, 3 after a lost or failed attempt. */
  attempt: number;
  /** The format's name (a module of the format registry, or the name of `format_def`). */
  format: string;
  /** The format itself, for one that is not a module of every build (user-defined): the worker builds it from this. */
  format_def?: FormatDefinition;
  /** The file's mtime (epoch ms), for formats whose timestamps have no year. */
  mtime_ms?: number;
  /**
   * The file as planned: its size, and its device and inode on the planner's
   * host; a worker fails a chunk of a file that shrank or was replaced
   * (src/scan/file-change.ts). A file that grew is read as planned.
   */
  file_stat?: { size: number; dev?: number; ino?: number; host?: string };
  /**
   * A compressed file's chunk (src/scan/compression.ts): start and end are
   * its compressed bytes (the whole file), which the worker decompresses.
   */
  compression?: 'gzip' | 'zstd';
  /**
   * A BGZF file's chunk (a group of its blocks, [start, end) compressed):
   * the text [plain_start, plain_end) is its range, the worker inflates from
   * inflate_from (the block before) and skips `skip` bytes of its text, so
   * the stream starts at plain_start - 1.
   */
  plain_start?: number;
  plain_end?: number;
  inflate_from?: number;
  skip?: number;
  /**
   * In a lease: its unguessable token (src/supervisor/lease-token.ts). The
   * chunk's result, failure report, progress and byte requests count only
   * with the token of one of its leases, so a client that did not get the
   * lease cannot answer for it (issue 11).
   */
  token?: string;
}

/** worker → supervisor (request): `loga.work` */
export interface WorkRequest {
  type: 'work';
  worker: string;
  pid: number;
  host: string;
}

/** supervisor → worker (reply); a lease's chunk carries its token. */
export type WorkReply =
  | { type: 'lease'; job: string; chunk: Chunk & { token: string }; lease_ms: number }
  | { type: 'idle'; job: string; retry_ms: number }
  | { type: 'stop'; job: string };

/** worker → supervisor: `loga.heartbeat.<worker>` */
export interface Heartbeat {
  type: 'heartbeat';
  worker: string;
  pid: number;
  host: string;
  /** The chunk being read, or null when idle. */
  chunk: number | null;
  /** The lease's token, with a chunk: progress renews the lease only with it. */
  token?: string;
  bytes_done: number;
  rss_mb: number;
  cpu_pct: number;
}

/** worker → supervisor: `loga.results.<job>` */
export interface ResultMsg {
  type: 'result';
  /** In the HMAC mode: the worker's signature (src/transport/nats/signing.ts). */
  sig?: string;
  job: string;
  chunk: number;
  attempt: number;
  /** The token of the lease (of that attempt). */
  token: string;
  worker: string;
  /** Bytes of the chunk's range. */
  bytes: number;
  ms: number;
  partial: PartialWire;
  /**
   * Set when the actor stopped early (too many minute rows for one partial):
   * the partial covers the lines starting in [start, split_at), and the rest
   * of the range, [split_at, end), is a new chunk.
   */
  split_at?: number;
}

/** worker → supervisor: the chunk could not be processed on this attempt. */
export interface ChunkFailed {
  type: 'failed';
  /** In the HMAC mode: the worker's signature. */
  sig?: string;
  job: string;
  chunk: number;
  attempt: number;
  /** The token of the lease (of that attempt). */
  token: string;
  worker: string;
  /** `unreadable` when the path could not be opened (a worker without the disk). */
  reason: 'unreadable' | 'error';
  message: string;
}

export type WorkerToSupervisor = WorkRequest | Heartbeat | ResultMsg | ChunkFailed;
