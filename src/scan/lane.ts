/**
 * The JS side of the fast lanes: WebAssembly modules built from
 * assembly/<format>-lane.ts by `npm run build`, named by a format's `lane`
 * spec (src/formats/format.ts): the standard format, nginx access logs,
 * json, logfmt, the shape lane of the application-log formats that start
 * with a fixed-width time, and the access lane of format strings
 * (assembly/lane-core.ts has what they share). The shape lane learns from
 * the JS parser instead of parsing: see assembly/shape-lane.ts and
 * ChunkScanner's teach(); the access lane runs a compiled format string
 * (LaneSpec.program).
 *
 * A lane owns a WebAssembly memory holding its counters and a read buffer.
 * ChunkScanner reads the file into `lane.buffer` and hands runs of lines to
 * `scan()`; the lane parses and counts the lines of the current minute that
 * it can take and stops at any other line, which the scanner gives to the JS
 * parser as before. When a line starts another minute the lane stops with
 * NEW_PREFIX: the scanner asks `minuteAt()` (the JS parser's own reading of
 * the time) and tells the lane (`setMinute`). `flushInto()` folds the lane's
 * counters into the chunk's Accumulator (when the minute changes and at the
 * end of each step).
 *
 * A lane is an accelerator, never the reference: with LOGA_LANE=off, or
 * when a module cannot be loaded, everything goes through the JS parsers,
 * and the tests compare both ways on random files.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { LaneSpec, LaneWrap } from '../formats/format.js';
import { addExact } from '../metrics/exact-sum.js';
import { newSeconds } from '../metrics/partial.js';
import type { Accumulator } from './accumulator.js';

import {
  C_CPU_N,
  C_ERR_COUNT,
  C_ERRORS,
  C_LEVELS,
  C_LINES,
  C_MEM_N,
  C_PER_SECOND,
  C_PREFIX_AT,
  C_REQUESTS,
  C_RT_HI,
  C_RT_LO,
  C_RT_N,
  ERR_ENTRY,
  S_CPU,
  S_FIRST_TS,
  S_LAST_TS,
  S_MEM,
  S_MINUTE_MS,
  S_RT_MAX,
  S_RT_MIN,
  S_RT_SUM_US,
  TPL_REC,
  WRAP_CRI,
  WRAP_DOCKER,
} from './lane-layout.js';
import { wasmFile } from '../package-files.js';

/** Why scan() stopped (the lane's statuses). */
export { BAIL, ERRORS_FULL, NEED_BYTES, NEW_PREFIX, RANGE_END } from './lane-layout.js';

// The lane's state (src/scan/lane-layout.ts, shared with assembly/lane-core.ts) in u32 words: an error entry, a template record.
const ERR_WORDS = ERR_ENTRY / 4;
const TPL_WORDS = TPL_REC / 4;

interface LaneExports {
  memory: WebAssembly.Memory;
  init(state: number): void;
  stateBytes(): number;
  status(): number;
  reset(): void;
  setMinute(p: number, ms: number): void;
  clearMinute(): void;
  scan(p: number, stop: number, len: number): number;
  /** The shape lane's time shape and mode, the access lane's program (its mode ignored), or the json lane's mode (json, journald). */
  configure?(p: number, n: number, mode: number): number;
  /** The shape lane's (assembly/shape-lane.ts): the minute of a line JS read, what JS decided. */
  shapeMinute?(s: number, e: number, ts: number): number;
  hasMinuteOf?(s: number): number;
  learn?(s: number, e: number, level: number, m: number): void;
  setWrap(mode: number): void;
  F64_SLOTS: WebAssembly.Global;
  COUNTERS: WebAssembly.Global;
  BUCKETS: WebAssembly.Global;
  ERR_CAP: WebAssembly.Global;
  TPL_CAP: WebAssembly.Global;
  TPL_NONE: WebAssembly.Global;
  tplReset(): void;
  tplFull(): number;
  tplRecords(): number;
  tplArena(): number;
}

const PAGE = 65536;

/** Compiled modules by file name. */
const compiled = new Map<string, WebAssembly.Module | null>();

/** A lane's compiled module, or null (disabled by LOGA_LANE=off, or not built). Compiled once per process. */
function laneModule(wasm: string): WebAssembly.Module | null {
  const known = compiled.get(wasm);
  if (known !== undefined) return known;
  let mod: WebAssembly.Module | null = null;
  const setting = (process.env.LOGA_LANE ?? '').toLowerCase();
  if (!(setting === 'off' || setting === '0' || setting === 'false')) {
    try {
      // Compile with the optimizing tier at once. With V8's default dynamic
      // tiering the lane's few long-running calls stay in baseline (Liftoff)
      // code: measured 1.9 ns/byte against 1.05 once optimized.
      setFlagsFromString('--no-wasm-dynamic-tiering');
      mod = new WebAssembly.Module(readFileSync(wasmFile(wasm)));
    } catch {
      mod = null; // not built (a source checkout without `npm run build`): the JS parser does everything
    }
  }
  compiled.set(wasm, mod);
  return mod;
}

