/**
 * How a chunk's result travels through JetStream within NATS' max_payload
 * (1 MB by default). A result is JSON (ResultMsg, the partial in its wire
 * form). Most are a few KB and go as one plain message with msgID
 * `<job>.<chunk>.<attempt>.<token>`: the lease's token in it, a forged message
 * cannot take the real one's msgID and make it a duplicate (issue 11). Above
 * the limit (900 KiB) the JSON is gzipped (node:zlib) and sent as one message
 * with the header `Loga-Encoding: gzip`; if even the gzip is above the limit,
 * its bytes are cut into parts of at most the limit, each a message with
 * `Loga-Part: <i>/<n>` and `Loga-Key: <chunk>.<attempt>.<token>` and the msgID
 * `<job>.<chunk>.<attempt>.<token>.<i>of<n>` (the attempt keeps parts of two
 * attempts apart: their bytes differ; the token, a forger's parts apart). The supervisor joins the parts of
 * one key, gunzips, validates, merges, and only then acks every part.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ResultMsg, WorkerToSupervisor } from '../../protocol/messages.js';
import { checkWorkerMessage } from '../../protocol/validate.js';

export const ENCODING_HEADER = 'Loga-Encoding';

const encoder = new TextEncoder();
/** A protocol message as the bytes of a NATS message. */
export function encodeJson(v: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(v));
}
export const PART_HEADER = 'Loga-Part';
export const KEY_HEADER = 'Loga-Key';
/**
 * A gunzipped result larger than this is refused, inflating no further (a
 * corrupt or hostile message: a 510 KB gzip bomb took the supervisor to
 * 1.6 GB under the old 512 MiB bound). A worker's partial holds at most 512
 * minute rows and 2000 error templates: a few MB of JSON.
 */
export const MAX_INFLATED = 64 * 1024 * 1024;

/** Bounds of the parts held while results are joined (issue 11: 300 never-completed results were held to the job's end, 370 MB). */
export interface AssemblyLimits {
  /** Results being joined at once; a part of one more is refused. */
  maxOpen: number;
  /** Bytes of parts held in all; a part past it is refused. */
  maxBytes: number;
  /** An unfinished result is dropped this long after its first part came. */
  ttlMs: number;
  clock: () => number;
}

export const DEFAULT_ASSEMBLY_LIMITS: AssemblyLimits = { maxOpen: 32, maxBytes: MAX_INFLATED, ttlMs: 120_000, clock: Date.now };

export interface OutMessage {
  data: Uint8Array;
  msgID: string;
  headers: Record<string, string>;
}

/** Cuts a result into messages of at most `limit` bytes each. */
export function encodeResult(msg: ResultMsg, limit: number): OutMessage[] {
  const json = Buffer.from(JSON.stringify(msg));
  const id = `${msg.job}.${msg.chunk}.${msg.attempt}.${msg.token}`;
  if (json.length <= limit) return [{ data: json, msgID: id, headers: {} }];
  const gz = gzipSync(json, { level: 6 });
  if (gz.length <= limit) return [{ data: gz, msgID: id, headers: { [ENCODING_HEADER]: 'gzip' } }];
  const n = Math.ceil(gz.length / limit);
  const out: OutMessage[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      data: gz.subarray(i * limit, Math.min(gz.length, (i + 1) * limit)),
      msgID: `${id}.${i + 1}of${n}`,
      headers: { [ENCODING_HEADER]: 'gzip', [PART_HEADER]: `${i + 1}/${n}`, [KEY_HEADER]: `${msg.chunk}.${msg.attempt}.${msg.token}` },
    });
  }
  return out;
}

