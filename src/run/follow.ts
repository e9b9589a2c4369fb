/**
 * `--follow`: files read as they grow, until stop() (SIGINT/SIGTERM). The
 * job's plan is open (Job.extend): every POLL_MS the follower reads what each
 * file gained and cuts it into chunks at its last complete line (sooner,
 * once CUT_BYTES of whole lines are in); a half line waits for its end.
 *
 * The follower keeps each file open and the chunks name the open file, not
 * its path (`/proc/<pid>/fd/<n>`: the actors, children of this process, open
 * that; over NATS, workers that cannot are shipped the bytes), so a file
 * renamed away (logrotate's rename + create) is read to its end, its last
 * line included, while the new file at the path is followed from its start
 * as another file of the job. A file that shrank (copytruncate) is read
 * again from 0, as another file of the job too; what was written between
 * the last poll and the truncation is in the rotated copy, not counted here,
 * and a chunk still unread when the file is truncated fails. New files
 * matching the patterns are followed from their start, but for one that is
 * a file followed already under another name (the rotated `access.log.1`
 * that `access.log*` matches) and a compressed one (a rotation's product:
 * its lines were read before it was compressed); the files there at
 * the start from the end of their last complete line (as `tail -f`), or
 * from 0 with `--since-start`. Each file's format is detected on its first
 * 64 KiB when it has a first line. Linux (the fd paths are /proc's).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../runtime.js';
import type { Job } from '../supervisor/job.js';
import { chunkOf, type PlannedFile } from '../supervisor/plan.js';
import { expandGlob, inspectFile, isPattern } from './inputs.js';
import { InputError, UsageError } from '../errors.js';
import { loadFormatFiles } from './format-files.js';
import { STDIN } from './stdin.js';

/** How often files are looked at. */
export const POLL_MS = 250;
/** A chunk is cut as soon as this many bytes of whole lines are in (within a poll). */
export const CUT_BYTES = 4 * 1024 * 1024;
const READ_BYTES = 1024 * 1024;

export interface FollowOptions {
  /** Files and patterns, as given. */
  patterns: readonly string[];
  /** 'auto' or a format name (inspectFile). */
  format: string;
  /** Read the files there at the start from 0, not from their end. */
  sinceStart?: boolean;
  log: Logger;
  pollMs?: number;
}

/** One file followed: its open descriptor, where the job's chunks of it end, what was read of it. */
interface Followed {
  path: string;
  fd: number;
  dev: number;
  ino: number;
  /** Its file in the job, once its format is known (it has a line). */
  planned: PlannedFile | undefined;
  index: number;
  /** The end of the last chunk cut. */
  cut: number;
  /** Bytes read (scanned for line ends). */
  seen: number;
  /** After the last '\n' read. */
  lineEnd: number;
  /** Renamed away and read to its end, or truncated: no longer followed. */
  done: boolean;
}

export class Follower {
  /** The job's files, growing as files appear, rotate and restart. */
  readonly files: PlannedFile[] = [];
  private readonly followed: Followed[] = [];
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly buf = Buffer.allocUnsafe(READ_BYTES);

  constructor(private readonly o: FollowOptions) {}

  /** Opens the files that match now (an InputError when a plain path is missing, or nothing matches at all). */
  start(): void {
    const paths = this.match(true);
    for (const p of paths) this.open(p, this.o.sinceStart !== true);
  }

  /** Stop following: the complete lines read so far are the last chunks, then the plan closes. */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  /** The files the patterns name now, absolute; with `strict`, a missing file is an InputError. */
  private match(strict: boolean): string[] {
    const out: string[] = [];
    for (const p of this.o.patterns) {
      if (isPattern(p)) {
        try {
          out.push(...expandGlob(p));
        } catch (err) {
          if (strict) throw err;
        }
      } else {
        try {
          statSync(p);
          out.push(resolve(p));
        } catch (err) {
          if (strict) throw new InputError(p, 'no such file; check the path', { cause: err });
        }
      }
    }
    return [...new Set(out)];
  }

