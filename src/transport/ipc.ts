/**
 * The IPC transport of the embedded mode: local worker actors are Node
 * `cluster` processes, and the protocol messages travel over their IPC
 * channel as `{id?, body}` envelopes (id pairs a work request with its reply).
 */
import cluster, { type Worker } from 'node:cluster';
import { adoptPreforked } from './prefork.js';
import { DEFAULT_STOP_GRACE_MS } from '../defaults.js';
import type { ResultMsg, ChunkFailed, Heartbeat, WorkReply, WorkRequest } from '../protocol/messages.js';
import { checkWorkerMessage, isWorkReply } from '../protocol/validate.js';
import type { Child } from '../supervisor/supervisor.js';
import { actorExecArgv, processChild } from '../supervisor/process-child.js';
import type { Logger } from '../runtime.js';
import type { SupervisorHandlers, WorkerPort } from '../protocol/ports.js';

interface Envelope {
  id?: number;
  re?: number;
  body: unknown;
}

function isEnvelope(m: unknown): m is Envelope {
  return typeof m === 'object' && m !== null && 'body' in m;
}

/** Worker side: runs inside a cluster worker process. */
export class IpcWorkerPort implements WorkerPort {
  private seq = 0;
  private readonly waiting = new Map<number, (r: WorkReply) => void>();
  private readonly onMessage = (m: unknown): void => {
    if (!isEnvelope(m) || typeof m.re !== 'number') return;
    const resolve = this.waiting.get(m.re);
    if (resolve === undefined) return;
    if (!isWorkReply(m.body)) {
      this.log.warn({ body: m.body }, 'invalid work reply rejected');
      return;
    }
    this.waiting.delete(m.re);
    resolve(m.body);
  };

  constructor(private readonly log: Logger) {
    if (process.send === undefined) throw new Error('IpcWorkerPort needs an IPC channel (run as a cluster worker)');
    process.on('message', this.onMessage);
  }

  private send(env: Envelope): Promise<void> {
    return new Promise((resolve, reject) => {
      (process.send as NonNullable<typeof process.send>)(env, undefined, {}, (err) => (err ? reject(err) : resolve()));
    });
  }

  request(req: WorkRequest): Promise<WorkReply> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.send({ id, body: req }).catch((err) => {
        this.waiting.delete(id);
        reject(err);
      });
    });
  }

  publishResult(msg: ResultMsg): Promise<void> {
    return this.send({ body: msg });
  }

  publishFailed(msg: ChunkFailed): Promise<void> {
    return this.send({ body: msg });
  }

  heartbeat(hb: Heartbeat): void {
    this.send({ body: hb }).catch(() => {});
  }

  async close(): Promise<void> {
    process.off('message', this.onMessage);
  }
}

/** Whether the supervisor has signalled this actor to end (supervisor.stop()'s SIGTERM, the SIGKILL backstop). */
function signalled(worker: Worker): boolean {
  return worker.process.killed;
}

/** Supervisor side: routes one cluster worker's messages to the handlers. */
function serveIpcWorker(id: string, worker: Worker, handlers: SupervisorHandlers, log: Logger): void {
  /**
   * Answers a work request, unless the actor is exiting. The actor that
   * delivers a job's last result asks for work once more; supervisor.stop()
   * SIGTERMs it as soon as that result is merged, mostly before the request
   * arrives (30 of 30 debug runs on malformed.log), and a 'stop' reply
   * written once the SIGTERM had ended it hit a closed pipe: a `write EPIPE`
   * warning in 6/100 runs one at a time, 9/60 three at a time (0/100 now).
   * The SIGTERM ends the actor anyway. The send's outcome is handled here:
   * an EPIPE from an actor the supervisor signalled (between the check and
   * the write) is expected; any other failure is a real IPC error.
   */
  const answer = (re: number | undefined, reply: WorkReply): void => {
    if (signalled(worker) || !worker.isConnected()) {
      log.debug({ child: id, reply: reply.type }, 'work reply not sent: the actor is exiting');
      return;
    }
    worker.send({ re, body: reply }, undefined, {}, (err: Error | null) => {
      if (!err) return;
      const fields = { child: id, reply: reply.type, err: err.message };
      if ((err as NodeJS.ErrnoException).code === 'EPIPE' && signalled(worker)) log.debug(fields, 'work reply not delivered: the actor is exiting');
      else log.warn(fields, 'worker IPC error');
    });
  };
  worker.on('message', (m: unknown) => {
    if (!isEnvelope(m)) {
      log.warn({ pid: worker.process.pid }, 'IPC message without envelope rejected');
      return;
    }
    const body = checkWorkerMessage(m.body);
    if (typeof body === 'string') {
      log.warn({ pid: worker.process.pid, problem: body }, 'invalid message rejected');
      return;
    }
    switch (body.type) {
      case 'work':
        void handlers.work(body).then((reply) => answer(m.id, reply));
        break;
      case 'result':
        handlers.result(body);
        break;
      case 'failed':
        handlers.failed(body);
        break;
      case 'heartbeat':
        handlers.heartbeat(body);
        break;
    }
  });
}

export interface ForkOptions {
  /** The worker entry module (dist/src/actors/worker-main.js). */
  exec: string;
  env: Record<string, string>;
}

/** Starts one local worker actor as a cluster process: a supervisor Child. */
export function forkIpcActor(id: string, fork: ForkOptions, handlers: SupervisorHandlers, log: Logger): Child {
  // an actor forked at start-up (src/transport/prefork.ts), or a new one
  const adopted = adoptPreforked(id, fork.exec, fork.env);
  let worker: Worker;
  if (adopted !== undefined) worker = adopted.worker;
  else {
    cluster.setupPrimary({ exec: fork.exec, args: [], execArgv: actorExecArgv(), silent: false });
    worker = cluster.fork({ ...fork.env, LOGA_WORKER_ID: id });
  }
  serveIpcWorker(id, worker, handlers, log);
  adopted?.replay();
  worker.on('error', (err) => log.warn({ child: id, err: err.message }, 'worker IPC error'));
  // stop() SIGTERMs the actor (a 'stop' reply may have ended it first); SIGKILL is the backstop
  return processChild(worker.process, DEFAULT_STOP_GRACE_MS);
}
