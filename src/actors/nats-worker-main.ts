/**
 * Entry point of a worker actor process of the distributed mode (forked by
 * `loga worker` or `loga supervise --workers N` through `cluster`): the same
 * actor as the embedded mode's, on the NATS transport. It connects to NATS
 * itself; its parent only hears about its lease and resource use (IPC).
 *
 * SIGTERM drains: no new work, the current chunk is finished and published,
 * then the connection is drained. SIGINT is ignored: a terminal's Ctrl-C
 * reaches the whole process group, and the parent decides. If the parent dies
 * (the IPC channel closes), the actor gives its lease back and exits.
 * (Forked with child_process.fork: a cluster worker would exit at once.)
 */
import { createLogger } from '../log.js';
import { NatsWorkerPort, sendFailed } from '../transport/nats/worker-port.js';
import { allowCheck, type ActorConfig, type ActorNote } from '../transport/nats/actors.js';
import { connectNats, drainOrClose } from '../transport/nats/connect.js';
import { subjects } from '../transport/nats/options.js';
import { runWorkerActor } from './worker.js';
import { signerOf } from '../transport/nats/signing.js';

const id = process.env.LOGA_WORKER_ID ?? `pid${process.pid}`;
const config = JSON.parse(process.env.LOGA_ACTOR_CONFIG ?? 'null') as ActorConfig | null;
const log = createLogger({ level: config?.logLevel ?? 'warn', name: `actor ${id}` });

function note(n: ActorNote): void {
  if (process.send !== undefined && process.connected) process.send(n, undefined, {}, () => {});
}

async function main(): Promise<void> {
  if (config === null) throw new Error('LOGA_ACTOR_CONFIG is not set: this module runs as a forked actor');
  process.on('SIGINT', () => {});
  let nc;
  try {
    nc = await connectNats(config.nats, `loga actor ${id}`, log);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'actor cannot connect to NATS');
    process.exit(4);
  }
  const port = new NatsWorkerPort(nc, {
    secret: config.nats.secret,
    id,
    prefix: config.prefix,
    log,
    maxMessage: config.maxMessage,
    exitOnStop: config.exitOnStop,
    onLease: (lease) => note({ loga: 'lease', lease }),
    onStats: (stats) => note({ loga: 'stats', stats }),
  });
  note({ loga: 'ready' });
  const abort = new AbortController();
  process.on('SIGTERM', () => {
    port.stopAsking();
    abort.abort();
  });
  process.on('disconnect', () => {
    // the worker node is gone: give the lease back at once (one in a reply on its way too), and go
    port.detach();
    const giveBack = async (): Promise<void> => {
      await port.settled();
      const lease = port.current;
      if (lease === null) return;
      await sendFailed(nc, subjects(config.prefix), {
        type: 'failed',
        job: lease.job,
        chunk: lease.chunk,
        attempt: lease.attempt,
        token: lease.token,
        worker: id,
        reason: 'error',
        message: `actor ${id}: its worker process is gone`,
      }, signerOf(config.nats.secret));
    };
    const backstop = setTimeout(() => process.exit(1), 5000);
    void giveBack().finally(() => {
      clearTimeout(backstop);
      process.exit(1);
    });
  });
  await runWorkerActor(port, {
    id,
    log,
    readSize: config.readSize,
    checkPath: config.allow === null ? undefined : allowCheck(config.allow),
    signal: abort.signal,
  });
  await port.close();
  await drainOrClose(nc);
  process.exit(0);
}

main().catch((err) => {
  log.error({ err }, 'actor crashed');
  process.exit(1);
});
