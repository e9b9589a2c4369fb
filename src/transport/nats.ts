/**
 * The NATS transport of the distributed mode: the same messages as IPC
 * (protocol/messages.ts, validated on receipt with the same schemas), carried
 * on these subjects (prefix `loga` by default, SPEC §6):
 *
 * - `<prefix>.work` — request-reply; the supervisors answer in the queue group
 *   `loga-supervisors` (one answer per request, whatever the number of jobs).
 * - `<prefix>.heartbeat.<worker>` — publish, every second.
 * - `<prefix>.results.<job>` — JetStream, stream LOGA_RESULTS (subjects
 *   `<prefix>.results.>`), msgID `<job>.<chunk>`; the stream's duplicate window
 *   drops a result published twice, the supervisor's merge-by-chunk-id the
 *   rest. The supervisor reads them through a pull consumer with explicit ack
 *   filtered on its job, and acks after the merge: a result not acked is
 *   redelivered. Large results: see nats-codec.ts. A finished job's results
 *   are purged but the last, which keeps its id from being reused while the
 *   stream would still drop its msgIDs (claimJobSubject).
 * - `<prefix>.failed.<job>` — request-reply: a chunk this worker could not
 *   process (or, from a worker node, the lease of an actor that crashed).
 * - `<prefix>.bytes.<job>` — request-reply: chunk bytes for a worker without
 *   the file (nats-bytes.ts). The request itself tells the supervisor that
 *   the worker cannot read the path; a `failed` with reason `unreadable` is
 *   sent only when the bytes cannot be shipped either.
 * - `metrics.workers.<worker>` — publish, with each heartbeat.
 *
 * Actors only see a WorkerPort; the job server only SupervisorHandlers.
 */
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Chunk, ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest, WorkerToSupervisor } from '../protocol/messages.js';
import { checkWorkerMessage, isWorkReply } from '../protocol/validate.js';
import type { Logger } from '../supervisor/runtime.js';
import { NatsUnreachableError, UsageError } from '../errors.js';
import { ByteServer, streamChunkBytes } from './nats-bytes.js';
import { encodeResult, ResultAssembler } from './nats-codec.js';
import { messageLimit } from './nats-connect.js';
import { subjects, type Subjects } from './nats-options.js';
import type { SupervisorHandlers, WorkerPort } from './port.js';

export const STREAM = 'LOGA_RESULTS';
export const SUPERVISOR_QUEUE = 'loga-supervisors';
/** A work request waits this long for a reply; the job server parks requests for 1 s. */
export const WORK_TIMEOUT_MS = 5000;
/** How soon a worker asks again when no supervisor answers (between jobs). */
const NO_SUPERVISOR_RETRY_MS = 500;
/** Publish retries (same msgID, so a retry that did land is dropped as a duplicate). */
const PUBLISH_TRIES = 6;
const PUBLISH_TIMEOUT_MS = 5000;
const NS_PER_MS = 1_000_000;
/** Results are kept this long in the stream, then dropped by the server. */
const STREAM_MAX_AGE_MS = 24 * 3600 * 1000;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** How long one pull request of the results consumer waits before it is renewed. */
const PULL_EXPIRES_MS = 5000;
/** A result not acked within this is redelivered. */
const ACK_WAIT_MS = 30_000;

const encoder = new TextEncoder();
function json(v: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(v));
}

/** The lease an actor holds, as its worker node tracks it. */
export interface LeaseInfo {
  job: string;
  chunk: number;
  attempt: number;
}

export interface NatsWorkerPortOptions {
  id: string;
  prefix: string;
  log: Logger;
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
    if (reply.type === 'stop') return this.asking && reply.job !== this.opts.exitOnStop ? { type: 'idle', job: reply.job, retry_ms: 250 } : reply;
    if (reply.type === 'lease') {
      if (this.quietSince !== 0) this.opts.log.info({ job: reply.job }, 'serving a job');
      this.quietSince = 0;
      this.setLease({ job: reply.job, chunk: reply.chunk.id, attempt: reply.chunk.attempt });
    }
    return reply;
  }

  async publishResult(msg: ResultMsg): Promise<void> {
    if (this.detached) throw new Error('detached from its worker node; the lease is given back');
    const subject = this.s.results(msg.job);
    for (const out of encodeResult(msg, this.limit)) {
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
    await sendFailed(this.nc, this.s, msg);
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

  streamBytes(job: string, chunk: number): AsyncIterable<Uint8Array> {
    return streamChunkBytes(this.nc, this.s.bytes(job), this.opts.id, chunk);
  }

  async close(): Promise<void> {
    this.asking = false;
  }
}

/** Tells a job's supervisor that a lease is given back (few tries; lease expiry is the backstop). */
export async function sendFailed(nc: NatsConnection, s: Subjects, msg: ChunkFailed): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await nc.request(s.failed(msg.job), json(msg), { timeout: 2000 });
      return true;
    } catch (err) {
      if ((err as { isNoResponders?: () => boolean }).isNoResponders?.() === true) return false;
    }
  }
  return false;
}

