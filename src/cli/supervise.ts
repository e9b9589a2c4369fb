/** `loga supervise [files...]` (none, or `-`: standard input): the distributed run over NATS JetStream (workers anywhere), then the summary. */
import { createLogger } from '../log.js';
import { progressBar } from '../report/progress.js';
import type { Summary } from '../supervisor/summary.js';
import { command } from './command.js';
import { natsFromOptions } from './nats-options.js';
import { chunkSize, follow, format, formatFile, job, json, logLevel, NATS_OPTIONS, out, quiet, sinceStart, superviseWorkers } from './options.js';
import { filesOrStdin } from './values.js';
import { emitSummary, exitStatusOf, liveView } from './output.js';
import { onSignals } from './signals.js';

export const superviseCommand = command({
  name: 'supervise [...files]',
  description: 'Analyze log files with workers over NATS JetStream (loga worker, anywhere)',
  options: [formatFile, format, json, out, superviseWorkers, chunkSize, job, quiet, follow, sinceStart, ...NATS_OPTIONS, logLevel],
  examples: ['loga supervise app.log            # then, anywhere: loga worker --id bob', 'loga supervise --workers 3 --json --nats nats://nats.example.internal:4222 logs/*.log'],
  async run(args, o) {
    // loaded here: the NATS client is not needed by the other commands
    const { supervise } = await import('../run/distributed.js');
    const log = createLogger({ level: o.logLevel });
    const bar = progressBar(!o.quiet && !o.follow);
    const abort = new AbortController();
    // following, the first Ctrl-C stops following (the final summary comes); else it gives up on the chunks not done
    const stop = new AbortController();
    const off = onSignals(() => (o.follow ? stop.abort() : abort.abort()));
    let summary: Summary;
    try {
      summary = await supervise({
        files: o.follow ? ((args[0] as string[] | undefined) ?? []) : filesOrStdin(args[0] as string[] | undefined, 'supervise'),
        ...(o.follow ? { follow: { stop: stop.signal, sinceStart: o.sinceStart }, onLiveSummary: liveView(o) } : {}),
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
    emitSummary(summary, o, o.follow);
    return exitStatusOf(summary);
  },
});
