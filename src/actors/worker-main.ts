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
runWorkerActor(port, { id, log, readSize: process.env.LOGA_READ_SIZE ? Number(process.env.LOGA_READ_SIZE) : undefined })
  .then(async () => {
    await port.close();
    process.exit(0);
  })
  .catch((err) => {
    log.error({ err }, 'worker actor crashed');
    process.exit(1);
  });
