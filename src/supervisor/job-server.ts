/**
 * Serves a Job to workers through any transport: answers work requests
 * (parking them while every chunk is in flight, so a chunk released by a dead
 * worker is handed out at once), merges results, and runs the liveness tick.
 */
import type { ChunkFailed, Heartbeat, ResultMsg, WorkReply, WorkRequest } from '../protocol/messages.js';
import type { SupervisorHandlers } from '../protocol/ports.js';
import type { Job } from './job.js';
import type { Logger } from '../runtime.js';

/** How long a parked work request waits before it is answered idle. */
export const PARK_MS = 1000;
/** How often leases and heartbeats are checked: a silent worker is noticed within 3 s + TICK_MS. */
const TICK_MS = 100;

interface Parked {
  req: WorkRequest;
  resolve: (r: WorkReply) => void;
  timer: NodeJS.Timeout;
}

export class JobServer implements SupervisorHandlers {
  private parked: Parked[] = [];
  private readonly ticker: NodeJS.Timeout;

  constructor(
    readonly job: Job,
    private readonly log: Logger,
    private readonly parkMs = PARK_MS,
  ) {
    this.ticker = setInterval(() => {
      job.tick();
      this.wake();
    }, TICK_MS);
    this.ticker.unref();
    job.on('reassigned', () => this.wake());
    job.on('done', () => this.wake());
  }

  work(req: WorkRequest): Promise<WorkReply> {
    const reply = this.job.assign(req.worker, req.pid, req.host);
    if (reply.type !== 'idle') return Promise.resolve(reply);
    return new Promise((resolve) => {
      const p: Parked = {
        req,
        resolve,
        timer: setTimeout(() => {
          this.parked = this.parked.filter((x) => x !== p);
          resolve(this.job.assign(req.worker, req.pid, req.host));
        }, this.parkMs),
      };
      this.parked.push(p);
    });
  }

  /** Answers parked requests that can now get a lease (or stop). */
  private wake(): void {
    while (this.parked.length > 0 && (this.job.hasPending || this.job.finished)) {
      const p = this.parked.shift() as Parked;
      clearTimeout(p.timer);
      p.resolve(this.job.assign(p.req.worker, p.req.pid, p.req.host));
    }
  }

  result(msg: ResultMsg): void {
    const outcome = this.job.onResult(msg);
    if (outcome === 'duplicate') this.log.info({ chunk: msg.chunk, worker: msg.worker }, 'duplicate result ignored');
    else if (outcome === 'unknown') this.log.warn({ chunk: msg.chunk, job: msg.job }, 'result for an unknown chunk ignored');
    else if (outcome === 'rejected') this.wake(); // the refused attempt's chunk may be pending again
  }

  failed(msg: ChunkFailed): void {
    if (this.job.onFailed(msg)) {
      this.log.warn({ chunk: msg.chunk, worker: msg.worker, reason: msg.reason, message: msg.message }, 'worker gave its chunk back');
      this.wake();
    } else this.log.debug({ chunk: msg.chunk, worker: msg.worker, attempt: msg.attempt }, 'failed message about a lease no longer held ignored');
  }

  heartbeat(hb: Heartbeat): void {
    this.job.onHeartbeat(hb);
  }

  close(): void {
    clearInterval(this.ticker);
    for (const p of this.parked) {
      clearTimeout(p.timer);
      p.resolve({ type: 'stop', job: this.job.id });
    }
    this.parked = [];
  }
}
