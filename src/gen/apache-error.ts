/**
 * Apache httpd 2.4 error-log lines (the default ErrorLogFormat), for `loga
 * gen --format apache-error`:
 *
 *   [Wed Jan 24 10:15:32.123456 2024] [proxy:error] [pid 2817:tid 140231] [client 10.0.3.7:52413] AH01102: Upstream returned 502
 *
 * The entries are EntrySource's, each at its level (TRACE as trace1, FATAL
 * as crit); a request is a `[proxy_http:info]` line with the time it took,
 * so the file has response times to read.
 */

import { bytes, type ByteSink, NL } from './bytes.js';
import { type ContentOptions, EntrySource, GenEvent, K_CPU, K_MEMORY, K_REQUEST, METHODS, PATHS, Picker } from './content.js';
import type { EntryWriter } from './lines.js';
import { type Rng } from './random.js';
import { TextClock } from './text-clock.js';

/** `] [module:level] [pid ` by level (TRACE..FATAL). */
const LEVEL = ['core:trace1', 'core:debug', 'core:info', 'core:warn', 'proxy:error', 'core:crit'].map((l) => bytes(`] [${l}] [pid `));
const REQUEST = bytes('] [proxy_http:info] [pid ');
const TID = bytes(':tid ');
const CLIENT = bytes('] [client ');
const AFTER_CLIENT = bytes('] ');
/** The AH code an entry of each level carries (Apache numbers every message it writes). */
const CODE = ['AH00000: ', 'AH00001: ', 'AH00002: ', 'AH00003: ', 'AH01102: ', 'AH00060: '].map((c) => bytes(c));
const COMPLETED = bytes(' completed in ');
const MS = bytes('ms');
const MEMORY = bytes('Memory usage: ');
const MB = bytes('MB');
const CPU = bytes('CPU usage: ');
const PERCENT = 37;
const LBRACKET = 91;
const COLON = 58;
const SP = 32;

const PIDS = new Picker<number>([
  [2817, 30],
  [2818, 30],
  [2819, 20],
  [2820, 20],
]);

export class ApacheErrorLines implements EntryWriter {
  private readonly ev = new GenEvent();
  private readonly clock = new TextClock();
  private readonly source: EntrySource;
  private readonly values: number[] = [0, 0, 0, 0];
  private readonly clients: Uint8Array[] = [];

  constructor(
    private readonly rng: Rng,
    content: ContentOptions,
  ) {
    this.source = new EntrySource(rng, content);
    for (let i = 0; i < 256; i++) this.clients.push(bytes(`10.0.${rng.int(16)}.${rng.range(1, 254)}`));
  }

  entry(s: ByteSink): void {
    const { ev, rng } = this;
    this.source.next(ev);
    s.byte(LBRACKET);
    this.clock.ctime(s, ev.ts, rng.int(1000));
    s.put(ev.kind === K_REQUEST ? REQUEST : LEVEL[ev.level]);
    s.uint(PIDS.pick(rng));
    s.put(TID);
    s.uint(140000 + rng.int(64));
    s.put(CLIENT);
    s.put(this.clients[rng.u32() >>> 24]);
    s.byte(COLON);
    s.uint(rng.range(1024, 65535));
    s.put(AFTER_CLIENT);
    if (ev.kind === K_REQUEST) {
      s.put(METHODS.pick(rng));
      s.byte(SP);
      const path = PATHS.pick(rng);
      path.draw(rng, this.values);
      path.write(s, false, this.values);
      s.put(COMPLETED);
      s.uint(Math.round(ev.rtUs / 1000));
      s.put(MS);
    } else if (ev.kind === K_MEMORY) {
      s.put(MEMORY);
      s.uint(ev.memMb);
      s.put(MB);
    } else if (ev.kind === K_CPU) {
      s.put(CPU);
      s.uint(Math.round(ev.cpuTenths / 10));
      s.byte(PERCENT);
    } else {
      s.put(CODE[ev.level]);
      ev.tpl!.write(s, false, ev.values);
    }
    s.byte(NL);
  }
}
