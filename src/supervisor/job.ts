/**
 * One job's bookkeeping, free of any transport: the chunk table, leases,
 * worker liveness, and the merge keyed by chunk id (a chunk is merged once,
 * however many results arrive for it). Time comes from an injected clock so
 * lease expiry and heartbeat loss are tested without sleeping.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Heap as HeapClass } from 'mnemonist';
import { PackedMinutes } from '../metrics/packed-minutes.js';
import { emptyPartial, mergeInto, type MalformedSample, type PartialMetrics } from '../metrics/partial.js';
import { fromWire } from '../metrics/wire.js';
import { wireProblem } from '../metrics/wire-check.js';
import { randomToken, type TokenSource } from './lease-token.js';
import type { Chunk, ChunkFailed, Heartbeat, ResultMsg, WorkReply } from '../protocol/messages.js';
import { DEFAULT_HEARTBEAT_TIMEOUT_MS, DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS } from '../defaults.js';
import type { Clock, Logger } from '../runtime.js';

// the single module, not the package index: the index loads all of mnemonist (~50 ms at start-up)
const Heap = createRequire(import.meta.url)('mnemonist/heap.js') as typeof HeapClass;
type Heap<T> = HeapClass<T>;


export interface JobOptions {
  job: string;
  chunks: Chunk[];
  leaseMs?: number;
  heartbeatTimeoutMs?: number;
  maxAttempts?: number;
  clock: Clock;
  log: Logger;
  /** The tokens of leases (default: 128 random bits each). */
  tokens?: TokenSource;
  /**
   * An open plan: more chunks come (extend) until close(); the job is not
   * finished before (a stream cut into chunks as it arrives).
   */
  open?: boolean;
}

type State = 'pending' | 'leased' | 'done' | 'failed';

interface ChunkEntry {
  chunk: Chunk;
  state: State;
  /** Leases granted so far. */
  attempts: number;
  worker: string | null;
  expires: number;
  bytesDone: number;
  errors: string[];
  /** The token of each lease granted: attempt k's at k - 1. */
  tokens: string[];
  /** Leases given back because their holder never read them (not attempts that failed). */
  unread: number;
  /** When the holder first said (by heartbeat) it was not reading this lease; NaN while it is. */
  idleSince: number;
}

export interface WorkerInfo {
  id: string;
  pid: number;
  host: string;
  chunks: number;
  bytes: number;
  restarts: number;
  lastSeen: number;
  alive: boolean;
  rss_mb: number;
  cpu_pct: number;
  /** Until then the worker gets no lease: it left one unread (another --secret, a lost reply). */
  pausedUntil: number;
}

export interface Progress {
  bytes_done: number;
  bytes_total: number;
  chunks_done: number;
  chunks_total: number;
  workers: number;
  eta_s: number | null;
}

export interface JobEvents {
  leased: [chunk: Chunk, worker: string];
  merged: [chunk: Chunk, worker: string];
  reassigned: [chunk: Chunk, from: string, reason: string];
  failed: [chunk: Chunk, reasons: string[]];
  /** A worker holding a lease stopped heartbeating (it may still be running, hung). */
  silent: [worker: string, silentMs: number];
  done: [];
}

/** The line counts of one file of the job (summary `files[]`), summed over its merged chunks. */
export interface FileCounts {
  lines: number;
  malformed: number;
  continuation: number;
  /** The file's first malformed lines (by offset), for the warning on a file loga cannot read. */
  samples: MalformedSample[];
}

/** A worker that left a lease unread gets no lease for this long. */
const UNREAD_PAUSE_MS = 30_000;

/** Malformed lines kept per file for the warning. */
const FILE_SAMPLES = 2;

