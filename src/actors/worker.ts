/**
 * The worker actor: asks for work, scans the leased chunk, publishes its
 * partial, and repeats until told to stop. It knows nothing of the transport:
 * a WorkerPort carries its messages (IPC, in-process, or NATS).
 *
 * One lease at a time (the mailbox is the request loop). The scan runs in
 * steps and yields to the event loop between them, so heartbeats go out every
 * second even while a large chunk is read.
 */
import { openSync, closeSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { toWire } from '../metrics/wire.js';
import type { LaneSpec } from '../formats/format.js';
import { formats, UnknownFormatError } from '../formats/registry.js';
import { readingOf } from '../formats/format.js';
import { Lane } from '../scan/lane.js';
import type { Chunk, Heartbeat, WorkReply } from '../protocol/messages.js';
import type { Logger } from '../runtime.js';
import type { WorkerPort } from '../protocol/ports.js';
import { DEFAULT_MAX_CHUNK_MINUTES, DEFAULT_READ_SIZE, HEARTBEAT_MS } from '../defaults.js';
import { ChunkScanner, type ByteSource } from '../scan/chunk-scanner.js';
import { ChangedFileError, fileChange } from '../scan/file-change.js';
import { CorruptArchive, decompressed } from '../scan/compression.js';
import { ResourceMeter } from './resource-meter.js';
import { collectGarbage } from './collect-garbage.js';

/** Neither the path nor shipped bytes could be read on this worker. */
class UnreadableChunk extends Error {
  override name = 'UnreadableChunk';
}
/** Bytes scanned between two yields to the event loop. */
const STEP_BYTES = 8 * 1024 * 1024;
/** Compressed bytes read from a file at a time for its decompressor. */
const COMPRESSED_READ = 1024 * 1024;

/** The slices of `input` without its first `n` bytes. */
async function* skipBytes(input: AsyncIterable<Uint8Array>, n: number): AsyncGenerator<Uint8Array> {
  let left = n;
  for await (const s of input) {
    if (left >= s.length) {
      left -= s.length;
      continue;
    }
    yield left > 0 ? s.subarray(left) : s;
    left = 0;
  }
}

/** The bytes [start, end) of the file open as fd, in slices of their own (a decompressor may hold them). */
async function* fileBytes(fd: number, start: number, end: number): AsyncGenerator<Uint8Array> {
  for (let pos = start; pos < end; ) {
    const slice = Buffer.allocUnsafe(Math.min(COMPRESSED_READ, end - pos));
    const n = readSync(fd, slice, 0, slice.length, pos);
    if (n === 0) return; // shorter than planned: checkFile says so
    pos += n;
    yield slice.subarray(0, n);
  }
}
/**
 * Shipped bytes between forced GCs: their buffers are external memory V8 leaves
 * for up to ~64 MB (collect-garbage.ts). Peak RSS of an actor shipping 256 MiB
 * (VmHWM, 3 runs each): every 16 MB 98-103 MB, 8 MB 89-92, 4 MB 80-84, at a
 * full GC of ~6 ms per 4 MB (~0.4 s of CPU per 256 MiB shipped).
 */
const SHIPPED_GC_BYTES = 4 * 1024 * 1024;

export interface WorkerActorOptions {
  id: string;
  log: Logger;
  readSize?: number;
  /** Checks a path before it is opened (`--allow`); returns a reason to refuse, or null. */
  checkPath?: (path: string) => string | null;
  /** Called with each lease before work starts (tests use it to kill mid-chunk). */
  onLease?: (chunk: Chunk) => void;
  signal?: AbortSignal;
  /** See DEFAULT_MAX_CHUNK_MINUTES (env LOGA_MAX_CHUNK_MINUTES). */
  maxMinutes?: number;
}

/** LOGA_MAX_CHUNK_MINUTES: a whole number ≥ 1; anything else is reported and the default used. */
function maxMinutesFromEnv(value: string | undefined, log: Logger): number {
  if (value === undefined || value === '') return DEFAULT_MAX_CHUNK_MINUTES;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  log.warn({ LOGA_MAX_CHUNK_MINUTES: value }, `LOGA_MAX_CHUNK_MINUTES must be a whole number from 1; using ${DEFAULT_MAX_CHUNK_MINUTES}`);
  return DEFAULT_MAX_CHUNK_MINUTES;
}

export async function runWorkerActor(port: WorkerPort, opts: WorkerActorOptions): Promise<void> {
  const { id, log } = opts;
  const meter = new ResourceMeter();
  const host = hostname();
  let current: ChunkScanner | null = null;
  /** A compressed chunk's progress: its compressed bytes read (-1: the chunk is not compressed). */
  let compressedRead = -1;
  // one read buffer for every chunk: a new one per chunk left garbage that
  // pushed RSS towards 100 MB with small chunks (bench memory-chunks)
  const readSize = Math.max(1024, opts.readSize ?? DEFAULT_READ_SIZE);
  const maxMinutes = opts.maxMinutes ?? maxMinutesFromEnv(process.env.LOGA_MAX_CHUNK_MINUTES, log);
  let readBuffer: Buffer = Buffer.allocUnsafe(readSize);
  /** Shipped bytes since the last forced GC (collect-garbage.ts). */
  let shippedSinceGc = 0;
  /** A format's lane, made at its first chunk (undefined: lanes off or not built). */
  const lanes = new Map<LaneSpec, Lane | undefined>();
  let currentChunk: number | null = null;
  let currentToken: string | null = null;
  /** The jobs this actor has said it ships bytes for (once per job at warn level, then at info). */
  const shippingSaid = new Set<string>();
  const beat = (): void => {
    const r = meter.sample();
    const hb: Heartbeat = {
      type: 'heartbeat',
      worker: id,
      pid: process.pid,
      host,
      chunk: currentChunk,
      ...(currentToken !== null ? { token: currentToken } : {}),
      bytes_done: compressedRead >= 0 ? compressedRead : (current?.bytesDone ?? 0),
      rss_mb: r.rss_mb,
      cpu_pct: r.cpu_pct,
    };
    port.heartbeat(hb);
  };
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  try {
    for (;;) {
      if (opts.signal?.aborted) return;
      let reply: WorkReply;
      try {
        reply = await port.request({ type: 'work', worker: id, pid: process.pid, host });
      } catch (err) {
        log.warn({ err }, 'work request failed; retrying');
        await sleep(500);
        continue;
      }
      if (reply.type === 'stop') return;
      if (reply.type === 'idle') {
        await sleep(reply.retry_ms);
        continue;
      }
      const { job, chunk } = reply;
      opts.onLease?.(chunk);
      currentChunk = chunk.id;
      currentToken = chunk.token;
      const started = Date.now();
      const refused = opts.checkPath?.(chunk.path) ?? null;
      let source: ByteSource | null = null;
      let fd: number | null = null;
      let shipped: AsyncIterator<Uint8Array> | null = null;
      if (refused === null) {
        try {
          fd = openSync(chunk.path, 'r');
          source = { fd };
        } catch (err) {
          log.info({ path: chunk.path, err: (err as Error).message }, 'cannot open chunk path; asking for its bytes');
        }
      } else {
        log.info({ path: chunk.path, reason: refused }, 'refused to read chunk path; asking for its bytes');
      }
      if (source === null && port.streamBytes !== undefined) {
        if (!shippingSaid.has(job)) {
          shippingSaid.add(job);
          const why = refused !== null ? `${refused}, so it is not read here` : `cannot open ${chunk.path} here`;
          const fix = refused !== null ? `; to read it here, start the worker with --allow ${dirname(chunk.path)}` : '';
          log.warn({ job, path: chunk.path }, `${why}: the bytes of its chunks come over NATS from the supervisor, which is slower${fix} (said once per job)`);
        }
        shipped = port.streamBytes(job, chunk.id, chunk.token)[Symbol.asyncIterator]();
        source = { pushed: true };
      }
      /** The file open as fd against the file as planned: a file that shrank or was replaced fails the chunk. */
      const checkFile = (atEnd: boolean): void => {
        if (fd === null) return;
        const changed = fileChange(fd, chunk.path, chunk.file_stat, host, atEnd);
        if (changed !== null) throw new ChangedFileError(changed);
      };
      try {
        if (source === null) throw new UnreadableChunk(refused ?? `cannot open ${chunk.path}`);
        checkFile(false);
        let range: Chunk = chunk;
        if (chunk.compression !== undefined) {
          // the chunk's compressed bytes (the file's, or shipped) decompressed into the scanner as pushed slices
          const raw = shipped;
          // a BGZF chunk is inflated from the block before its first, and on to the file's end while its last line lasts
          const blocks = chunk.plain_start !== undefined && chunk.plain_end !== undefined;
          const from = blocks ? (chunk.inflate_from ?? chunk.start) : chunk.start;
          const to = blocks ? (chunk.file_stat?.size ?? Number.MAX_SAFE_INTEGER) : chunk.end;
          const compressed: AsyncIterable<Uint8Array> = fd !== null || raw === null ? fileBytes(fd as number, from, to) : { [Symbol.asyncIterator]: () => raw };
          compressedRead = 0;
          const text = decompressed(compressed, chunk.compression, chunk.path, (n) => (compressedRead = Math.min(n, chunk.end - chunk.start)));
          shipped = (blocks ? skipBytes(text, chunk.skip ?? 0) : text)[Symbol.asyncIterator]();
          source = { pushed: true };
          // the scan's range is the text's: a BGZF chunk's, or the whole decompressed stream
          range = blocks ? { ...chunk, start: chunk.plain_start as number, end: chunk.plain_end as number } : { ...chunk, start: 0, end: Number.MAX_SAFE_INTEGER };
        }
        const format = formats.resolve(chunk.format, chunk.format_def);
        let lane: Lane | undefined;
        if (format.lane !== undefined) {
          if (!lanes.has(format.lane)) lanes.set(format.lane, Lane.create(format.lane, readSize));
          lane = lanes.get(format.lane);
        }
        const reading = readingOf(format, chunk.mtime_ms === undefined ? undefined : { mtimeMs: chunk.mtime_ms });
        const scanner: ChunkScanner = new ChunkScanner(source, range, reading, { readSize, buffer: readBuffer, lane, maxMinutes });
        current = scanner;
        while (!scanner.step(STEP_BYTES)) {
          if (shipped !== null && scanner.starved) {
            let next: IteratorResult<Uint8Array>;
            try {
              next = await shipped.next();
            } catch (err) {
              if (err instanceof CorruptArchive || fd !== null) throw err; // a compressed file read here
              // the supervisor's reason (a file that changed under it, say) is said whatever made this worker ask
              throw new UnreadableChunk(`${refused ?? `cannot open ${chunk.path}`}, and its bytes could not be shipped: ${(err as Error).message}`);
            }
            if (next.done === true) scanner.endInput();
            else {
              scanner.push(next.value);
              shippedSinceGc += next.value.length;
              if (shippedSinceGc >= SHIPPED_GC_BYTES) {
                shippedSinceGc = 0;
                collectGarbage();
              }
            }
          } else await new Promise<void>((r) => setImmediate(r));
        }
        await shipped?.return?.();
        checkFile(true);
        // reuse the read buffer for the next chunk, unless a long line grew it
        if (lane === undefined || scanner.buffer !== lane.buffer) readBuffer = scanner.buffer.length <= readSize ? scanner.buffer : Buffer.allocUnsafe(readSize);
        const partial = toWire(scanner.result());
        const split = scanner.splitAt >= 0;
        await port.publishResult({
          type: 'result',
          job,
          chunk: chunk.id,
          attempt: chunk.attempt,
          token: chunk.token,
          worker: id,
          // a compressed chunk split: its compressed bytes all go to its rest (src/supervisor/job.ts splitChunk)
          bytes: chunk.compression !== undefined ? (split ? 0 : chunk.end - chunk.start) : (split ? scanner.splitAt : chunk.end) - chunk.start,
          ms: Date.now() - started,
          partial,
          ...(split ? { split_at: scanner.splitAt } : {}),
        });
      } catch (err) {
        const unreadable = err instanceof UnreadableChunk || err instanceof ChangedFileError;
        if (err instanceof ChangedFileError) log.warn({ chunk: chunk.id, path: chunk.path, err: err.message }, 'file changed under the reader');
        else if (unreadable) log.warn({ chunk: chunk.id, path: chunk.path, err: err.message }, 'chunk unreadable here');
        else if (err instanceof UnknownFormatError) log.warn({ chunk: chunk.id, format: chunk.format, err: err.message }, 'chunk of a format this worker does not know');
        else log.error({ chunk: chunk.id, err }, 'chunk failed');
        await port.publishFailed({
          type: 'failed',
          job,
          chunk: chunk.id,
          attempt: chunk.attempt,
          token: chunk.token,
          worker: id,
          reason: unreadable ? 'unreadable' : 'error',
          message: (err as Error).message,
        });
      } finally {
        // the heartbeats name the chunk until its result or failure is sent: the
        // supervisor gives back a lease whose holder says it reads no such chunk
        current = null;
        compressedRead = -1;
        currentChunk = null;
        currentToken = null;
        if (fd !== null) closeSync(fd);
      }
    }
  } finally {
    clearInterval(timer);
  }
}
