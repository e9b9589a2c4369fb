/**
 * The two ends every transport implements. Actors and the job server speak
 * only these; ipc.ts, local.ts and nats.ts carry the messages.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from '../protocol/messages.js';

/** What a worker actor uses to talk to its supervisor. */
export interface WorkerPort {
  request(req: WorkRequest): Promise<WorkReply>;
  publishResult(msg: ResultMsg): Promise<void>;
  publishFailed(msg: ChunkFailed): Promise<void>;
  heartbeat(hb: Heartbeat): void;
  /** Bytes of a chunk the worker could not read itself (no shared disk); null when the transport cannot ship them. */
  fetchBytes?(job: string, chunk: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** What a transport calls on the supervisor side, with messages already validated. */
export interface SupervisorHandlers {
  work(req: WorkRequest): Promise<WorkReply>;
  result(msg: ResultMsg): void;
  failed(msg: ChunkFailed): void;
  heartbeat(hb: Heartbeat): void;
}