export class Job extends EventEmitter<JobEvents> {
  readonly id: string;
  /** Everything merged so far but the minute rows, which are in `minutes`. */
  readonly merged: PartialMetrics = emptyPartial();
  /** The merged minute rows, packed (a job may span many minutes). */
  readonly minutes = new PackedMinutes();
  /** Minutes changed by merges, for whoever watches (see watchMinutes). */
  private changedMinutes: Set<number> | null = null;
  readonly workers = new Map<string, WorkerInfo>();
  /** Line counts by file index (a chunk is one file's); merged like the rest, once per chunk. */
  readonly files = new Map<number, FileCounts>();
  /** Chunk id → entry; grows when a result splits its chunk. */
  private readonly entries: ChunkEntry[];
  private readonly pending: Heap<ChunkEntry>;
  private readonly leaseMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly newToken: TokenSource;
  private readonly started: number;
  /** Bytes of the chunks planned (grows while the plan is open). */
  bytesTotal: number;
  /** More chunks may come (JobOptions.open) until close(). */
  private open: boolean;
  /*
   * What follows is kept by addChunk and moveTo alone, so it always agrees
   * with the states in the table (the job.test.ts property recounts it
   * after every call).
   */
  /** Chunks in each state. */
  private readonly count: Record<State, number> = { pending: 0, leased: 0, done: 0, failed: 0 };
  /** Bytes of the chunks done. */
  private bytesMerged = 0;
  /** Chunks under lease: what the liveness checks look at (never the whole table, which may be large). */
  private readonly leased = new Set<ChunkEntry>();
  /** Leases given back to the queue (an event count, not a state: a chunk may be retried more than once). */
  retried = 0;
  /**
   * Worker messages refused (summary `rejected_messages`): a result whose
   * partial or split no worker could have produced, and any result, failure
   * report or progress heartbeat without the token of its lease.
   */
  rejected = 0;

  constructor(opts: JobOptions) {
    super();
    this.id = opts.job;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.clock = opts.clock;
    this.log = opts.log;
    this.newToken = opts.tokens ?? randomToken;
    this.started = opts.clock();
    // retried chunks first (they hold up the end of the job), then in file order
    this.pending = new Heap<ChunkEntry>((a, b) => b.attempts - a.attempts || a.chunk.id - b.chunk.id);
    this.entries = [];
    for (const chunk of opts.chunks) this.addChunk(chunk);
    this.bytesTotal = opts.chunks.reduce((n, c) => n + (c.end - c.start), 0);
    this.open = opts.open === true;
  }

  /** Nothing left to lease or waiting for a result (done and failed chunks are settled), and the plan closed. */
  get finished(): boolean {
    return !this.open && this.count.pending === 0 && this.count.leased === 0;
  }

  /** Whether more chunks may come (extend) before close(). */
  get isOpen(): boolean {
    return this.open;
  }

  /** An open plan's next chunks, pending; their ids are the job's next (the ones given are ignored). */
  extend(chunks: readonly Chunk[]): void {
    if (!this.open) throw new Error(`job ${this.id}: the plan is closed, no chunk can be added`);
    for (const c of chunks) {
      this.addChunk({ ...c, id: this.entries.length });
      this.bytesTotal += c.end - c.start;
    }
  }

  /** No more chunks will come: the job ends once those planned are settled. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.finished) this.emit('done');
  }

  get failedChunks(): Chunk[] {
    if (this.count.failed === 0) return [];
    return this.entries.filter((e) => e.state === 'failed').map((e) => e.chunk);
  }

  /** The chunk of an id, as the job now knows it (a chunk split by a worker ends at its split). */
  chunk(id: number): Chunk | undefined {
    return this.entries[id]?.chunk;
  }

  /** The chunk of id when token is one of its leases' (a byte request's proof), else undefined. */
  leasedChunk(id: number, token: string): Chunk | undefined {
    const e = this.entries[id];
    return e !== undefined && e.tokens.includes(token) ? e.chunk : undefined;
  }

  /** Whether token is the token of lease `attempt` of the entry (a message from the lease's holder). */
  private genuine(e: ChunkEntry, attempt: number, token: string): boolean {
    return e.tokens[attempt - 1] === token;
  }

  failureReasons(chunkId: number): string[] {
    return this.entries[chunkId]?.errors ?? [];
  }

  chunkCounts(): { total: number; done: number; retried: number; failed: number } {
    return { total: this.entries.length, done: this.count.done, retried: this.retried, failed: this.count.failed };
  }

  /** A chunk new to the table (planned, or the rest of a split), pending. */
  /** A new chunk, pending; or failed with `errors` (the rest of a chunk the job had given up on). */
  private addChunk(chunk: Chunk, failed?: readonly string[]): void {
    const e: ChunkEntry = { chunk, state: failed === undefined ? 'pending' : 'failed', attempts: 0, worker: null, expires: 0, bytesDone: 0, errors: failed === undefined ? [] : [...failed], tokens: [], unread: 0, idleSince: NaN };
    this.entries.push(e);
    this.enter(e);
  }

