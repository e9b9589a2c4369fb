/** `loga supervise [files...]` (none, or `-`: standard input): the distributed run over NATS JetStream (workers anywhere), then the summary. */
import { createLogger } from '../log.js';
import { progressBar } from '../report/progress.js';
import type { Summary } from '../supervisor/summary.js';
import { command } from './command.js';
import { natsFromOptions } from './nats-options.js';
import { chunkSize, format, formatFile, job, json, logLevel, NATS_OPTIONS, out, quiet, superviseWorkers } from './options.js';
import { filesOrStdin } from './values.js';
import { emitSummary, exitStatusOf } from './output.js';
import { onSignals } from './signals.js';

export const superviseCommand = command({
  name: 'supervise [...files]',
  description: 'Analyze log files with workers over NATS JetStream (loga worker, anywhere)',
  options: [formatFile, format, json, out, superviseWorkers, chunkSize, job, quiet, ...NATS_OPTIONS, logLevel],
  examples: ['loga supervise app.log            # then, anywhere: loga worker --id bob', 'loga supervise --workers 3 --json --nats nats://nats.example.internal:4222 logs/*.log'],
  async run(args, o) {
    // loaded here: the NATS client is not needed by the other commands
    const { supervise } = await import('../run/distributed.js');
    const log = createLogger({ level: o.logLevel });
    const bar = progressBar(!o.quiet);
    const abort = new AbortController();
    const off = onSignals(() => abort.abort());
    let summary: Summary;
    try {
      summary = await supervise({
        files: filesOrStdin(args[0] as string[] | undefined, 'supervise'),
        format: o.format,
        workers: o.workers,
        chunkSize: o.chunkSize,
        job: o.job,
        prefix: o.prefix,
        nats: natsFromOptions(o),
        log,
        workerLogLevel: o.logLevel,
        signal: abort.signal,
        onProgress: (p, note) => bar.update(p, note),
        // said on stderr whatever the log level: a supervisor waiting silently looks hung
        onWaiting: (message) => {
          bar.stop();
          process.stderr.write(`loga: ${message}\n`);
        },
      });
    } finally {
      bar.stop();
      off();
    }
    emitSummary(summary, o);
    return exitStatusOf(summary);
  },
});
