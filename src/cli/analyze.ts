/** `loga analyze [files...]` (none, or `-`: standard input): the embedded run (a supervisor and local actors over IPC), then the summary. */
import { createLogger } from '../log.js';
import { progressBar } from '../report/progress.js';
import { analyze } from '../run/embedded.js';
import type { Summary } from '../supervisor/summary.js';
import { command } from './command.js';
import { analyzeWorkers, chunkSize, follow, format, formatFile, json, logLevel, out, quiet, sinceStart } from './options.js';
import { onSignals } from './signals.js';
import { filesOrStdin } from './values.js';
import { emitSummary, exitStatusOf, liveView } from './output.js';

export const analyzeCommand = command({
  name: 'analyze [...files]',
  description: 'Analyze log files on this machine (supervisor + local worker actors over IPC)',
  options: [formatFile, format, json, out, analyzeWorkers, chunkSize, logLevel, quiet, follow, sinceStart],
  examples: ['loga analyze app.log', "loga analyze --json --workers 4 'logs/**/*.log'", 'loga analyze /var/log/nginx/access.log*', 'zcat old.log.gz | grep api | loga analyze -'],
  async run(args, o) {
    const log = createLogger({ level: o.logLevel });
    if (o.sinceStart && !o.follow) log.warn({}, '--since-start is for --follow; ignored');
    // following: the summary refreshed every second instead of a bar (NDJSON with --json), until Ctrl-C
    const stop = new AbortController();
    const off = o.follow ? onSignals(() => stop.abort()) : () => {};
    const live = o.follow ? liveView(o) : undefined;
    const bar = progressBar(!o.quiet && !o.follow);
    let summary: Summary | undefined;
    // printed as soon as the job is done (onSummary), before the actors have exited
    const done = (s: Summary): void => {
      if (summary !== undefined) return;
      summary = s;
      bar.stop();
      emitSummary(s, o, o.follow);
    };
    try {
      done(
        await analyze({
          files: o.follow ? ((args[0] as string[] | undefined) ?? []) : filesOrStdin(args[0] as string[] | undefined, 'analyze'),
          format: o.format,
          workers: o.workers,
          chunkSize: o.chunkSize,
          log,
          workerLogLevel: o.logLevel,
          onProgress: (p) => bar.update(p),
          onSummary: done,
          ...(o.follow ? { follow: { stop: stop.signal, sinceStart: o.sinceStart }, onLiveSummary: live } : {}),
        }),
      );
    } finally {
      off();
      bar.stop();
    }
    return exitStatusOf(summary as Summary);
  },
});

