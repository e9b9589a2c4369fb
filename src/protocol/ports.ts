/**
 * The ends every transport implements. Actors and the job server speak only
 * these; ipc.ts, local.ts and nats/ carry the messages.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from './messages.js';

/** What a worker actor uses to talk to its supervisor. */
export interface WorkerPort {
  request(req: WorkRequest): Promise<WorkReply>;
  publishResult(msg: ResultMsg): Promise<void>;
  publishFailed(msg: ChunkFailed): Promise<void>;
  heartbeat(hb: Heartbeat): void;
  /**
   * The bytes of a chunk the worker cannot read itself (no shared disk), as
   * slices in file order from offset max(0, start - 1) through the end of the
   * chunk's last line. Absent when the transport cannot ship bytes; the
   * iteration throws when the supervisor cannot.
   */
  streamBytes?(job: string, chunk: number, token: string): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** What a transport calls on the supervisor side, with messages already validated. */
export interface SupervisorHandlers {
  work(req: WorkRequest): Promise<WorkReply>;
  result(msg: ResultMsg): void;
  failed(msg: ChunkFailed): void;
  heartbeat(hb: Heartbeat): void;
}

/**
 * The supervisor's side of a transport, once it serves a job's handlers (a
 * JobServer): the job runner (src/run/job-runner.ts) closes it when the job
 * is over. Closing stops serving and stops what the transport started for
 * the job (local actors, consumers).
 */
export interface SupervisorTransport {
  close(): Promise<void>;
}
