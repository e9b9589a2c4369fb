/**
 * Checks every protocol message on receipt with the validators generated from
 * schemas.ts. An invalid message is rejected with a log line by the receiver,
 * never a crash.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest, WorkerToSupervisor } from './messages.js';
import * as generated from './validators.js';
import type { GeneratedValidator } from './validators.js';

export type Validator<T> = ((data: unknown) => data is T) & { errors?: GeneratedValidator['errors'] };

export const isWorkRequest = generated.isWorkRequest as Validator<WorkRequest>;
export const isHeartbeat = generated.isHeartbeat as Validator<Heartbeat>;
export const isResult = generated.isResult as Validator<ResultMsg>;
export const isChunkFailed = generated.isChunkFailed as Validator<ChunkFailed>;
export const isWorkReply = generated.isWorkReply as Validator<WorkReply>;
/** One definition of a `--format-file` (not a message: see schemas.ts). */
export const isFormatFileDefinition = generated.isFormatFileDefinition;

const byType: Record<string, GeneratedValidator> = {
  work: isWorkRequest,
  heartbeat: isHeartbeat,
  result: isResult,
  failed: isChunkFailed,
};

export function errorsText(v: GeneratedValidator): string {
  return (v.errors ?? []).map((e) => `${e.instancePath || '(message)'} ${e.message ?? 'is invalid'}`).join('; ') || 'invalid';
}

/** Returns the message, or a string saying what is wrong with it. */
export function checkWorkerMessage(msg: unknown): WorkerToSupervisor | string {
  const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined;
  const v = typeof type === 'string' ? byType[type] : undefined;
  if (v === undefined) return `unknown message type ${JSON.stringify(type)}`;
  if (v(msg)) return msg as WorkerToSupervisor;
  return errorsText(v);
}
