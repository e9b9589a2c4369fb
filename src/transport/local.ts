/**
 * The in-process transport: a worker actor running in the supervisor's own
 * process. Messages still go through JSON and validation, so it behaves like
 * the real transports; tests use it for deterministic failure scenarios.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from '../protocol/messages.js';
import { checkWorkerMessage, isWorkReply } from '../protocol/validate.js';
import type { SupervisorHandlers, WorkerPort } from '../protocol/ports.js';

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

