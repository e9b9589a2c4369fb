/**
 * Standard input as a job's file (`loga analyze -`, `loga supervise -`, or a
 * pipe with no file argument). The stream is spooled to a temporary file as
 * it arrives, so the supervisor holds none of it in memory, and the spool is
 * cut into chunks at line ends while it grows: a chunk once `chunkSize`
 * bytes of whole lines are in, or every 250 ms when fewer are, the last one
 * at the end of the stream (a job with an open plan: Job.extend, close). The
 * actors read the chunks as ranges of any file (over NATS, a worker that
 * cannot open the spool gets their bytes shipped). The format is detected on
 * the stream's first 64 KiB, the figures are those of the same bytes as a
 * file, and the summary names the input `-`. The spool is removed after the
 * job; it holds the whole stream until then (disk, not memory).
 */
import { closeSync, openSync, read, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DETECT_BYTES } from '../formats/ranking.js';
import type { Job } from '../supervisor/job.js';
import { chunkOf, type PlannedFile } from '../supervisor/plan.js';

const readAsync = promisify(read);

/** The file argument that means standard input. */
export const STDIN = '-';
/** Bytes read from fd 0 at a time, through one buffer. */
const READ_BYTES = 1024 * 1024;
/** A chunk is cut at least this often while whole lines wait (the follow mode's pace). */
const CUT_MS = 250;

/**
 * Slices of standard input: `input`, or else fd 0 read into one buffer (a
 * slice is valid until the next is asked for). Why not process.stdin: a
 * Buffer per 64 KiB read, which V8 frees late (external memory), raised the
 * supervisor's RSS from 62 to 93 MB on a 110 MB pipe.
 */
async function* slices(input: Readable | undefined): AsyncGenerator<Uint8Array> {
  if (input !== undefined) {
    for await (const c of input as AsyncIterable<Uint8Array | string>) yield typeof c === 'string' ? Buffer.from(c) : c;
    return;
  }
  const buf = Buffer.allocUnsafe(READ_BYTES);
  for (;;) {
    let n: number;
    try {
      n = (await readAsync(0, buf, 0, READ_BYTES, null)).bytesRead;
    } catch (err) {
      // a non-blocking pipe (its writer's choice) with nothing in it yet
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await sleep(5);
      continue;
    }
    if (n === 0) return;
    yield buf.subarray(0, n);
  }
}

/** Standard input being spooled: its file, the bytes in it, where its last whole line ends. */
export class StdinSpool {
  private readonly fd: number;
  private readonly source: AsyncGenerator<Uint8Array>;
  /** Bytes spooled. */
  written = 0;
  /** The offset after the last '\n' spooled (0: none yet). */
  private lineEnd = 0;
  /** The stream has ended. */
  ended = false;
  /** Copies of the slices spooled before the job started (the feed cuts them into chunks first). */
  private primed: Uint8Array[] = [];

  private constructor(
    readonly path: string,
    private readonly dir: string,
    input: Readable | undefined,
  ) {
    this.fd = openSync(path, 'w');
    this.source = slices(input);
  }

  /** A spool in a new temporary directory, its first 64 KiB (or the whole stream, if shorter) in. */
  static async open(input?: Readable): Promise<StdinSpool> {
    const dir = await mkdtemp(join(tmpdir(), 'loga-stdin-'));
    const spool = new StdinSpool(join(dir, 'stdin'), dir, input);
    try {
      while (!spool.ended && spool.written < DETECT_BYTES) spool.primed.push(Buffer.from((await spool.pull()) ?? []));
    } catch (err) {
      await spool.remove();
      throw err;
    }
    return spool;
  }

  /** Spools the next slice and returns it (valid until the next pull); undefined at the end of the stream. */
  private async pull(): Promise<Uint8Array | undefined> {
    const next = await this.source.next();
    if (next.done === true) {
      this.ended = true;
      return undefined;
    }
    const s = next.value;
    for (let at = 0; at < s.length; ) at += writeSync(this.fd, s, at, s.length - at);
    const nl = s.lastIndexOf(10);
    this.written += s.length;
    if (nl >= 0) this.lineEnd = this.written - s.length + nl + 1;
    return s;
  }

  /**
   * Spools the rest of the stream, extending the job with a chunk of the
   * spooled lines (file `file` of the job, planned as `planned`) once
   * `chunkSize` bytes of them are in, or CUT_MS after the last cut; at the
   * end, the last chunk (a last line without '\n' included), the file's
   * bytes set, and the plan closed.
   */
  async feed(job: Job, file: number, planned: PlannedFile, chunkSize: number): Promise<void> {
    let cut = 0;
    const extend = (end: number): void => {
      if (!job.isOpen) return; // abandoned (interrupted): nothing more is planned
      job.extend([chunkOf(planned, file, 0, cut, end)]);
      cut = end;
    };
    const timer = setInterval(() => {
      if (this.lineEnd > cut) extend(this.lineEnd);
    }, CUT_MS);
    /**
     * Cuts chunks at line ends in slice s, spooled at offset base after the
     * slices whose last line ended at `before`: each at the last line end
     * within chunkSize of the cut, or, for a line longer than that, at its end.
     */
    const cutIn = (s: Uint8Array, base: number, before: number): void => {
      while (base + s.length - cut >= chunkSize) {
        const target = cut + chunkSize - base; // where in s a chunk of chunkSize would end
        const nl = target > 0 ? s.lastIndexOf(10, target - 1) : -1;
        if (nl >= 0 && base + nl + 1 > cut) extend(base + nl + 1);
        else if (before > cut) extend(before); // the last line end is in an earlier slice
        else {
          const after = s.indexOf(10, Math.max(0, target)); // a line longer than the chunk size
          if (after < 0) return; // its end is still to come
          extend(base + after + 1);
        }
      }
    };
    try {
      let base = 0;
      let before = 0;
      for (const s of this.primed) {
        cutIn(s, base, before);
        base += s.length;
        const nl = s.lastIndexOf(10);
        if (nl >= 0) before = base - s.length + nl + 1;
      }
      this.primed = [];
      while (!this.ended && job.isOpen) {
        before = this.lineEnd;
        const s = await this.pull();
        if (s === undefined) break;
        cutIn(s, this.written - s.length, before);
      }
      if (this.written > cut) extend(this.written);
    } finally {
      clearInterval(timer);
      closeSync(this.fd);
      planned.bytes = this.written;
      job.close();
    }
  }

  /** Removes the spool (after the job). */
  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** The planned spool shown as `-`: its bytes read from the spool, its chunks fed as the stream arrives. */
export function asStdin(files: readonly PlannedFile[], spool: StdinSpool): PlannedFile[] {
  return files.map((f) => (f.path === spool.path ? { ...f, path: STDIN, readPath: spool.path, streamed: true } : f));
}

/** The job's feed from the spool (JobSpec.feed): the chunks of the file planned as streamed. */
export function stdinFeed(files: readonly PlannedFile[], spool: StdinSpool, chunkSize: number): (job: Job) => Promise<void> {
  const file = files.findIndex((f) => f.streamed === true);
  if (file < 0) throw new Error('no streamed file among the inputs');
  return (job) => spool.feed(job, file, files[file], chunkSize);
}