  /**
   * The one way a chunk changes state: takes it out of where its old state
   * keeps it (the pending heap, the lease set) and counts it into the new one.
   * Leaving a lease clears its worker; the caller sets what a new lease
   * carries (attempt, worker, expiry) and emits the events.
   */
  private moveTo(e: ChunkEntry, to: State): void {
    const from = e.state;
    if (from === 'pending') {
      // assign and abandon take the top; a result for a chunk back in the queue (its worker declared lost) rebuilds the heap, as before
      if (this.pending.peek() === e) this.pending.pop();
      else this.removePending(e);
    } else if (from === 'leased') {
      this.leased.delete(e);
      e.worker = null;
      if (to === 'pending') this.retried++;
    }
    this.count[from]--;
    e.state = to;
    this.enter(e);
  }

  /** Counts `e` into its state `e.state` and files it where that state is kept. */
  private enter(e: ChunkEntry): void {
    this.count[e.state]++;
    switch (e.state) {
      case 'pending':
        this.pending.push(e);
        break;
      case 'leased':
        this.leased.add(e);
        break;
      case 'done':
        e.bytesDone = e.chunk.end - e.chunk.start;
        this.bytesMerged += e.bytesDone;
        break;
      case 'failed':
        break;
    }
  }

  private touch(id: string, pid: number, host: string): WorkerInfo {
    let w = this.workers.get(id);
    if (w === undefined) {
      w = { id, pid, host, chunks: 0, bytes: 0, restarts: 0, lastSeen: this.clock(), alive: true, rss_mb: 0, cpu_pct: 0, pausedUntil: 0 };
      this.workers.set(id, w);
    }
    w.pid = pid;
    w.host = host;
    w.lastSeen = this.clock();
    w.alive = true;
    return w;
  }

