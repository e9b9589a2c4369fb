/**
 * log4j lines for `loga gen --format log4j`: log4j's `%d %-5p [%t] %c - %m%n`
 *
 *   2024-01-24 10:15:32,123 INFO  [http-nio-8080-exec-7] com.example.web.RequestLog - Request processed in 127ms
 *
 * with the entries of EntrySource (requests, messages, resource samples,
 * errors), and a Java stack trace (with `Caused by:` and `... N more`)
 * after a third of the errors: loga counts those lines as
 * continuation_lines. Every piece is precomputed bytes; per line only the
 * time, the numbers and the picks are written.
 *
 * Each call writes one line, a stack trace one line a call: `loga gen`
 * counts lines by calls and stops at the first line end at or after the
 * size asked for.
 */

import { bytes, type ByteSink, DOT, NL } from './bytes.js';
import { LineClock } from './clock.js';
import { type EntrySource, GenEvent, K_CPU, K_ERROR, K_MEMORY, K_REQUEST, Picker } from './content.js';
import type { EntryWriter } from './lines.js';
import type { Rng } from './random.js';

const COMMA = 44;
const PERCENT = 37;

/** `%-5p` then the thread's opening bracket. */
const LEVEL = ['TRACE', 'DEBUG', 'INFO ', 'WARN ', 'ERROR', 'FATAL'].map((l) => bytes(` ${l} [`));

/** A thread name: a fixed prefix and a number drawn in [lo, hi] (hi < lo for none). */
interface Thread {
  prefix: Uint8Array;
  lo: number;
  hi: number;
}
const THREADS = new Picker<Thread>([
  [{ prefix: bytes('http-nio-8080-exec-'), lo: 1, hi: 200 }, 70],
  [{ prefix: bytes('pool-2-thread-'), lo: 1, hi: 16 }, 20],
  [{ prefix: bytes('scheduling-1'), lo: 1, hi: 0 }, 6],
  [{ prefix: bytes('main'), lo: 1, hi: 0 }, 4],
]);
const THREAD_END = bytes('] ');

const REQUEST_LOGGER = bytes('com.example.web.RequestLog - ');
const RESOURCE_LOGGER = bytes('com.example.monitor.ResourceMonitor - ');
const LOGGERS = new Picker<Uint8Array>([
  [bytes('com.example.orders.OrderService - '), 40],
  [bytes('com.example.users.SessionManager - '), 25],
  [bytes('com.example.inventory.InventoryClient - '), 20],
  [bytes('org.hibernate.engine.jdbc.spi.SqlExceptionHelper - '), 15],
]);

const PROCESSED = bytes('Request processed in ');
const COMPLETED = bytes('Request completed in ');
const MS = bytes('ms');
const MEMORY = bytes('Memory usage: ');
const MB = bytes('MB');
const CPU = bytes('CPU usage: ');

/** Stack traces written after an error line: what a logger prints for `log.error(msg, e)`. */
const TRACES = [
  [
    'java.net.SocketTimeoutException: Read timed out',
    '\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)',
    '\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)',
    '\tat com.example.inventory.InventoryClient.fetch(InventoryClient.java:88)',
    '\tat com.example.orders.OrderService.place(OrderService.java:142)',
    '\tat com.example.web.OrderController.create(OrderController.java:57)',
    'Caused by: java.io.IOException: Connection reset by peer',
    '\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)',
    '\tat java.base/sun.nio.ch.IOUtil.read(IOUtil.java:276)',
    '\t... 12 more',
  ],
  [
    'org.springframework.dao.DataAccessResourceFailureException: could not acquire a connection',
    '\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:275)',
    '\tat com.example.orders.OrderRepository.save(OrderRepository.java:31)',
    'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
    '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
    '\t... 48 more',
  ],
  [
    'java.lang.IllegalStateException: Order state is CANCELLED',
    '\tat com.example.orders.Order.ship(Order.java:77)',
    '\tat com.example.orders.OrderService.ship(OrderService.java:201)',
  ],
].map((lines) => lines.map((l) => bytes(l + '\n')));

/** Out of 256: the share of ERROR entries followed by a stack trace. */
const TRACE_SHARE = 85;

export class Log4jLines implements EntryWriter {
  private readonly ev = new GenEvent();
  private readonly clock = new LineClock();
  /** The stack trace being written, and its next line. */
  private trace: readonly Uint8Array[] | null = null;
  private traceLine = 0;

  constructor(
    private readonly rng: Rng,
    private readonly source: EntrySource,
  ) {}

  entry(s: ByteSink): void {
    const { ev, rng } = this;
    if (this.trace !== null) {
      s.put(this.trace[this.traceLine++]);
      if (this.traceLine === this.trace.length) this.trace = null;
      return;
    }
    this.source.next(ev);
    this.clock.standard(s, ev.ts);
    s.buf[s.pos - 4] = COMMA; // log4j's ISO8601 date: `10:15:32,123`
    s.put(LEVEL[ev.level]);
    const th = THREADS.pick(rng);
    s.put(th.prefix);
    if (th.hi >= th.lo) s.uint(rng.range(th.lo, th.hi));
    s.put(THREAD_END);
    if (ev.kind === K_REQUEST) {
      s.put(REQUEST_LOGGER);
      const r = rng.u32() >>> 24;
      s.put(r < 230 ? PROCESSED : COMPLETED);
      s.uint(Math.round(ev.rtUs / 1000));
      s.put(MS);
    } else if (ev.kind === K_MEMORY) {
      s.put(RESOURCE_LOGGER);
      s.put(MEMORY);
      s.uint(ev.memMb);
      s.put(MB);
    } else if (ev.kind === K_CPU) {
      s.put(RESOURCE_LOGGER);
      s.put(CPU);
      const i = Math.floor(ev.cpuTenths / 10);
      s.uint(i);
      s.byte(DOT);
      s.byte(48 + ev.cpuTenths - i * 10);
      s.byte(PERCENT);
    } else {
      s.put(LOGGERS.pick(rng));
      ev.tpl!.write(s, false, ev.values);
    }
    s.byte(NL);
    if (ev.kind === K_ERROR && rng.u32() >>> 24 < TRACE_SHARE) {
      this.trace = TRACES[rng.int(TRACES.length)];
      this.traceLine = 0;
    }
  }
}
