/**
 * Where a chunk's bytes come from, one reader per kind: a file descriptor
 * (the actor has the file), bytes in memory (tests), or bytes pushed slice by
 * slice (shipped over NATS to an actor without the file). The scanner asks
 * for the bytes at a file offset; only a pushed source can have none yet.
 */
import { readSync } from 'node:fs';

/**
 * Where the bytes come from: a file descriptor; bytes already in memory
 * (`offset` is the file offset of bytes[0]); or bytes pushed slice by slice
 * (shipped over NATS), starting at file offset max(0, start - 1).
 */
export type ByteSource = { fd: number } | { bytes: Uint8Array; offset: number } | { pushed: true };

/** read(): no bytes yet, more to come (a pushed source waiting for push()). */
export const WAIT = -1;

export interface ByteReader {
  /** Copies the bytes at file offset `pos` on into buf[at..]; returns how many: 0 at the end of the input, or WAIT. */
  read(buf: Buffer, at: number, pos: number): number;
}

class FdReader implements ByteReader {
  constructor(private readonly fd: number) {}

  read(buf: Buffer, at: number, pos: number): number {
    return readSync(this.fd, buf, at, buf.length - at, pos);
  }
}

class MemoryReader implements ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly offset: number,
  ) {}

  read(buf: Buffer, at: number, pos: number): number {
    const from = pos - this.offset;
    const n = Math.max(0, Math.min(buf.length - at, this.bytes.length - from));
    if (n > 0) buf.set(this.bytes.subarray(from, from + n), at);
    return n;
  }
}

/** Slices in stream order; read() ignores the offset (the stream is the range's bytes, in order). */
export class PushedReader implements ByteReader {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private ended = false;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
  }

  /** No more bytes will come. */
  end(): void {
    this.ended = true;
  }

  /** Bytes pushed but not yet read. */
  get pending(): number {
    return this.queued;
  }

  read(buf: Buffer, at: number): number {
    let n = 0;
    while (this.queue.length > 0 && at + n < buf.length) {
      const head = this.queue[0];
      const k = Math.min(head.length, buf.length - at - n);
      buf.set(head.subarray(0, k), at + n);
      n += k;
      this.queued -= k;
      if (k === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(k);
    }
    return n === 0 && !this.ended ? WAIT : n;
  }
}

export function readerOf(source: ByteSource): ByteReader {
  if ('fd' in source) return new FdReader(source.fd);
  if ('bytes' in source) return new MemoryReader(source.bytes, source.offset);
  return new PushedReader();
}