  /** Answers a work request: a lease, idle (work is in flight elsewhere), or stop. */
  assign(worker: string, pid: number, host: string): WorkReply {
    const w = this.touch(worker, pid, host);
    if (this.finished) return { type: 'stop', job: this.id };
    const e = this.pending.peek();
    if (e === undefined || this.clock() < w.pausedUntil) return { type: 'idle', job: this.id, retry_ms: 250 };
    this.moveTo(e, 'leased');
    // only once out of the heap: attempts orders it
    e.attempts++;
    e.worker = worker;
    e.expires = this.clock() + this.leaseMs;
    e.bytesDone = 0;
    e.idleSince = NaN;
    const token = this.newToken();
    e.tokens.push(token);
    const chunk = { ...e.chunk, attempt: e.attempts, token };
    this.emit('leased', chunk, worker);
    return { type: 'lease', job: this.id, chunk, lease_ms: this.leaseMs };
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** From now on, the minutes each merge changes are added to the set returned; the caller empties it as it likes. */
  watchMinutes(): Set<number> {
    return (this.changedMinutes ??= new Set());
  }

  /**
   * Merges a chunk's partial unless that chunk was merged already. A result
   * whose split or partial no worker could have produced is refused
   * (wire-check.ts), counted in `rejected`, and ends its attempt when that
   * attempt holds the lease: the chunk is leased again, the job goes on.
   */
  onResult(msg: ResultMsg): 'merged' | 'duplicate' | 'unknown' | 'rejected' {
    const e = this.entries[msg.chunk];
    if (msg.job !== this.id || e === undefined) return 'unknown';
    if (!this.genuine(e, msg.attempt, msg.token)) {
      this.rejected++;
      this.log.warn({ chunk: msg.chunk, worker: msg.worker, attempt: msg.attempt }, 'result without the token of its lease refused');
      return 'rejected';
    }
    if (e.state === 'done') return 'duplicate';
    const split = msg.split_at;
    const [from, to] = textRange(e.chunk);
    let problem = split !== undefined && !(split > from && split < to) ? `split at ${split} is outside the chunk [${from}, ${to})` : wireProblem(msg.partial, e.chunk.file);
    let partial: PartialMetrics | undefined;
    if (problem === undefined) {
      try {
        partial = fromWire(msg.partial);
      } catch (err) {
        problem = (err as Error).message; // what wireProblem missed: still refused, never a crash
      }
    }
    if (partial === undefined) {
      this.rejected++;
      this.log.warn({ chunk: e.chunk.id, worker: msg.worker, attempt: msg.attempt, problem }, 'result refused');
      if (e.state === 'leased' && e.worker === msg.worker && e.attempts === msg.attempt) this.release(e, `${msg.worker}: result refused: ${problem}`);
      return 'rejected';
    }
    // a late result from an earlier attempt (of a chunk pending, or failed) is as good as any: the bytes are the same
    for (const [m, row] of partial.minutes) {
      this.minutes.mergeRow(m, row);
      this.changedMinutes?.add(m);
    }
    partial.minutes.clear();
    this.countFile(e.chunk.file, partial);
    mergeInto(this.merged, partial);
    if (split !== undefined) {
      // the actor covered [start, split); the rest of the range becomes a new chunk
      // (cut before moveTo, which counts the bytes of the chunk done)
      const [rest, done] = splitChunk(e.chunk, this.entries.length, split);
      e.chunk = done;
      // the rest of a chunk the job gave up on (a late result) stays given up: a finished job is not reopened
      this.addChunk(rest, e.state === 'failed' ? e.errors : undefined);
    }
    this.moveTo(e, 'done');
    const w = this.workers.get(msg.worker);
    if (w !== undefined) {
      w.chunks++;
      w.bytes += msg.bytes;
      w.lastSeen = this.clock();
    }
    this.emit('merged', e.chunk, msg.worker);
    if (this.finished) this.emit('done');
    return 'merged';
  }

  private countFile(file: number, p: PartialMetrics): void {
    let f = this.files.get(file);
    if (f === undefined) this.files.set(file, (f = { lines: 0, malformed: 0, continuation: 0, samples: [] }));
    f.lines += p.lines;
    f.malformed += p.malformed;
    f.continuation += p.continuation;
    for (const sample of p.samples) {
      if (sample.file !== file) continue;
      let i = f.samples.length;
      while (i > 0 && f.samples[i - 1].offset > sample.offset) i--;
      if (i < FILE_SAMPLES) f.samples.splice(i, 0, sample);
      if (f.samples.length > FILE_SAMPLES) f.samples.pop();
    }
  }

  private removePending(e: ChunkEntry): void {
    const rest = this.pending.consume().filter((x) => x !== e);
    for (const x of rest) this.pending.push(x);
  }

  /** A worker reports it could not process its lease; returns false for a lease no longer held. */
  onFailed(msg: ChunkFailed): boolean {
    const e = this.entries[msg.chunk];
    if (msg.job !== this.id || e === undefined) return false;
    if (!this.genuine(e, msg.attempt, msg.token)) {
      this.rejected++;
      this.log.warn({ chunk: msg.chunk, worker: msg.worker, attempt: msg.attempt }, 'failure report without the token of its lease refused');
      return false;
    }
    if (e.state !== 'leased' || e.worker !== msg.worker || e.attempts !== msg.attempt) return false;
    this.release(e, `${msg.worker}: ${msg.message}`);
    return true;
  }

  /** The chunk has been merged. */
  isMerged(chunkId: number): boolean {
    return this.entries[chunkId]?.state === 'done';
  }

  onHeartbeat(hb: Heartbeat): void {
    const e = hb.chunk === null ? undefined : this.entries[hb.chunk];
    if (e !== undefined && e.state === 'leased' && e.worker === hb.worker && !this.genuine(e, e.attempts, hb.token ?? '')) {
      // a forged beat for someone's lease must not keep it (nor its worker) alive
      this.rejected++;
      return;
    }
    const w = this.touch(hb.worker, hb.pid, hb.host);
    w.rss_mb = hb.rss_mb;
    w.cpu_pct = hb.cpu_pct;
    // a holder that says it reads nothing, or another chunk, is not reading its leases (tick gives them back)
    for (const held of this.leased) {
      if (held.worker !== hb.worker || held === e) continue;
      if (held.idleSince !== held.idleSince) held.idleSince = this.clock();
    }
    if (e !== undefined && e.state === 'leased' && e.worker === hb.worker) e.idleSince = NaN;
    if (e !== undefined && e.state === 'leased' && e.worker === hb.worker) {
      // progress renews the lease; a stuck worker keeps its heartbeat but loses the lease
      if (hb.bytes_done > e.bytesDone) e.expires = this.clock() + this.leaseMs;
      e.bytesDone = Math.min(hb.bytes_done, e.chunk.end - e.chunk.start);
    }
  }

  /** The worker is gone (exited, killed, or silent): its leases go back to the queue. */
  workerLost(worker: string, reason: string): void {
    const w = this.workers.get(worker);
    if (w !== undefined) w.alive = false;
    for (const e of [...this.leased]) {
      if (e.worker === worker) this.release(e, `${worker} ${reason}`);
    }
  }

  /** A local actor was restarted under the same id. */
  noteRestart(worker: string): void {
    const w = this.workers.get(worker);
    if (w !== undefined) w.restarts++;
  }

  /** Expires leases and declares silent workers lost; call about once a second. */
  tick(): void {
    const now = this.clock();
    for (const w of this.workers.values()) {
      if (w.alive && now - w.lastSeen > this.heartbeatTimeoutMs && this.holdsLease(w.id)) {
        this.workerLost(w.id, `silent for ${now - w.lastSeen} ms`);
        this.emit('silent', w.id, now - w.lastSeen);
      }
    }
    for (const e of [...this.leased]) {
      if (now > e.expires) this.release(e, `${e.worker}: lease expired`);
      else if (now - e.idleSince > this.heartbeatTimeoutMs) {
        // a lease its holder never read (a reply it refused: another --secret; or lost): not an attempt that failed
        const w = this.workers.get(e.worker ?? '');
        if (w !== undefined) w.pausedUntil = now + UNREAD_PAUSE_MS;
        e.unread++;
        this.release(e, `${e.worker}: lease not read (its heartbeats say it reads no such chunk)`);
      }
    }
  }

  private holdsLease(worker: string): boolean {
    for (const e of this.leased) if (e.worker === worker) return true;
    return false;
  }

  private release(e: ChunkEntry, reason: string): void {
    const from = e.worker ?? '?';
    e.errors.push(reason);
    e.bytesDone = 0;
    if (e.attempts - e.unread >= this.maxAttempts) {
      this.moveTo(e, 'failed');
      this.log.error({ chunk: e.chunk.id, path: e.chunk.path, attempts: e.attempts, reasons: e.errors }, 'chunk failed');
      this.emit('failed', e.chunk, e.errors);
      if (this.finished) this.emit('done');
      return;
    }
    this.moveTo(e, 'pending');
    this.log.warn({ chunk: e.chunk.id, from, reason, attempt: e.attempts + 1 }, 'chunk reassigned');
    this.emit('reassigned', e.chunk, from, reason);
  }

  /** Gives up on everything not yet done (the supervisor escalated). */
  abandon(reason: string): void {
    this.open = false; // nothing more is planned either
    // the pending heap from its top (a pop each), then the leases
    for (let e = this.pending.peek(); e !== undefined; e = this.pending.peek()) this.abandonOne(e, reason);
    for (const e of [...this.leased]) this.abandonOne(e, reason);
    this.emit('done');
  }

  private abandonOne(e: ChunkEntry, reason: string): void {
    e.errors.push(reason);
    this.moveTo(e, 'failed');
  }

  progress(): Progress {
    let inFlight = 0;
    let workers = 0;
    for (const e of this.leased) inFlight += e.bytesDone;
    for (const w of this.workers.values()) if (w.alive) workers++;
    const done = this.bytesMerged + inFlight;
    const elapsed = (this.clock() - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const c = this.chunkCounts();
    return {
      bytes_done: done,
      bytes_total: this.bytesTotal,
      chunks_done: c.done + c.failed,
      chunks_total: c.total,
      workers,
      eta_s: rate > 0 ? Math.max(0, (this.bytesTotal - done) / rate) : null,
    };
  }
}

/** The chunk's range in the coordinates of its split_at: a file's bytes, or a compressed chunk's text. */
function textRange(c: Chunk): [number, number] {
  if (c.compression === undefined) return [c.start, c.end];
  return [c.plain_start ?? 0, c.plain_end ?? Number.MAX_SAFE_INTEGER];
}

/**
 * A chunk split at `split` (its actor covered the lines before): the rest, a
 * new chunk of id `id`, and the part done. A compressed chunk's rest is
 * inflated from where the chunk was, its text skipped to the byte before the
 * split; its compressed bytes all count to the rest (the part done had none
 * of its own), so the job's bytes add up once.
 */
function splitChunk(c: Chunk, id: number, split: number): [rest: Chunk, done: Chunk] {
  if (c.compression === undefined) return [{ ...c, id, start: split, attempt: 1 }, { ...c, end: split }];
  const plainStart = c.plain_start ?? 0;
  // the text the inflation from inflate_from starts at, before the skip
  const origin = (plainStart > 0 ? plainStart - 1 : 0) - (c.skip ?? 0);
  const rest: Chunk = { ...c, id, attempt: 1, plain_start: split, plain_end: c.plain_end ?? Number.MAX_SAFE_INTEGER, inflate_from: c.inflate_from ?? c.start, skip: split - 1 - origin };
  return [rest, { ...c, end: c.start, plain_start: plainStart, plain_end: split }];
}
