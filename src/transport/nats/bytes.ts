/**
 * Byte shipping for workers without the shared disk. The supervisor answers
 * requests on `<prefix>.bytes.<job>`: `{worker, chunk, offset, length}` (JSON)
 * → the raw bytes of that slice (at most 512 KiB, far below max_payload), with
 * the header `Loga-Total` (the bytes of the whole range) or `Loga-Error`.
 *
 * The range shipped for a chunk [start, end) is what the scanner reads (SPEC
 * §2, src/scan/chunk-scanner.ts): from start - 1 (or 0), where it looks for the '\n' that
 * ends the line it skips, through the first '\n' at or after end - 1, which
 * ends the last line it owns (the line holding byte end - 1); or to the end
 * of the file when there is no such '\n'. The worker gets the bytes as a
 * ByteSource `{bytes, offset: max(0, start - 1)}`.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { Chunk } from '../../protocol/messages.js';
import type { Logger } from '../../runtime.js';
import { fileChange } from '../../scan/file-change.js';

export const SLICE_BYTES = 512 * 1024;
const TOTAL_HEADER = 'Loga-Total';
const ERROR_HEADER = 'Loga-Error';
const SCAN_BLOCK = 64 * 1024;
const NL = 10;
/** Slices in flight while one chunk is fetched. */
const WINDOW = 4;
/** The largest range shipped for one chunk (a chunk plus its last line); streamed, never held whole. */
export const MAX_SHIPPED = 1024 * 1024 * 1024;

export interface ByteRange {
  start: number;
  stop: number;
}

/** The byte range the scanner needs for a chunk (see the file comment). */
export async function shippedRange(fh: FileHandle, chunk: Chunk): Promise<ByteRange> {
  // a compressed chunk: its compressed bytes; a BGZF chunk's from the block before its first, to the file's end (its worker stops once its last line is read)
  if (chunk.compression !== undefined) {
    const blocks = chunk.plain_start !== undefined;
    return { start: blocks ? (chunk.inflate_from ?? chunk.start) : chunk.start, stop: blocks ? (await fh.stat()).size : chunk.end };
  }
  const start = chunk.start > 0 ? chunk.start - 1 : 0;
  const buf = Buffer.allocUnsafe(SCAN_BLOCK);
  let pos = Math.max(0, chunk.end - 1);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, SCAN_BLOCK, pos);
    if (bytesRead === 0) return { start, stop: pos };
    const i = buf.subarray(0, bytesRead).indexOf(NL);
    if (i >= 0) return { start, stop: pos + i + 1 };
    pos += bytesRead;
  }
}

interface BytesRequest {
  worker: string;
  chunk: number;
  /** The token of the chunk's lease: the job's bytes go only to a holder of one (issue 11: they went to any client that asked). */
  token: string;
  offset: number;
  length: number;
}

function parseRequest(m: Msg): BytesRequest | string {
  let r: unknown;
  try {
    r = m.json();
  } catch {
    return 'not JSON';
  }
  const o = r as Partial<BytesRequest> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.worker !== 'string' ||
    typeof o.token !== 'string' ||
    !Number.isInteger(o.chunk) ||
    !Number.isInteger(o.offset) ||
    !Number.isInteger(o.length) ||
    (o.offset as number) < 0 ||
    (o.length as number) < 1
  ) {
    return 'expected {worker, chunk, token, offset, length}';
  }
  return o as BytesRequest;
}

/** Supervisor side: answers byte requests for the chunks of one job. */
export class ByteServer {
  private readonly ranges = new Map<number, Promise<ByteRange>>();
  private readonly files = new Map<string, Promise<FileHandle>>();
  private readonly logged = new Set<number>();
  private readonly host = hostname();

  constructor(
    /** The job's chunk of an id (chunks split by workers included). */
    /** The chunk of id when token is one of its leases', else undefined. */
    private readonly chunkOf: (id: number, token: string) => Chunk | undefined,
    private readonly log: Logger,
  ) {}

  private file(path: string): Promise<FileHandle> {
    let f = this.files.get(path);
    if (f === undefined) {
      f = open(path, 'r');
      f.catch(() => this.files.delete(path));
      this.files.set(path, f);
    }
    return f;
  }

  private range(chunk: Chunk): Promise<ByteRange> {
    let r = this.ranges.get(chunk.id);
    if (r === undefined) {
      r = this.file(chunk.path).then((fh) => shippedRange(fh, chunk));
      r.catch(() => this.ranges.delete(chunk.id));
      this.ranges.set(chunk.id, r);
    }
    return r;
  }

