/**
 * What the generated log says, independent of how a format writes it: the mix
 * of requests, plain messages, resource samples and errors, the message
 * templates, the response-time distribution and the request clock.
 *
 * Every message template is checked (test/gen/content.test.ts) to contain none
 * of the words loga reads figures from (`took`, `duration`, `mem`, `cpu`…),
 * so a generated entry carries exactly the figures it was generated with.
 */

import { DEBUG, ERROR, FATAL, INFO, TRACE, WARN } from '../parsers/record.js';
import { bytes, type ByteSink } from './bytes.js';
import { GEN_START_MS } from './clock.js';
import { lognormalTable, type Rng } from './random.js';

export { DEBUG, ERROR, FATAL, INFO, TRACE, WARN };

/** Entry kinds. */
export const K_REQUEST = 0;
export const K_MESSAGE = 1;
export const K_MEMORY = 2;
export const K_CPU = 3;
export const K_ERROR = 4;
export const K_FATAL = 5;

/** Share of the non-error entries (the rest after ERROR and FATAL). */
const SHARE_REQUEST = 0.8;
const SHARE_MESSAGE = 0.14;
const SHARE_MEMORY = 0.03; // and the last 0.03 are cpu samples
/** FATAL entries, as a fraction of errorRatio (so errorRatio 0 means no errors at all). */
const FATAL_PER_ERROR = 0.005;

/** A numeric slot in a template: uniform in [lo, hi], or one of `choices`. */
interface Slot {
  lo: number;
  hi: number;
  choices: readonly number[];
}

/**
 * A message with numeric slots, from text like `User {1-99999} logged in` or
 * `Upstream returned {502|503|504}`. Pieces are kept twice: as written in a
 * plain-text line, and escaped for a quoted json / logfmt string.
 */
export class Template {
  readonly plain: Uint8Array[] = [];
  readonly quoted: Uint8Array[] = [];
  readonly slots: Slot[] = [];

  constructor(
    readonly level: number,
    readonly text: string,
  ) {
    const parts = text.split(/\{([^}]*)\}/);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i % 2 === 0) {
        this.plain.push(bytes(part));
        this.quoted.push(bytes(JSON.stringify(part).slice(1, -1)));
      } else if (part.includes('|')) {
        const choices = part.split('|').map(Number);
        this.slots.push({ lo: 0, hi: 0, choices });
      } else {
        const [lo, hi] = part.split('-').map(Number);
        this.slots.push({ lo, hi, choices: [] });
      }
    }
  }

  /** Draws the slot values into `out`. */
  draw(rng: Rng, out: number[]): void {
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      out[i] = s.choices.length > 0 ? s.choices[rng.int(s.choices.length)] : rng.range(s.lo, s.hi);
    }
  }

  /** Writes the message with the drawn values. */
  write(sink: ByteSink, quoted: boolean, values: readonly number[]): void {
    const pieces = quoted ? this.quoted : this.plain;
    sink.put(pieces[0]);
    for (let i = 0; i < this.slots.length; i++) {
      sink.uint(values[i]);
      sink.put(pieces[i + 1]);
    }
  }
}

/**
 * A weighted choice with one table read: the weights are spread over 256
 * cells, so every item must weigh at least 1/256 of the total.
 */
export class Picker<T> {
  private readonly table: T[] = [];

  constructor(items: readonly (readonly [T, number])[]) {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let acc = 0;
    for (const [item, w] of items) {
      acc += w;
      const upto = Math.round((acc / total) * 256);
      while (this.table.length < upto) this.table.push(item);
    }
  }

  pick(rng: Rng): T {
    return this.table[rng.u32() >>> 24];
  }
}

/** Plain INFO/DEBUG/WARN/TRACE messages (no figures in them). */
export const MESSAGES = new Picker<Template>([
  [new Template(INFO, 'User {1-99999} logged in'), 20],
  [new Template(INFO, 'User {1-99999} logged out'), 10],
  [new Template(INFO, 'Order {100000-999999} created for customer {1-99999}'), 10],
  [new Template(DEBUG, 'Cache hit for key user:{1-9999}'), 25],
  [new Template(DEBUG, 'Cache miss for key "session:{1-99999}"'), 10],
  [new Template(DEBUG, 'Connection pool size {1-64}'), 8],
  [new Template(TRACE, 'Entering handler /api/orders/{1-99999}'), 4],
  [new Template(WARN, 'Retrying call to inventory-service (attempt {2-5} of 5)'), 6],
  [new Template(WARN, 'Queue depth {100-5000} above threshold'), 4],
  [new Template(WARN, 'Deprecated API version v{1-2} used by client {1-999}'), 3],
]);

/** ERROR messages: 8 shapes, so top errors (digits → #) shows 8 groups. */
export const ERRORS = new Picker<Template>([
  [new Template(ERROR, 'Upstream returned {502|503|504}'), 25],
  [new Template(ERROR, 'Database connection failed after {1-5} retries'), 20],
  [new Template(ERROR, 'Timeout occurred after {5000|10000|30000}ms'), 15],
  [new Template(ERROR, 'Failed to process order {100000-999999}: insufficient stock'), 10],
  [new Template(ERROR, 'Payment gateway error code {4000-4099}'), 10],
  [new Template(ERROR, 'Connection reset by peer 10.0.{0-255}.{1-254}'), 8],
  [new Template(ERROR, 'Disk quota exceeded on volume {1-8}'), 6],
  [new Template(ERROR, 'Unhandled exception in worker {1-16}: "TypeError: x is undefined"'), 6],
]);

export const FATALS = new Picker<Template>([
  [new Template(FATAL, 'Unrecoverable state in shard {1-32}, shutting down'), 1],
  [new Template(FATAL, 'Configuration reload failed with code {1-9}, exiting'), 1],
]);

