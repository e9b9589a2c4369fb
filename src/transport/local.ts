/**
 * The in-process transport: a worker actor running in the supervisor's own
 * process. Messages still go through JSON and validation, so it behaves like
 * the real transports; tests use it for deterministic failure scenarios.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from '../protocol/messages.js';
import { checkWorkerMessage, isWorkReply } from '../protocol/validate.js';
import type { Child } from '../supervisor/supervisor.js';
import type { Logger } from '../supervisor/runtime.js';
import type { SupervisorHandlers, WorkerPort } from './port.js';

function roundTrip<T>(msg: T): unknown {
  return JSON.parse(JSON.stringify(msg));
}

export class LocalWorkerPort implements WorkerPort {
  constructor(private readonly handlers: SupervisorHandlers) {}

  private deliver(msg: WorkRequest | ResultMsg | ChunkFailed | Heartbeat): WorkRequest | ResultMsg | ChunkFailed | Heartbeat {
    const checked = checkWorkerMessage(roundTrip(msg));
    if (typeof checked === 'string') throw new TypeError(`invalid ${msg.type} message: ${checked}`);
    return checked as typeof msg;
  }

  async request(req: WorkRequest): Promise<WorkReply> {
    const reply = roundTrip(await this.handlers.work(this.deliver(req) as WorkRequest));
    if (!isWorkReply(reply)) throw new TypeError('invalid work reply');
    return reply;
  }

  async publishResult(msg: ResultMsg): Promise<void> {
    this.handlers.result(this.deliver(msg) as ResultMsg);
  }

  async publishFailed(msg: ChunkFailed): Promise<void> {
    this.handlers.failed(this.deliver(msg) as ChunkFailed);
  }

  heartbeat(hb: Heartbeat): void {
    this.handlers.heartbeat(this.deliver(hb) as Heartbeat);
  }

  async close(): Promise<void> {}
}

/**
 * A worker actor in this process on a LocalWorkerPort, as a supervisor Child
 * (tests: deterministic failures without processes). Its pid is this
 * process's: nothing may kill it by pid.
 */
export function startInProcessActor(id: string, handlers: SupervisorHandlers, log: Logger): Child {
  const abort = new AbortController();
  const cbs: ((code: number | null, signal: string | null) => void)[] = [];
  let exit: [number | null, string | null] | null = null;
  // loaded here: the actor and its parsers are the worker processes' code, not the supervisor's
  const done = import('../actors/worker.js')
    .then(({ runWorkerActor }) => runWorkerActor(new LocalWorkerPort(handlers), { id, log, signal: abort.signal }))
    .then(
      () => [0, null] as [number, null],
      (err) => {
        log.error({ child: id, err }, 'in-process actor crashed');
        return [1, null] as [number, null];
      },
    );
  void done.then((e) => {
    exit = e;
    for (const cb of cbs) cb(e[0], e[1]);
  });
  return {
    pid: process.pid,
    onExit(cb) {
      if (exit !== null) cb(exit[0], exit[1]);
      else cbs.push(cb);
    },
    async stop() {
      abort.abort();
      await done;
    },
  };
}