export class Lane {
  /** The read buffer, inside the lane's memory: the scanner reads into it. */
  readonly buffer: Buffer;
  /** The JS parser's minute of the time at buffer index `at` (epoch ms), or NaN. */
  readonly minuteAt: (buf: Uint8Array, at: number) => number;
  private readonly ex: LaneExports;
  private readonly state: Float64Array;
  private readonly counts: Uint32Array;
  private readonly buckets: Uint32Array;
  /** Error lines listed by scan: (line start, message start, message end) addresses, and the message's template id. */
  private readonly errors: Uint32Array;
  /** The lane's template records (arena offset, length, hash per id), and its templates decoded so far. */
  private readonly tplRecords: Uint32Array;
  private readonly tplArena: number;
  private readonly tplNone: number;
  private templates: string[] = [];
  private readonly memory: Buffer;
  /** Address of buffer[0] in the lane's memory. */
  private readonly at: number;

  /** A lane of a format's spec with a read buffer of readSize bytes, or undefined when lanes are off or not built. */
  static create(spec: LaneSpec, readSize: number): Lane | undefined {
    const mod = laneModule(spec.wasm);
    return mod === null ? undefined : new Lane(mod, readSize, spec);
  }

  private constructor(mod: WebAssembly.Module, readSize: number, spec: LaneSpec) {
    this.minuteAt = spec.minuteAt;
    const ex = new WebAssembly.Instance(mod, { env: { abort: laneAbort } }).exports as unknown as LaneExports;
    this.ex = ex;
    const mem = ex.memory;
    const state = align(mem.buffer.byteLength, PAGE);
    const stateBytes = ex.stateBytes();
    const at = align(state + stateBytes, PAGE);
    // grown once, here: growing later would detach the views below
    const need = at + readSize + PAGE;
    if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    ex.init(state);
    const slots = ex.F64_SLOTS.value as number;
    const counters = ex.COUNTERS.value as number;
    const buckets = ex.BUCKETS.value as number;
    let p = state;
    this.state = new Float64Array(mem.buffer, p, slots);
    this.counts = new Uint32Array(mem.buffer, (p += slots * 8), counters);
    this.buckets = new Uint32Array(mem.buffer, (p += counters * 4), buckets);
    this.errors = new Uint32Array(mem.buffer, p + buckets * 4, (ex.ERR_CAP.value as number) * ERR_WORDS);
    this.tplRecords = new Uint32Array(mem.buffer, ex.tplRecords(), (ex.TPL_CAP.value as number) * TPL_WORDS);
    this.tplArena = ex.tplArena();
    this.tplNone = (ex.TPL_NONE.value as number) >>> 0;
    this.memory = Buffer.from(mem.buffer);
    this.at = at;
    this.buffer = Buffer.from(mem.buffer, at, readSize);
    if (spec.program !== undefined) {
      this.buffer.set(spec.program);
      if (ex.configure?.(at, spec.program.length, 0) !== 1) throw new Error('the access lane does not run this format string');
    }
    if (spec.wrap !== undefined) {
      ex.setWrap(spec.wrap.wrapper === 'cri' ? WRAP_CRI : WRAP_DOCKER);
      this.wrap = spec.wrap;
    }
    if (spec.shape === undefined && spec.program === undefined && spec.mode !== undefined) {
      if (ex.configure?.(at, 0, spec.mode) !== 1) throw new Error(`the lane ${spec.wasm} has no mode ${spec.mode}`);
    }
    if (spec.shape !== undefined) {
      const n = this.buffer.write(spec.shape, 'latin1');
      if (ex.configure?.(at, n, spec.mode ?? 0) !== 1) throw new Error(`the time shape '${spec.shape}' is not one the shape lane reads`);
      this.shaped = true;
      this.keyEnd = spec.keyEnd;
    }
  }

  /** The container wrapper the lane reads, if any (LaneSpec.wrap). */
  readonly wrap: LaneWrap | undefined = undefined;
  /** A shape lane (assembly/shape-lane.ts): it learns from the lines JS parsed (ChunkScanner's teach). */
  readonly shaped: boolean = false;
  /** Where a shape lane's key ends in the line JS read last, when not at the message (LaneSpec.keyEnd). */
  readonly keyEnd: LaneSpec['keyEnd'] = undefined;

  /**
   * A shape lane's minute of the line [p, e) that JS read as an entry at ts
   * (epoch ms), when the line has the lane's time shape; NaN when not.
   */
  shapeMinute(p: number, e: number, ts: number): number {
    const at = this.at;
    return this.ex.shapeMinute!(at + p, at + e, ts);
  }

  /** True when the line at p has the current minute's bytes (a shape lane). */
  hasMinuteOf(p: number): boolean {
    return this.ex.hasMinuteOf!(this.at + p) === 1;
  }

  /** A shape lane: lines with the bytes of [p, e) between the time and m (the message start) are entries of `level`. */
  learn(p: number, e: number, level: number, m: number): void {
    const at = this.at;
    this.ex.learn!(at + p, at + e, level, at + m);
  }