/** Request paths, shared by json/logfmt request fields and nginx. */
export const PATHS = new Picker<Template>([
  [new Template(INFO, '/api/orders/{1-99999}'), 30],
  [new Template(INFO, '/api/users/{1-9999}'), 20],
  [new Template(INFO, '/api/products?page={1-50}'), 15],
  [new Template(INFO, '/api/cart'), 10],
  [new Template(INFO, '/images/products/{1-5000}.jpg'), 10],
  [new Template(INFO, '/static/js/main.{1-40}.js'), 6],
  [new Template(INFO, '/login'), 5],
  [new Template(INFO, '/health'), 4],
]);

export const METHODS = new Picker<Uint8Array>([
  [bytes('GET'), 75],
  [bytes('POST'), 15],
  [bytes('PUT'), 5],
  [bytes('DELETE'), 3],
  [bytes('PATCH'), 2],
]);

/** Response times: lognormal, median 85 ms, sigma 0.5 (sampled from a quantile table). */
const RT_TABLE_BITS = 13;
const RT_TABLE = lognormalTable(85, 0.5, 1 << RT_TABLE_BITS);
/** The slow tail: 5 in 512 requests (~1 %) take 5–40 times longer (0.5 s to several seconds). */
const SLOW_IN_512 = 5;

/** One entry, reused for every line (the hot path allocates nothing). */
export class GenEvent {
  kind = K_REQUEST;
  level = INFO;
  /** Epoch ms of the entry. */
  ts = GEN_START_MS;
  /** Response time in whole microseconds (≥ 1000), for K_REQUEST. */
  rtUs = 0;
  /** Memory in MB, for K_MEMORY. */
  memMb = 0;
  /** CPU in tenths of a percent (0..1000), for K_CPU. */
  cpuTenths = 0;
  /** The message template and its slot values, for K_MESSAGE / K_ERROR / K_FATAL. */
  tpl: Template | null = null;
  readonly values: number[] = [0, 0, 0, 0];
}

export interface ContentOptions {
  rps: number;
  errorRatio: number;
}

/**
 * Draws the entries of a standard, json or logfmt log. The clock is the
 * request clock: request k (from 0) is stamped GEN_START_MS + k·1000/rps, and
 * every other entry shares the stamp of the next request slot, so loga's
 * `requests_per_second` comes out at `rps`.
 */
export class EntrySource {
  private readonly msPerRequest: number;
  private readonly pError: number;
  private readonly pFatal: number;
  private readonly pRequest: number;
  private readonly pMessage: number;
  private readonly pMemory: number;
  private requests = 0;
  private memMb = 512;
  private cpuTenths = 350;

  constructor(
    private readonly rng: Rng,
    opts: ContentOptions,
  ) {
    this.msPerRequest = 1000 / opts.rps;
    this.pError = opts.errorRatio;
    this.pFatal = this.pError + Math.min(opts.errorRatio * FATAL_PER_ERROR, 1 - opts.errorRatio);
    const rest = 1 - this.pFatal;
    this.pRequest = this.pFatal + rest * SHARE_REQUEST;
    this.pMessage = this.pRequest + rest * SHARE_MESSAGE;
    this.pMemory = this.pMessage + rest * SHARE_MEMORY;
  }

  /** Epoch ms of request slot k. */
  private stamp(): number {
    return GEN_START_MS + Math.floor(this.requests * this.msPerRequest);
  }

  next(ev: GenEvent): void {
    const rng = this.rng;
    const u = rng.float();
    ev.ts = this.stamp();
    if (u >= this.pFatal && u < this.pRequest) {
      ev.kind = K_REQUEST;
      ev.level = INFO;
      ev.rtUs = responseTimeUs(rng);
      this.requests++;
    } else if (u < this.pError) {
      ev.kind = K_ERROR;
      ev.level = ERROR;
      ev.tpl = ERRORS.pick(rng);
      ev.tpl.draw(rng, ev.values);
    } else if (u < this.pFatal) {
      ev.kind = K_FATAL;
      ev.level = FATAL;
      ev.tpl = FATALS.pick(rng);
      ev.tpl.draw(rng, ev.values);
    } else if (u < this.pMessage) {
      ev.kind = K_MESSAGE;
      ev.tpl = MESSAGES.pick(rng);
      ev.level = ev.tpl.level;
      ev.tpl.draw(rng, ev.values);
    } else if (u < this.pMemory) {
      ev.kind = K_MEMORY;
      ev.level = INFO;
      // A mean-reverting random walk around 512 MB.
      let m = this.memMb + rng.range(-24, 24) + Math.round((512 - this.memMb) * 0.02);
      if (m < 64) m = 64;
      this.memMb = m;
      ev.memMb = m;
    } else {
      ev.kind = K_CPU;
      ev.level = INFO;
      // A mean-reverting random walk around 35 %.
      let c = this.cpuTenths + rng.range(-60, 60) + Math.round((350 - this.cpuTenths) * 0.05);
      if (c < 5) c = 5;
      else if (c > 1000) c = 1000;
      this.cpuTenths = c;
      ev.cpuTenths = c;
    }
  }
}

/** A response time in µs: lognormal body plus a slow tail, at least 1 ms. */
export function responseTimeUs(rng: Rng): number {
  // One draw, three uses: the top 13 bits index the table, the low 10 bits
  // spread the value within ~1 ms, the 9 bits between decide the slow tail.
  const r = rng.u32();
  let us = Math.floor(RT_TABLE[r >>> (32 - RT_TABLE_BITS)] * 1000) + (r & 1023);
  if (((r >>> 10) & 511) < SLOW_IN_512) us *= rng.range(5, 40);
  return us < 1000 ? 1000 : us;
}
