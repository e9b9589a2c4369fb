/**
 * A supervisor as data, after OTP's design principles: child specs, the
 * one-for-one strategy, and restart intensity ("at most `intensity` restarts
 * in `periodMs`, then stop the children and escalate"). Children start in
 * order and stop in reverse. Clock and logger are injected, so restart windows
 * are tested without sleeping.
 */
import { EventEmitter } from 'node:events';
import { DEFAULT_INTENSITY, DEFAULT_PERIOD_MS } from '../defaults.js';
import type { Clock, Logger } from '../runtime.js';

export type RestartPolicy = 'permanent' | 'transient' | 'temporary';

/** A running child: anything that can report its exit and be stopped. */
export interface Child {
  readonly pid: number | undefined;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Asks the child to stop; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ChildSpec {
  id: string;
  start: () => Child;
  /** permanent: always restarted; transient: restarted after an abnormal exit; temporary: never. */
  restart: RestartPolicy;
}

export interface SupervisorOptions {
  /** Restarts allowed within periodMs before escalating (OTP's MaxR). */
  intensity?: number;
  /** OTP's MaxT, in ms. */
  periodMs?: number;
  clock: Clock;
  log: Logger;
}

export interface SupervisorEvents {
  started: [id: string, pid: number | undefined];
  exit: [id: string, code: number | null, signal: string | null];
  restart: [id: string, count: number];
  escalate: [reason: string];
}


interface Running {
  spec: ChildSpec;
  child: Child | null;
  restarts: number;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly children: Running[] = [];
  private readonly restartTimes: number[] = [];
  private readonly intensity: number;
  private readonly periodMs: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private stopping = false;
  escalated = false;

  constructor(private readonly specs: readonly ChildSpec[], opts: SupervisorOptions) {
    super();
    this.intensity = opts.intensity ?? DEFAULT_INTENSITY;
    this.periodMs = opts.periodMs ?? DEFAULT_PERIOD_MS;
    this.clock = opts.clock;
    this.log = opts.log;
  }

  start(): void {
    for (const spec of this.specs) {
      const r: Running = { spec, child: null, restarts: 0 };
      this.children.push(r);
      this.launch(r);
    }
  }

  restartsOf(id: string): number {
    return this.children.find((r) => r.spec.id === id)?.restarts ?? 0;
  }

  pidOf(id: string): number | undefined {
    return this.children.find((r) => r.spec.id === id)?.child?.pid;
  }

  private launch(r: Running): void {
    const child = r.spec.start();
    r.child = child;
    this.emit('started', r.spec.id, child.pid);
    child.onExit((code, signal) => this.onChildExit(r, child, code, signal));
  }

  private onChildExit(r: Running, child: Child, code: number | null, signal: string | null): void {
    if (r.child !== child) return;
    r.child = null;
    this.emit('exit', r.spec.id, code, signal);
    if (this.stopping) return;
    const abnormal = code !== 0 || signal !== null;
    const restart = r.spec.restart === 'permanent' || (r.spec.restart === 'transient' && abnormal);
    if (!restart) return;
    const now = this.clock();
    while (this.restartTimes.length > 0 && now - this.restartTimes[0] > this.periodMs) this.restartTimes.shift();
    if (this.restartTimes.length >= this.intensity) {
      const reason = `more than ${this.intensity} restarts in ${this.periodMs} ms (last: ${r.spec.id} exited with ${signal ?? code})`;
      this.log.error({ child: r.spec.id }, `restart intensity reached: ${reason}; stopping all children`);
      this.escalated = true;
      void this.stop().then(() => this.emit('escalate', reason));
      return;
    }
    this.restartTimes.push(now);
    r.restarts++;
    this.log.warn({ child: r.spec.id, code, signal, restarts: r.restarts }, 'child exited; restarting');
    this.launch(r);
    this.emit('restart', r.spec.id, r.restarts);
  }

  /** Stops every child, in reverse start order. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const r of [...this.children].reverse()) {
      const c = r.child;
      if (c !== null) await c.stop();
    }
  }
}