/** Turns one whole payload into a checked message, or a string saying what is wrong. */
export function decodePayload(data: Uint8Array, gzip: boolean): WorkerToSupervisor | string {
  let text: string;
  try {
    text = (gzip ? gunzipSync(data, { maxOutputLength: MAX_INFLATED }) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('utf8');
  } catch (err) {
    return `cannot gunzip: ${(err as Error).message}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  return checkWorkerMessage(body);
}

interface Assembly<T> {
  chunk: number;
  /** When its first part came (limits.clock). */
  since: number;
  bytes: number;
  n: number;
  parts: (Uint8Array | undefined)[];
  handles: T[];
  got: number;
}

export type Assembled<T> =
  | { kind: 'whole'; msg: WorkerToSupervisor | string; handles: T[] }
  | { kind: 'partial' }
  | { kind: 'invalid'; problem: string; handles: T[] };

/**
 * Joins result parts. `T` is whatever must be acked once the whole result is
 * merged (a JsMsg); a redelivered part replaces the bytes held, and both
 * handles are returned with the whole (acking twice is harmless).
 */
export class ResultAssembler<T> {
  private readonly open = new Map<string, Assembly<T>>();
  private readonly limits: AssemblyLimits;
  private held = 0;

  constructor(limits: Partial<AssemblyLimits> = {}) {
    this.limits = { ...DEFAULT_ASSEMBLY_LIMITS, ...limits };
  }

  /** Results being joined, for tests and metrics. */
  get pending(): number {
    return this.open.size;
  }

  /** Bytes of parts held. */
  get bytesHeld(): number {
    return this.held;
  }

  /** Drops the unfinished results older than the limits' ttl; returns their handles (to ack: the worker's lease expires and the chunk is leased again). */
  expire(): T[] {
    const now = this.limits.clock();
    const handles: T[] = [];
    for (const [key, a] of this.open) {
      if (now - a.since < this.limits.ttlMs) continue;
      handles.push(...a.handles);
      this.forget(key, a);
    }
    return handles;
  }

  private forget(key: string, a: Assembly<T>): void {
    this.open.delete(key);
    this.held -= a.bytes;
  }

  add(data: Uint8Array, headers: { get(k: string): string }, handle: T): Assembled<T> {
    const gzip = headers.get(ENCODING_HEADER) === 'gzip';
    const part = headers.get(PART_HEADER);
    if (part === '') return { kind: 'whole', msg: decodePayload(data, gzip), handles: [handle] };
    const m = /^(\d+)\/(\d+)$/.exec(part);
    const key = headers.get(KEY_HEADER);
    const k = /^(\d+)\.(\d+)\.[A-Za-z0-9_-]{1,64}$/.exec(key);
    if (m === null || k === null) return { kind: 'invalid', problem: `bad part headers '${part}' '${key}'`, handles: [handle] };
    const i = Number(m[1]);
    const n = Number(m[2]);
    if (!(i >= 1 && i <= n && n <= 100_000)) return { kind: 'invalid', problem: `bad part '${part}'`, handles: [handle] };
    let a = this.open.get(key);
    if (a !== undefined && a.n !== n) return { kind: 'invalid', problem: `part count ${n} differs from ${a.n} for ${key}`, handles: [handle] };
    const old = a?.parts[i - 1]?.length ?? 0;
    if (this.held - old + data.length > this.limits.maxBytes) return { kind: 'invalid', problem: `parts held would pass ${this.limits.maxBytes} bytes`, handles: [handle] };
    if (a === undefined) {
      if (this.open.size >= this.limits.maxOpen) return { kind: 'invalid', problem: `${this.open.size} results are being joined already`, handles: [handle] };
      a = { chunk: Number(k[1]), since: this.limits.clock(), bytes: 0, n, parts: new Array<Uint8Array | undefined>(n), handles: [], got: 0 };
      this.open.set(key, a);
    }
    if (a.parts[i - 1] === undefined) a.got++;
    a.parts[i - 1] = data;
    a.bytes += data.length - old;
    this.held += data.length - old;
    a.handles.push(handle);
    if (a.got < n) return { kind: 'partial' };
    this.forget(key, a);
    const whole = Buffer.concat(a.parts as Uint8Array[]);
    return { kind: 'whole', msg: decodePayload(whole, true), handles: a.handles };
  }

  /** Drops the unfinished assemblies of a chunk already merged; returns their handles. */
  dropChunk(chunk: number): T[] {
    const handles: T[] = [];
    for (const [key, a] of this.open) {
      if (a.chunk !== chunk) continue;
      handles.push(...a.handles);
      this.forget(key, a);
    }
    return handles;
  }
}
