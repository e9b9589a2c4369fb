/**
 * The worker side of the NATS transport: a WorkerPort over NATS for one actor.
 * Work requests on `<prefix>.work`, heartbeats on `<prefix>.heartbeat.<worker>`
 * and `metrics.workers.<worker>`, results published to JetStream with msgID
 * `<job>.<chunk>` (retried with the same id), failed chunks on
 * `<prefix>.failed.<job>`, shipped bytes from `<prefix>.bytes.<job>`.
 */
import { headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from '../../protocol/messages.js';
import { isWorkReply } from '../../protocol/validate.js';
import type { Logger } from '../../runtime.js';
import { streamChunkBytes } from './bytes.js';
import { encodeJson as json, encodeResult } from './codec.js';
import { messageLimit } from './connect.js';
import { subjects, type Subjects } from './options.js';
import type { WorkerPort } from '../../protocol/ports.js';
import { Signer } from './signing.js';

/** A work request waits this long for a reply; the job server parks requests for 1 s. */
export const WORK_TIMEOUT_MS = 5000;
/** How soon a worker asks again when no supervisor answers (between jobs). */
const NO_SUPERVISOR_RETRY_MS = 500;
/** Publish retries (same msgID, so a retry that did land is dropped as a duplicate). */
const PUBLISH_TRIES = 6;
const PUBLISH_TIMEOUT_MS = 5000;

/** The lease an actor holds, as its worker node tracks it. */
export interface LeaseInfo {
  job: string;
  chunk: number;
  attempt: number;
  /** The lease's token: what a failure report giving it back must carry. */
  token: string;
}

export interface NatsWorkerPortOptions {
  id: string;
  prefix: string;
  log: Logger;
  /** The HMAC key (signing.ts): work replies checked, results and failure reports signed. */
  secret?: string;
  /** Largest message published; default from the server's max_payload (at most 900 KiB). */
  maxMessage?: number;
  /** Called when the actor takes a lease, and with null when it has settled it. */
  onLease?: (lease: LeaseInfo | null) => void;
  /** Pass this job's `stop` on to the actor (actors dedicated to one job); default: keep serving. */
  exitOnStop?: string;
  /** Called with every heartbeat: the actor's resource use and work so far. */
  onStats?: (stats: { worker: string; pid: number; rss_mb: number; cpu_pct: number; chunks: number; bytes: number }) => void;
}

/**
 * Worker side. Between jobs (no supervisor, or a job that is over) a work
 * request gets no responder or a `stop`: both become `idle`, so the actor keeps
 * asking; only stopAsking() (drain) makes it return `stop` (or, for actors
 * dedicated to one job, `exitOnStop`).
 */
export class NatsWorkerPort implements WorkerPort {
  private readonly js;
  private readonly s: Subjects;
  private readonly limit: number;
  private asking = true;
  private quietSince = 0;
  private inflight: Promise<unknown> | null = null;
  private detached = false;
  current: LeaseInfo | null = null;
  chunks = 0;
  bytes = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: NatsWorkerPortOptions,
  ) {
    this.js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
    this.s = subjects(opts.prefix);
    this.signer = opts.secret !== undefined ? new Signer(opts.secret) : null;
    this.limit = opts.maxMessage ?? messageLimit(nc);
  }

  /** Drain: the next work request answers `stop` without asking. */
  stopAsking(): void {
    this.asking = false;
  }

  /**
   * The actor's worker node is gone: ask for nothing more and publish nothing
   * more (the lease is given back instead; the actor process is about to exit).
   */
  detach(): void {
    this.asking = false;
    this.detached = true;
  }

  /** Waits for a work request in flight (its reply may carry a lease to give back). */
  async settled(): Promise<void> {
    await this.inflight?.catch(() => {});
  }

  private readonly signer: Signer | null;
  /** A reply refused for its signature was said (once, then at debug). */
  private wrongKeySaid = false;

  private setLease(l: LeaseInfo | null): void {
    this.current = l;
    this.opts.onLease?.(l);
  }

  async request(req: WorkRequest): Promise<WorkReply> {
    if (!this.asking) return { type: 'stop', job: '' };
    let m: Msg;
    const pending = this.nc.request(this.s.work, json(req), { timeout: WORK_TIMEOUT_MS });
    this.inflight = pending;
    try {
      m = await pending;
    } catch (err) {
      if (!this.asking) return { type: 'stop', job: '' };
      const e = err as Error & { isNoResponders?: () => boolean };
      if (e.name === 'TimeoutError' || e.isNoResponders?.() === true) {
        // no supervisor right now: normal between jobs
        if (this.quietSince === 0) {
          this.quietSince = Date.now();
          this.opts.log.info({}, 'no supervisor answers; waiting for a job');
        }
        return { type: 'idle', job: '', retry_ms: e.name === 'TimeoutError' ? 0 : NO_SUPERVISOR_RETRY_MS };
      }
      throw err;
    }
    let reply: unknown;
    try {
      reply = m.json();
    } catch {
      reply = undefined;
    }
    if (!isWorkReply(reply)) {
      this.opts.log.warn({ reply: m.string().slice(0, 200) }, 'invalid work reply rejected');
      return { type: 'idle', job: '', retry_ms: 500 };
    }
    if (this.signer !== null && !this.signer.verify(reply)) {
      // a lease that is not the supervisor's (a forged one, or another key): never read, never answered
      const say = this.wrongKeySaid ? this.opts.log.debug : this.opts.log.warn;
      this.wrongKeySaid = true;
      say.call(this.opts.log, { type: reply.type, job: reply.job }, "work reply without a valid signature refused (is the supervisor's --secret this worker's?)");
      return { type: 'idle', job: '', retry_ms: 250 };
    }
    if (reply.type === 'stop') return this.asking && reply.job !== this.opts.exitOnStop ? { type: 'idle', job: reply.job, retry_ms: 250 } : reply;
    if (reply.type === 'lease') {
      if (this.quietSince !== 0) this.opts.log.info({ job: reply.job }, 'serving a job');
      this.quietSince = 0;
      this.setLease({ job: reply.job, chunk: reply.chunk.id, attempt: reply.chunk.attempt, token: reply.chunk.token });
    }
    return reply;
  }

  async publishResult(msg: ResultMsg): Promise<void> {
    if (this.detached) throw new Error('detached from its worker node; the lease is given back');
    const subject = this.s.results(msg.job);
    for (const out of encodeResult(this.signer !== null ? this.signer.sign(msg) : msg, this.limit)) {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(out.headers)) h.set(k, v);
      let lastErr: unknown;
      for (let attempt = 0; attempt < PUBLISH_TRIES; attempt++) {
        try {
          await this.js.publish(subject, out.data, { msgID: out.msgID, headers: h, timeout: PUBLISH_TIMEOUT_MS });
          lastErr = undefined;
          break;
        } catch (err) {
          lastErr = err;
          this.opts.log.warn({ chunk: msg.chunk, attempt: attempt + 1, err: (err as Error).message }, 'result publish failed; retrying with the same msgID');
          await sleep(Math.min(250 * 2 ** attempt, 4000));
        }
      }
      if (lastErr !== undefined) throw lastErr;
    }
    this.chunks++;
    this.bytes += msg.bytes;
    this.setLease(null);
  }

  async publishFailed(msg: ChunkFailed): Promise<void> {
    if (this.detached) return;
    await sendFailed(this.nc, this.s, msg, this.signer);
    this.setLease(null);
  }

  heartbeat(hb: Heartbeat): void {
    this.opts.onStats?.({ worker: hb.worker, pid: hb.pid, rss_mb: hb.rss_mb, cpu_pct: hb.cpu_pct, chunks: this.chunks, bytes: this.bytes });
    try {
      this.nc.publish(this.s.heartbeat(hb.worker), json(hb));
      this.nc.publish(
        this.s.metricsWorker(hb.worker),
        json({
          worker: hb.worker,
          pid: hb.pid,
          host: hb.host,
          rss_mb: hb.rss_mb,
          cpu_pct: hb.cpu_pct,
          chunks: this.chunks,
          bytes: this.bytes,
          job: this.current?.job ?? null,
          chunk: hb.chunk,
          bytes_done: hb.bytes_done,
          ts: Date.now(),
        }),
      );
    } catch {
      // closed or draining: heartbeats stop with the connection
    }
  }

  streamBytes(job: string, chunk: number, token: string): AsyncIterable<Uint8Array> {
    return streamChunkBytes(this.nc, this.s.bytes(job), this.opts.id, chunk, token);
  }

  async close(): Promise<void> {
    this.asking = false;
  }
}

/** Tells a job's supervisor that a lease is given back (few tries; lease expiry is the backstop). */
export async function sendFailed(nc: NatsConnection, s: Subjects, msg: ChunkFailed, signer: Signer | null = null): Promise<boolean> {
  const body = json(signer !== null ? signer.sign(msg) : msg);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await nc.request(s.failed(msg.job), body, { timeout: 2000 });
      return true;
    } catch (err) {
      if ((err as { isNoResponders?: () => boolean }).isNoResponders?.() === true) return false;
    }
  }
  return false;
}
