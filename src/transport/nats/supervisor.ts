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
 *   redelivered. Large results: see codec.ts. A finished job's results
 *   are purged but the last, which keeps its id from being reused while the
 *   stream would still drop its msgIDs (claimJobSubject).
 * - `<prefix>.failed.<job>` — request-reply: a chunk this worker could not
 *   process (or, from a worker node, the lease of an actor that crashed).
 * - `<prefix>.bytes.<job>` — request-reply: chunk bytes for a worker without
 *   the file (bytes.ts). The request itself tells the supervisor that
 *   the worker cannot read the path; a `failed` with reason `unreadable` is
 *   sent only when the bytes cannot be shipped either.
 * - `metrics.workers.<worker>` — publish, with each heartbeat.
 *
 * Actors only see a WorkerPort; the job server only SupervisorHandlers. This
 * file is the supervisor's side (its close() stops answering and consuming,
 * and deletes the job's consumer); the worker's is worker-port.ts, the
 * results stream stream.ts.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { Chunk, WorkerToSupervisor } from '../../protocol/messages.js';
import { checkWorkerMessage } from '../../protocol/validate.js';
import type { Logger } from '../../runtime.js';
import { NatsUnreachableError } from '../../errors.js';
import { ByteServer } from './bytes.js';
import { encodeJson as json, ResultAssembler } from './codec.js';
import { Signer } from './signing.js';
import { subjects } from './options.js';
import { claimJobSubject, ensureResultsStream, STREAM } from './stream.js';
import type { SupervisorHandlers, SupervisorTransport } from '../../protocol/ports.js';

export const SUPERVISOR_QUEUE = 'loga-supervisors';
const NS_PER_MS = 1_000_000;
/** How long one pull request of the results consumer waits before it is renewed. */
const PULL_EXPIRES_MS = 5000;
/** A result not acked within this is redelivered. */
const ACK_WAIT_MS = 30_000;

export interface SupervisorTransportOptions {
  nc: NatsConnection;
  prefix: string;
  job: string;
  /** The chunk of id (chunks split by workers included) when token is one of its leases' (a byte request's proof). */
  chunkOf: (id: number, token: string) => Chunk | undefined;
  log: Logger;
  /** True once a chunk is merged: its remaining result parts are acked and dropped. */
  isMerged: (chunk: number) => boolean;
  /** A worker came back under the same id with a new pid (restarted). */
  onRestart?: (worker: string) => void;
  /** Current pid the supervisor knows for a worker. */
  pidOf?: (worker: string) => number | undefined;
  /**
   * The results stream or the job's consumer is gone (deleted mid-job): no
   * result can arrive any more. Called once; the job should end (exit 3).
   */
  onResultsLost?: (reason: string) => void;
  /** The HMAC key (signing.ts): replies signed, results and failure reports checked. */
  secret?: string;
}

/** How often the supervisor checks that the results stream and its consumer still exist. */
const STREAM_CHECK_MS = 2000;

/**
 * Supervisor side: feeds the handlers (a JobServer) from NATS. Every message
 * is validated; an invalid one is logged and dropped (a JetStream one acked,
 * so it is not redelivered for ever).
 */
export async function serveNatsSupervisor(handlers: SupervisorHandlers, o: SupervisorTransportOptions): Promise<SupervisorTransport> {
  const { nc, log, job } = o;
  const signer = o.secret !== undefined ? new Signer(o.secret) : null;
  const WRONG_KEY = "no valid signature (is the worker's --secret this supervisor's?)";
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
            m.respond(json(signer !== null ? signer.sign(reply) : reply));
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
        if (signer !== null && !signer.verify(f)) return reject('failed message', WRONG_KEY, { chunk: f.chunk, worker: f.worker });
        handlers.failed(f);
        try {
          m.respond(json({ ok: true }));
        } catch {
          // no reply subject, or closing
        }
      },
    }),
  );

  const bytes = new ByteServer(o.chunkOf, log);
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
      const expired = assembler.expire();
      if (expired.length > 0) {
        log.warn({ parts: expired.length }, 'unfinished multi-part results expired');
        ackAll(expired);
      }
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
      if (signer !== null && !signer.verify(r)) {
        reject('result', WRONG_KEY, { seq: m.seq, chunk: r.chunk, worker: r.worker });
        ackAll(a.handles);
        continue;
      }
      if (r.job !== job) {
        reject('result', `job ${r.job} on the subject of ${job}`, { seq: m.seq });
        ackAll(a.handles);
        continue;
      }
      if (m.info.deliveryCount > 1) log.debug({ chunk: r.chunk, deliveries: m.info.deliveryCount }, 'result redelivered');
      try {
        handlers.result(r);
      } catch (err) {
        // what the checks missed must not stop the consumer (every later result would wait)
        log.error({ err, chunk: r.chunk }, 'result could not be merged');
      }
      // acked after the merge: a crash before this line gets it redelivered
      ackAll(a.handles);
      if (o.isMerged(r.chunk)) ackAll(assembler.dropChunk(r.chunk));
    }
  })().catch((err) => log.error({ err }, 'results consumer stopped'));

  // Deleting LOGA_RESULTS mid-job made every later chunk fail with "jetstream
  // is not enabled" and the job ran on past 240 s: checked every 2 s, said once.
  let lost = false;
  const watch = setInterval(() => {
    if (lost) return;
    jsm.consumers
      .info(STREAM, consumerName)
      .catch(async (err: unknown) => {
        const gone = await jsm.streams.info(STREAM).then(
          () => `the results consumer ${consumerName} was deleted`,
          () => `the results stream ${STREAM} was deleted`,
        );
        // a connection that is down is the reconnect's business, not a lost stream
        if (lost || nc.isClosed() || !/not found/i.test(String((err as Error).message))) return;
        lost = true;
        log.error({ job, err: (err as Error).message }, `${gone} mid-job; no result can arrive`);
        o.onResultsLost?.(`${gone} mid-job (results published after it are lost); run the job again`);
      })
      .catch(() => {});
  }, STREAM_CHECK_MS);
  watch.unref();

  return {
    async close() {
      clearInterval(watch);
      for (const sub of subs) sub.unsubscribe();
      await messages.close().catch(() => {});
      await consuming;
      await bytes.close();
      await jsm.consumers.delete(STREAM, consumerName).catch(() => {});
    },
  };
}