  /**
   * Takes the lines that start in buffer[p, stop) and end before len, until
   * one is not the lane's; returns the index where it stopped (see status).
   */
  scan(p: number, stop: number, len: number): number {
    const at = this.at;
    return this.ex.scan(at + p, at + stop, at + len) - at;
  }

  /** Error lines listed since the last drain. */
  get errorsListed(): number {
    return this.counts[C_ERR_COUNT];
  }

  /**
   * Hands the listed error lines to acc for the top errors (their counts are
   * already in the lane's minute), each with the template the lane interned
   * for it (decoded once per id); a line the lane had no room for (TPL_NONE)
   * goes through acc.errorBytes. `base` is the file offset of buffer[0].
   * Call after every scan, while their bytes are still in the buffer.
   */
  drainErrors(acc: Accumulator, base: number): void {
    const n = this.counts[C_ERR_COUNT];
    const list = this.errors;
    const at = this.at;
    const buf = this.buffer;
    const none = this.tplNone;
    const templates = this.templates;
    for (let k = 0; k < n * ERR_WORDS; k += ERR_WORDS) {
      const id = list[k + 3];
      if (id === none) acc.errorBytes(buf, list[k + 1] - at, list[k + 2] - at, base + list[k] - at);
      else acc.errorWithTemplate(templates[id] ?? this.template(id), buf, list[k + 1] - at, list[k + 2] - at, base + list[k] - at);
    }
    this.counts[C_ERR_COUNT] = 0;
    if (this.ex.tplFull() !== 0) {
      // ids are only ever reset with the list empty, so none listed can be stale
      this.ex.tplReset();
      this.templates = [];
    }
  }

  /** Template `id`, decoded from the lane's memory (once per id). */
  private template(id: number): string {
    const r = this.tplRecords;
    const from = this.tplArena + r[id * TPL_WORDS];
    const t = this.memory.toString('utf8', from, from + r[id * TPL_WORDS + 1]);
    this.templates[id] = t;
    return t;
  }

  /** Why the last scan stopped: RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX or ERRORS_FULL. */
  get status(): number {
    return this.ex.status();
  }

  /** Lines (entries and blank lines) taken since the last flush. */
  get taken(): number {
    return this.counts[C_LINES];
  }

  /**
   * After NEW_PREFIX: where the time that starts another minute is, as an
   * address in the lane's memory: in the read buffer, or in the lane's copy
   * of a decoded inner line (assembly/wrappers.ts). Read it before a flush,
   * which clears it.
   */
  get prefixAt(): number {
    return this.counts[C_PREFIX_AT];
  }

  /** The JS parser's minute (minuteAt) of the time at address `at` of the lane's memory. */
  minuteOfPrefix(at: number): number {
    return this.minuteAt(this.memory, at);
  }

  /** From now on, lines whose time has the minute of the time at address `at` (prefixAt) are in the minute starting at ms. */
  setMinuteOfPrefix(at: number, ms: number): void {
    this.ex.setMinute(at, ms);
  }

  /** From now on, lines whose time has the minute of the time at buffer index p are in the minute starting at ms. */
  setMinute(p: number, ms: number): void {
    this.ex.setMinute(this.at + p, ms);
  }

  /** Forgets the minute (a new chunk). */
  clearMinute(): void {
    this.ex.clearMinute();
  }

  /** Folds the lane's counters into acc and zeroes them. */
  flushInto(acc: Accumulator): void {
    const s = this.state;
    const c = this.counts;
    const levels = [c[C_LEVELS], c[C_LEVELS + 1], c[C_LEVELS + 2], c[C_LEVELS + 3], c[C_LEVELS + 4], c[C_LEVELS + 5]];
    const entries = levels[0] + levels[1] + levels[2] + levels[3] + levels[4] + levels[5];
    if (entries !== 0) {
      const row = acc.addEntries(s[S_MINUTE_MS] / 60000, entries, levels, s[S_FIRST_TS], s[S_LAST_TS]);
      row.errors += c[C_ERRORS];
      const requests = c[C_REQUESTS];
      if (requests !== 0) {
        row.requests += requests;
        const perSecond = (row.perSecond ??= newSeconds());
        for (let i = 0; i < 60; i++) perSecond[i] += c[C_PER_SECOND + i];
        const n = c[C_RT_N];
        if (n !== 0) row.rt.addBuckets(this.buckets, c[C_RT_LO], c[C_RT_HI], n, s[S_RT_SUM_US], s[S_RT_MIN], s[S_RT_MAX]);
      }
      addStats(row.mem, c[C_MEM_N], s, S_MEM);
      addStats(row.cpu, c[C_CPU_N], s, S_CPU);
    }
    this.ex.reset();
  }
}

function addStats(into: { n: number; sumMilli: number; min: number; max: number }, n: number, s: Float64Array, at: number): void {
  if (n === 0) return;
  into.n += n;
  into.sumMilli = addExact(into.sumMilli, s[at]);
  if (s[at + 1] < into.min) into.min = s[at + 1];
  if (s[at + 2] > into.max) into.max = s[at + 2];
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function laneAbort(): never {
  throw new Error('standard lane aborted');
}
