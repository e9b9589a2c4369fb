/**
 * Entry point of a local worker actor process (forked by the embedded
 * supervisor through `cluster`): an actor on the IPC transport.
 */
import { createLogger } from '../log.js';
import { IpcWorkerPort } from '../transport/ipc.js';
import { runWorkerActor } from './worker.js';

const id = process.env.LOGA_WORKER_ID ?? `pid${process.pid}`;
const log = createLogger({ level: process.env.LOGA_LOG_LEVEL ?? 'warn', name: `worker ${id}` });
const port = new IpcWorkerPort(log);
process.on('SIGTERM', () => process.exit(0));
// SIGINT is ignored, as the NATS actors do (nats-worker-main.ts): a terminal's
// Ctrl-C reaches the whole process group, and the supervisor decides (with a
// progress bar it shows the cursor again, then dies of the signal: status 130);
// when it is gone the IPC channel closes and a cluster worker exits at once.
// Killed by the Ctrl-C themselves, the actors died before the supervisor's
// SIGINT listener ran in 7 of 30 interrupted runs (2 actors), which then
// printed 'chunk reassigned' and 'child exited; restarting' warnings and
// restarted them.
process.on('SIGINT', () => {});
runWorkerActor(port, { id, log, readSize: process.env.LOGA_READ_SIZE ? Number(process.env.LOGA_READ_SIZE) : undefined })
  .then(async () => {
    await port.close();
    process.exit(0);
  })
  .catch((err) => {
    log.error({ err }, 'worker actor crashed');
    process.exit(1);
  });
