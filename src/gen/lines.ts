/**
 * Line builders for the leveled formats (SPEC §3.1–3.3): standard, json and
 * logfmt. Each writes one entry drawn by EntrySource, with its `\n`, into the
 * sink. Format-specific variety (units, alternative keys, nested fields) is
 * drawn here, from the same seeded stream.
 */

import { bytes, type ByteSink, DOT, NL } from './bytes.js';
import { LineClock } from './clock.js';
import { type EntrySource, GenEvent, K_CPU, K_MEMORY, K_REQUEST, METHODS, PATHS } from './content.js';
import { type Rng } from './random.js';

/** Writes one entry line; each file has one. */
export interface EntryWriter {
  entry(sink: ByteSink): void;
}

const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** One byte of a draw (0..255) picks a format variant: `u8(rng) < 205` is 80 %. */
function u8(rng: Rng): number {
  return rng.u32() >>> 24;
}

/** ms with one decimal, from µs: `127.4` */
function msTenths(s: ByteSink, us: number): void {
  const t = Math.round(us / 100);
  const i = Math.floor(t / 10);
  s.uint(i);
  s.byte(DOT);
  s.byte(48 + t - i * 10);
}

function ms(us: number): number {
  return Math.round(us / 1000);
}

/** Tenths as `37.5`. */
function tenths(s: ByteSink, t: number): void {
  const i = Math.floor(t / 10);
  s.uint(i);
  s.byte(DOT);
  s.byte(48 + t - i * 10);
}

// ---------------------------------------------------------------- standard

const STD_LEVEL = LEVEL_NAMES.map((l) => bytes(` ${l} `));
const STD_PROCESSED = bytes('Request processed in ');
const STD_COMPLETED = bytes('Request completed in ');
const STD_TOOK = bytes('Query took ');
const STD_LATENCY = bytes('Upstream latency: ');
const STD_DURATION = bytes(' duration=');
const STD_MS = bytes('ms');
const STD_US = bytes('us');
const STD_MICRO = bytes('µs');
const STD_MEMORY = bytes('Memory usage: ');
const STD_HEAP = bytes('Heap stats mem=');
const STD_MB = bytes('MB');
const STD_GB = bytes('GB');
const STD_CPU = bytes('CPU usage: ');
const S_LOWER = 115; // 's'
const PERCENT = 37; // '%'

/** `2024-01-24 10:15:32.123 INFO Request processed in 127ms` */
export class StandardLines implements EntryWriter {
  private readonly ev = new GenEvent();
  private readonly clock = new LineClock();

  constructor(
    private readonly rng: Rng,
    private readonly source: EntrySource,
  ) {}

  entry(s: ByteSink): void {
    const ev = this.ev;
    const rng = this.rng;
    this.source.next(ev);
    this.clock.standard(s, ev.ts);
    s.put(STD_LEVEL[ev.level]);
    if (ev.kind === K_REQUEST) {
      const us = ev.rtUs;
      const v = u8(rng);
      if (v < 205) {
        s.put(STD_PROCESSED);
        s.uint(ms(us));
        s.put(STD_MS);
      } else if (v < 220) {
        s.put(STD_PROCESSED);
        msTenths(s, us);
        s.put(STD_MS);
      } else if (v < 230) {
        s.put(STD_COMPLETED);
        s.thousandths(ms(us));
        s.byte(S_LOWER);
      } else if (v < 238) {
        s.put(STD_TOOK);
        s.uint(us);
        s.put(v < 236 ? STD_US : STD_MICRO);
      } else if (v < 247) {
        s.put(STD_LATENCY);
        s.uint(ms(us));
        s.put(STD_MS);
      } else {
        // `GET /api/orders/42 duration=85ms`
        s.put(METHODS.pick(rng));
        s.byte(32);
        const path = PATHS.pick(rng);
        path.draw(rng, ev.values);
        path.write(s, false, ev.values);
        s.put(STD_DURATION);
        s.uint(ms(us));
        s.put(STD_MS);
      }
    } else if (ev.kind === K_MEMORY) {
      const v = u8(rng);
      if (v < 218) {
        s.put(STD_MEMORY);
        s.uint(ev.memMb);
        s.put(STD_MB);
      } else if (v < 243) {
        // `Memory usage: 0.50GB` (hundredths of a GB)
        s.put(STD_MEMORY);
        const h = Math.round((ev.memMb * 100) / 1024);
        const i = Math.floor(h / 100);
        s.uint(i);
        s.byte(DOT);
        s.pad2(h - i * 100);
        s.put(STD_GB);
      } else {
        s.put(STD_HEAP);
        s.uint(ev.memMb);
        s.put(STD_MB);
      }
    } else if (ev.kind === K_CPU) {
      s.put(STD_CPU);
      if (u8(rng) < 218) s.uint(Math.round(ev.cpuTenths / 10));
      else tenths(s, ev.cpuTenths);
      s.byte(PERCENT);
    } else {
      ev.tpl!.write(s, false, ev.values);
    }
    s.byte(NL);
  }
}

