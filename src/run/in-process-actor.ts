/**
 * A worker actor in this process, on the in-process transport
 * (src/transport/local.ts), as a supervisor Child: what `analyze({actors:
 * 'inprocess'})` runs for deterministic failure tests without processes.
 */
import type { SupervisorHandlers } from '../protocol/ports.js';
import type { Logger } from '../runtime.js';
import type { Child } from '../supervisor/supervisor.js';
import { LocalWorkerPort } from '../transport/local.js';

/** Its pid is this process's: nothing may kill it by pid. */
export function startInProcessActor(id: string, handlers: SupervisorHandlers, log: Logger): Child {
  const abort = new AbortController();
  const cbs: ((code: number | null, signal: string | null) => void)[] = [];
  let exit: [number | null, string | null] | null = null;
  // loaded here: the actor and its parsers are the worker processes' code, not the supervisor's
  const done = import('../actors/worker.js')
    .then(({ runWorkerActor }) => runWorkerActor(new LocalWorkerPort(handlers), { id, log, signal: abort.signal }))
    .then(
      () => [0, null] as [number, null],
      (err) => {
        log.error({ child: id, err }, 'in-process actor crashed');
        return [1, null] as [number, null];
      },
    );
  void done.then((e) => {
    exit = e;
    for (const cb of cbs) cb(e[0], e[1]);
  });
  return {
    pid: process.pid,
    onExit(cb) {
      if (exit !== null) cb(exit[0], exit[1]);
      else cbs.push(cb);
    },
    async stop() {
      abort.abort();
      await done;
    },
  };
}