  async handle(m: Msg): Promise<void> {
    const h = natsHeaders();
    const fail = (why: string): void => {
      h.set(ERROR_HEADER, why);
      m.respond(new Uint8Array(0), { headers: h });
    };
    const req = parseRequest(m);
    if (typeof req === 'string') return fail(req);
    const chunk = this.chunkOf(req.chunk, req.token);
    if (chunk === undefined) return fail(`no chunk ${req.chunk} leased with that token in this job`);
    try {
      const { start, stop } = await this.range(chunk);
      const total = stop - start;
      const from = start + Math.min(req.offset, total);
      const n = Math.max(0, Math.min(req.length, SLICE_BYTES, stop - from));
      const buf = Buffer.allocUnsafe(n);
      let got = 0;
      const fh = await this.file(chunk.path);
      // the file against the file as planned, at the chunk's first slice and its last (src/scan/file-change.ts)
      if (req.offset === 0 || from + n >= stop) {
        const changed = fileChange(fh.fd, chunk.path, chunk.file_stat, this.host, from + n >= stop);
        if (changed !== null) {
          this.log.warn({ chunk: chunk.id, path: chunk.path, err: changed }, 'file changed under the reader');
          return fail(changed);
        }
      }
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, from + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (!this.logged.has(chunk.id)) {
        this.logged.add(chunk.id);
        this.log.info({ chunk: chunk.id, worker: req.worker, bytes: total }, 'shipping chunk bytes to a worker without the file');
      }
      h.set(TOTAL_HEADER, String(total));
      m.respond(buf.subarray(0, got), { headers: h });
    } catch (err) {
      this.log.warn({ chunk: chunk.id, err: (err as Error).message }, 'cannot ship chunk bytes');
      fail(`cannot read ${chunk.path}: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    const files = [...this.files.values()];
    this.files.clear();
    for (const f of files) await f.then((fh) => fh.close()).catch(() => {});
  }
}

/**
 * The bytes of a chunk, fetched from the supervisor in slices of at most
 * SLICE_BYTES, WINDOW requests in flight, yielded in file order. Memory stays
 * at a few slices whatever the chunk size (the scanner copies each slice into
 * its own buffer). Throws when the supervisor cannot ship them.
 */
export async function* streamChunkBytes(
  nc: NatsConnection,
  subject: string,
  worker: string,
  chunk: number,
  token: string,
  timeoutMs = 5000,
): AsyncGenerator<Uint8Array> {
  const ask = async (offset: number, length: number): Promise<{ data: Uint8Array; total: number }> => {
    const body = JSON.stringify({ worker, chunk, token, offset, length });
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const m = await nc.request(subject, body, { timeout: timeoutMs });
        const err = m.headers?.get(ERROR_HEADER) ?? '';
        if (err !== '') throw new Error(err);
        const total = Number(m.headers?.get(TOTAL_HEADER) ?? NaN);
        if (!Number.isSafeInteger(total) || total < 0) throw new Error('reply without Loga-Total');
        return { data: m.data, total };
      } catch (e) {
        lastErr = e;
        if ((e as Error).name !== 'TimeoutError') break;
      }
    }
    throw lastErr;
  };
  /** [offset, offset + length) whole: a reply may be short, then the rest is asked for. */
  const slice = async (offset: number, length: number): Promise<Uint8Array> => {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < length) {
      const r = await ask(offset + got, length - got);
      if (r.data.length === 0) throw new Error(`empty slice at ${offset + got}`);
      parts.push(r.data.subarray(0, length - got));
      got += Math.min(r.data.length, length - got);
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };
  const first = await ask(0, SLICE_BYTES);
  const total = first.total;
  if (total > MAX_SHIPPED) throw new Error(`range of ${total} bytes is too large to ship`);
  let next = Math.min(first.data.length, total);
  const inFlight: Promise<Uint8Array>[] = [];
  const launch = (): void => {
    while (inFlight.length < WINDOW && next < total) {
      const pr = slice(next, Math.min(SLICE_BYTES, total - next));
      pr.catch(() => {}); // awaited below; this only keeps an abandoned one from being unhandled
      inFlight.push(pr);
      next += Math.min(SLICE_BYTES, total - next);
    }
  };
  launch();
  yield first.data.subarray(0, Math.min(first.data.length, total));
  while (inFlight.length > 0) {
    const data = await (inFlight.shift() as Promise<Uint8Array>);
    launch();
    yield data;
  }
}