// ---------------------------------------------------------- json, logfmt

/** The bytes that make one structured format: both carry the same fields in the same order. */
interface Dialect {
  /** Before the timestamp. */
  open: Uint8Array;
  /** After the timestamp, by level, through the message's opening quote. */
  level: Uint8Array[];
  request: Uint8Array;
  duration: Uint8Array;
  latency: Uint8Array;
  requestTime: Uint8Array;
  /** Out of 256: how often a request line carries the request's id, method and path. */
  reqShare: number;
  reqId: Uint8Array;
  method: Uint8Array;
  path: Uint8Array;
  /** After the path (closes the line). */
  reqEnd: Uint8Array;
  memory: Uint8Array;
  cpu: Uint8Array;
  /** After a figure (closes the line). */
  end: Uint8Array;
  /** After a message text (closes the line). */
  endQuoted: Uint8Array;
}

/** `{"timestamp":"2024-01-24T10:15:32.123Z","level":"info","message":"Request processed","duration_ms":127}` */
const JSON_DIALECT: Dialect = {
  open: bytes('{"timestamp":"'),
  level: LEVEL_NAMES.map((l) => bytes(`","level":"${l.toLowerCase()}","message":"`)),
  request: bytes('Request processed"'),
  duration: bytes(',"duration_ms":'),
  latency: bytes(',"latency_ms":'),
  requestTime: bytes(',"request_time":'),
  reqShare: 77, // 30 %: `"req":{"id":"7f3a9c2e","method":"GET","path":"/api/orders/42"}`
  reqId: bytes(',"req":{"id":"'),
  method: bytes('","method":"'),
  path: bytes('","path":"'),
  reqEnd: bytes('"}}\n'),
  memory: bytes('Memory usage","memory_mb":'),
  cpu: bytes('CPU usage","cpu_pct":'),
  end: bytes('}\n'),
  endQuoted: bytes('"}\n'),
};

/** `ts=2024-01-24T10:15:32.123Z level=info msg="Request processed" duration_ms=127` */
const LOGFMT_DIALECT: Dialect = {
  open: bytes('ts='),
  level: LEVEL_NAMES.map((l) => bytes(` level=${l.toLowerCase()} msg="`)),
  request: bytes('Request processed"'),
  duration: bytes(' duration_ms='),
  latency: bytes(' latency_ms='),
  requestTime: bytes(' request_time='),
  reqShare: 64, // 25 %: ` req_id=7f3a9c2e method=GET path="/api/orders/42"`
  reqId: bytes(' req_id='),
  method: bytes(' method='),
  path: bytes(' path="'),
  reqEnd: bytes('"\n'),
  memory: bytes('Memory usage" memory_mb='),
  cpu: bytes('CPU usage" cpu_pct='),
  end: bytes('\n'),
  endQuoted: bytes('"\n'),
};

/** json or logfmt lines, one writer for both (they differ only in their bytes). */
class StructuredLines implements EntryWriter {
  private readonly ev = new GenEvent();
  private readonly clock = new LineClock();

  constructor(
    private readonly rng: Rng,
    private readonly source: EntrySource,
    private readonly d: Dialect,
  ) {}

  entry(s: ByteSink): void {
    const { ev, rng, d } = this;
    this.source.next(ev);
    s.put(d.open);
    this.clock.iso8601(s, ev.ts);
    s.put(d.level[ev.level]);
    if (ev.kind === K_REQUEST) {
      s.put(d.request);
      const us = ev.rtUs;
      const v = u8(rng);
      if (v < 205) {
        s.put(d.duration);
        s.uint(ms(us));
      } else if (v < 230) {
        s.put(d.duration);
        msTenths(s, us);
      } else if (v < 243) {
        s.put(d.latency);
        s.uint(ms(us));
      } else {
        s.put(d.requestTime);
        s.thousandths(ms(us));
      }
      if (u8(rng) < d.reqShare) {
        s.put(d.reqId);
        s.hex8(rng.u32());
        s.put(d.method);
        s.put(METHODS.pick(rng));
        s.put(d.path);
        const path = PATHS.pick(rng);
        path.draw(rng, ev.values);
        path.write(s, true, ev.values);
        s.put(d.reqEnd);
      } else {
        s.put(d.end);
      }
    } else if (ev.kind === K_MEMORY) {
      s.put(d.memory);
      s.uint(ev.memMb);
      s.put(d.end);
    } else if (ev.kind === K_CPU) {
      s.put(d.cpu);
      if (u8(rng) < 218) s.uint(Math.round(ev.cpuTenths / 10));
      else tenths(s, ev.cpuTenths);
      s.put(d.end);
    } else {
      ev.tpl!.write(s, true, ev.values);
      s.put(d.endQuoted);
    }
  }
}

export class JsonLines extends StructuredLines {
  constructor(rng: Rng, source: EntrySource) {
    super(rng, source, JSON_DIALECT);
  }
}

export class LogfmtLines extends StructuredLines {
  constructor(rng: Rng, source: EntrySource) {
    super(rng, source, LOGFMT_DIALECT);
  }
}