/** Creates the results stream if missing, or adds this prefix's subjects to it. */
export async function ensureResultsStream(jsm: JetStreamManager, prefix: string): Promise<void> {
  const subject = subjects(prefix).resultsAll;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const info = await jsm.streams.info(STREAM);
      if (!info.config.subjects?.includes(subject)) {
        await jsm.streams.update(STREAM, { ...info.config, subjects: [...(info.config.subjects ?? []), subject] });
      }
      return;
    } catch (err) {
      if ((err as Error).name !== 'StreamNotFoundError') throw err;
    }
    try {
      await jsm.streams.add({
        name: STREAM,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: STREAM_MAX_AGE_MS * NS_PER_MS,
        duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
      });
      return;
    } catch {
      // another supervisor created it meanwhile: look again
    }
  }
}

/**
 * Makes sure a job id can take results. The stream drops a msgID it saw
 * within its duplicate window (2 min) even after a purge, so the results of
 * a job id reused that soon would be lost: refused (exit 2). Older results of
 * the id are purged. A finished job keeps its last result (purge keep 1) so
 * that this check sees it.
 */
export async function claimJobSubject(jsm: JetStreamManager, prefix: string, job: string): Promise<void> {
  const subject = subjects(prefix).results(job);
  const info = await jsm.streams.info(STREAM);
  const windowMs = (info.config.duplicate_window ?? DUPLICATE_WINDOW_MS * NS_PER_MS) / NS_PER_MS;
  const last = await jsm.streams.getMessage(STREAM, { last_by_subj: subject });
  if (last === null) return;
  const age = Date.now() - last.time.getTime();
  if (age <= windowMs + 1000) {
    const wait = Math.ceil((windowMs + 1000 - age) / 1000);
    throw new UsageError(
      `--job ${job}: this job id was used ${Math.round(age / 1000)} s ago, and its result ids are still in the duplicate window of ${STREAM} (new results would be dropped); use another --job or wait ${wait} s`,
    );
  }
  await jsm.streams.purge(STREAM, { filter: subject });
}

export interface SupervisorTransportOptions {
  nc: NatsConnection;
  prefix: string;
  job: string;
  chunks: readonly Chunk[];
  log: Logger;
  /** True once a chunk is merged: its remaining result parts are acked and dropped. */
  isMerged: (chunk: number) => boolean;
  /** A worker came back under the same id with a new pid (restarted). */
  onRestart?: (worker: string) => void;
  /** Current pid the supervisor knows for a worker. */
  pidOf?: (worker: string) => number | undefined;
}

export interface SupervisorTransport {
  /** Stops answering and consuming; deletes the job's consumer. */
  close(): Promise<void>;
}

/**
 * Supervisor side: feeds the handlers (a JobServer) from NATS. Every message
 * is validated; an invalid one is logged and dropped (a JetStream one acked,
 * so it is not redelivered for ever).
 */
