/** `loga worker`: serves supervisors over NATS until stopped; Ctrl-C drains (the actors finish their chunks). */
import { createLogger } from '../log.js';
import { command } from './command.js';
import { natsFromOptions } from './nats-options.js';
import { allow, concurrency, id, logLevel, NATS_OPTIONS, workerQuiet } from './options.js';
import { onSignals } from './signals.js';

export const workerCommand = command({
  name: 'worker',
  description: 'Serve supervisors over NATS until stopped (SIGINT/SIGTERM drain)',
  options: [id, concurrency, allow, workerQuiet, ...NATS_OPTIONS, logLevel],
  examples: ['loga worker --id bob', 'loga worker --id bob --concurrency 4 --allow /var/log --nats nats://nats.example.internal:4222'],
  async run(_args, o) {
    const { startWorker } = await import('../run/worker-node.js');
    const log = createLogger({ level: o.logLevel });
    const nats = natsFromOptions(o);
    const node = await startWorker({ id: o.id, prefix: o.prefix, concurrency: o.concurrency, allow: o.allow, nats, log, actorLogLevel: o.logLevel });
    if (!o.quiet) {
      const n = node.actorIds.length;
      process.stderr.write(`loga worker ${node.id}: serving supervisors on ${nats.url} (${n} actor${n === 1 ? '' : 's'}); Ctrl-C drains and stops\n`);
    }
    await new Promise<void>((resolve, reject) => {
      const off = onSignals(() => {
        log.info({ id: node.id }, 'draining: finishing the current chunks');
        void node.stop().then(() => {
          off();
          resolve();
        });
      });
      node.done.catch((err: unknown) => {
        off();
        reject(err);
      });
    });
    return 0;
  },
});