  /** Follows the file at path, from the end of its last whole line (fromEnd) or from 0. */
  private open(path: string, fromEnd: boolean): void {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      this.o.log.warn({ path, err: (err as Error).message }, `cannot open ${path} to follow it`);
      return;
    }
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return;
    }
    const start = fromEnd ? this.lastLineEnd(fd, st.size) : 0;
    this.followed.push({ path, fd, dev: st.dev, ino: st.ino, planned: undefined, index: -1, cut: start, seen: start, lineEnd: start, done: false });
  }

  /** The offset after the last '\n' before `size` (0 when none): where following from the end starts. */
  private lastLineEnd(fd: number, size: number): number {
    for (let end = size; end > 0; ) {
      const from = Math.max(0, end - READ_BYTES);
      const n = readSync(fd, this.buf, 0, end - from, from);
      const nl = this.buf.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) return from + nl + 1;
      end = from;
    }
    return 0;
  }

  /** Polls until stop(), extending the job; the plan is closed at the end. */
  async feed(job: Job): Promise<void> {
    try {
      let polls = 0;
      while (!this.stopping && job.isOpen) {
        this.poll(job, polls++ % 4 === 0);
        await new Promise<void>((r) => {
          this.wake = r;
          void sleep(this.o.pollMs ?? POLL_MS).then(r);
        });
        this.wake = null;
      }
      if (job.isOpen) this.poll(job, true); // the last look: new files too
    } finally {
      job.close();
    }
  }

  /** One look at every file (and, with `discover`, for new files matching the patterns). */
  private poll(job: Job, discover: boolean): void {
    for (const f of [...this.followed]) if (!f.done) this.look(job, f);
    if (discover) {
      const known = new Set(this.followed.filter((f) => !f.done).map((f) => f.path));
      for (const p of this.match(false)) if (!known.has(p) && !this.seenBefore(p)) this.open(p, false);
    }
  }

  /**
   * Whether the file at path is one followed already under another name: a
   * rotated file (`access.log` renamed `access.log.1`, which `access.log*`
   * matches) was read to its end and must not be read again from 0.
   */
  private seenBefore(path: string): boolean {
    try {
      const st = statSync(path);
      return this.followed.some((f) => f.ino === st.ino && f.dev === st.dev);
    } catch {
      return true; // gone again: nothing to follow
    }
  }

  private look(job: Job, f: Followed): void {
    const st = fstatSync(f.fd);
    if (st.size < f.seen) {
      // copytruncate: the file starts again; what it held is in the rotated copy
      this.o.log.info({ path: f.path, size: st.size, read: f.seen }, `${f.path} was truncated: reading it again from its start`);
      f.done = true;
      this.followed.push({ ...f, planned: undefined, index: -1, cut: 0, seen: 0, lineEnd: 0, done: false });
      return;
    }
    this.read(job, f, st.size);
    let renamed: boolean;
    try {
      const now = statSync(f.path);
      renamed = now.ino !== f.ino || now.dev !== f.dev;
    } catch {
      renamed = true; // moved away, not yet created again
    }
    if (!renamed) return;
    // rename + create: read the old file to its end, its last line too, then follow the new one from 0
    this.read(job, f, fstatSync(f.fd).size);
    if (f.seen > f.cut) this.cutAt(job, f, f.seen);
    f.done = true;
    this.o.log.info({ path: f.path }, `${f.path} was rotated: the old file read to its end, the new one followed from its start`);
    if (this.match(false).includes(f.path)) this.open(f.path, false);
  }

  /** Reads [seen, size) of f, cutting a chunk once CUT_BYTES of whole lines are in, and at the last whole line at the end. */
  private read(job: Job, f: Followed, size: number): void {
    while (f.seen < size) {
      const n = readSync(f.fd, this.buf, 0, Math.min(READ_BYTES, size - f.seen), f.seen);
      if (n === 0) break;
      const nl = this.buf.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) f.lineEnd = f.seen + nl + 1;
      f.seen += n;
      if (f.lineEnd - f.cut >= CUT_BYTES) this.cutAt(job, f, f.lineEnd);
    }
    if (f.lineEnd > f.cut) this.cutAt(job, f, f.lineEnd);
  }

  /** The chunk [cut, end) of f: the file is planned (its format detected) at its first chunk. */
  private cutAt(job: Job, f: Followed, end: number): void {
    if (!job.isOpen) return;
    if (f.planned === undefined) {
      const fdPath = `/proc/${process.pid}/fd/${f.fd}`;
      let planned: PlannedFile;
      try {
        planned = inspectFile(fdPath, this.o.format);
      } catch (err) {
        this.o.log.warn({ path: f.path, err: (err as Error).message }, `${f.path} cannot be followed: ${(err as Error).message}`);
        f.done = true;
        return;
      }
      if (planned.compression !== undefined) {
        // a compressed file appearing while following is a rotation's product, its lines read already
        this.o.log.info({ path: f.path }, `${f.path} is ${planned.compression}-compressed: not followed`);
        f.done = true;
        return;
      }
      f.planned = { ...planned, path: f.path, readPath: fdPath, streamed: true, bytes: 0 };
      f.index = this.files.length;
      this.files.push(f.planned);
    }
    job.extend([chunkOf(f.planned, f.index, 0, f.cut, end)]);
    f.cut = end;
    f.planned.bytes = end;
  }

  /** Closes the files (after the job: the actors read them through their descriptors). */
  close(): void {
    // a truncated file's next generation shares its descriptor: each closed once
    for (const fd of new Set(this.followed.map((f) => f.fd))) closeSync(fd);
  }
}

/**
 * A follower started on the files of analyze or supervise --follow, stopped
 * when `follow.stop` aborts; end() (after the job) closes its files.
 */
export function startFollowing(
  opts: { files: readonly string[]; format?: string; formatFiles?: readonly string[] },
  follow: { stop: AbortSignal; sinceStart?: boolean },
  log: Logger,
  command: string,
): { follower: Follower; end: () => void } {
  if (opts.files.length === 0) throw new UsageError(`--follow needs the files to follow (loga ${command} -f app.log 'logs/*.log')`);
  if (opts.files.includes(STDIN)) throw new UsageError("--follow reads files; standard input ('-') is read anyway until it ends");
  if (opts.formatFiles !== undefined) loadFormatFiles(opts.formatFiles);
  const follower = new Follower({ patterns: opts.files, format: opts.format ?? 'auto', sinceStart: follow.sinceStart, log });
  follower.start();
  const stop = (): void => follower.stop();
  if (follow.stop.aborted) stop();
  else follow.stop.addEventListener('abort', stop, { once: true });
  return {
    follower,
    end: () => {
      follow.stop.removeEventListener('abort', stop);
      follower.close();
    },
  };
}