export async function serveNatsSupervisor(handlers: SupervisorHandlers, o: SupervisorTransportOptions): Promise<SupervisorTransport> {
  const { nc, log, job } = o;
  const s = subjects(o.prefix);
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (err) {
    throw new NatsUnreachableError(`NATS at ${nc.getServer()} has no JetStream (${(err as Error).message}); start the server with: nats-server -js`, { cause: err });
  }
  await ensureResultsStream(jsm, o.prefix);
  await claimJobSubject(jsm, o.prefix, job);
  const consumerName = `loga_${o.prefix.replace(/\./g, '_')}_${job}`;
  // left over by a supervisor of this job id that died: start afresh
  await jsm.consumers.delete(STREAM, consumerName).catch(() => {});
  await jsm.consumers.add(STREAM, {
    name: consumerName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: s.results(job),
    ack_wait: ACK_WAIT_MS * NS_PER_MS,
    max_deliver: -1,
    // the supervisor deletes it at the end; this removes it if the supervisor died
    inactive_threshold: 10 * 60 * 1000 * NS_PER_MS,
  });

  const subs: Subscription[] = [];
  const checkPid = (worker: string, pid: number): void => {
    const known = o.pidOf?.(worker);
    if (known !== undefined && known !== pid) o.onRestart?.(worker);
  };
  const reject = (what: string, problem: string, extra: object = {}): void => {
    log.warn({ ...extra, problem }, `invalid ${what} rejected`);
  };
  /** The message as the protocol type expected, or null after logging why it was rejected. */
  function receive<K extends WorkerToSupervisor['type']>(m: Msg, type: K, what: string): Extract<WorkerToSupervisor, { type: K }> | null {
    let body: unknown;
    try {
      body = m.json();
    } catch {
      reject(what, 'not JSON');
      return null;
    }
    const msg = checkWorkerMessage(body);
    if (typeof msg === 'string' || msg.type !== type) {
      reject(what, typeof msg === 'string' ? msg : `type ${msg.type}`);
      return null;
    }
    return msg as Extract<WorkerToSupervisor, { type: K }>;
  }

  subs.push(
    nc.subscribe(s.work, {
      queue: SUPERVISOR_QUEUE,
      callback: (err, m) => {
        if (err) return;
        const req = receive(m, 'work', 'work request');
        if (req === null) return;
        // a lease nobody can receive would sit until the worker counts as silent
        if (!m.reply) return reject('work request', 'no reply subject (publish it as a request)');
        checkPid(req.worker, req.pid);
        void handlers.work(req).then((reply) => {
          try {
            m.respond(json(reply));
          } catch {
            // connection closing
          }
        });
      },
    }),
  );

  subs.push(
    nc.subscribe(s.heartbeats, {
      callback: (err, m) => {
        if (err) return;
        const hb = receive(m, 'heartbeat', 'heartbeat');
        if (hb === null) return;
        checkPid(hb.worker, hb.pid);
        handlers.heartbeat(hb);
      },
    }),
  );

  subs.push(
    nc.subscribe(s.failed(job), {
      callback: (err, m) => {
        if (err) return;
        const f = receive(m, 'failed', 'failed message');
        if (f === null) return;
        handlers.failed(f);
        try {
          m.respond(json({ ok: true }));
        } catch {
          // no reply subject, or closing
        }
      },
    }),
  );

  const bytes = new ByteServer(o.chunks, log);
  subs.push(
    nc.subscribe(s.bytes(job), {
      callback: (err, m) => {
        if (!err) void bytes.handle(m);
      },
    }),
  );

  const js = jetstream(nc);
  const consumer = await js.consumers.get(STREAM, consumerName);
  // pull requests renewed every 5 s (default 30 s): after a server restart a
  // lost pull request stalls the results for at most that long (measured: a
  // restart mid-job once took 61 s to recover with the default; 6 s in 4 runs with this)
  const messages = await consumer.consume({ max_messages: 16, expires: PULL_EXPIRES_MS });
  const assembler = new ResultAssembler<JsMsg>();
  const ackAll = (ms: JsMsg[]): void => {
    for (const m of ms) m.ack();
  };
  const consuming = (async () => {
    for await (const m of messages) {
      const hdrs = { get: (k: string) => m.headers?.get(k) ?? '' };
      const a = assembler.add(m.data, hdrs, m);
      if (a.kind === 'partial') continue;
      if (a.kind === 'invalid') {
        reject('result', a.problem, { seq: m.seq });
        ackAll(a.handles);
        continue;
      }
      const r = a.msg;
      if (typeof r === 'string' || r.type !== 'result') {
        reject('result', typeof r === 'string' ? r : `type ${r.type}`, { seq: m.seq });
        ackAll(a.handles);
        continue;
      }
      if (r.job !== job) {
        reject('result', `job ${r.job} on the subject of ${job}`, { seq: m.seq });
        ackAll(a.handles);
        continue;
      }
      if (m.info.deliveryCount > 1) log.debug({ chunk: r.chunk, deliveries: m.info.deliveryCount }, 'result redelivered');
      handlers.result(r);
      // acked after the merge: a crash before this line gets it redelivered
      ackAll(a.handles);
      if (o.isMerged(r.chunk)) ackAll(assembler.dropChunk(r.chunk));
    }
  })().catch((err) => log.error({ err }, 'results consumer stopped'));

  return {
    async close() {
      for (const sub of subs) sub.unsubscribe();
      await messages.close().catch(() => {});
      await consuming;
      await bytes.close();
      await jsm.consumers.delete(STREAM, consumerName).catch(() => {});
    },
  };
}

/** Purges a finished job's results from the stream (merged and acked), but the last (see claimJobSubject). */
export async function purgeJobResults(nc: NatsConnection, prefix: string, job: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.purge(STREAM, { filter: subjects(prefix).results(job), keep: 1 });
}
