/** `loga analyze [files...]` (none, or `-`: standard input): the embedded run (a supervisor and local actors over IPC), then the summary. */
import { createLogger } from '../log.js';
import { progressBar } from '../report/progress.js';
import { analyze } from '../run/embedded.js';
import type { Summary } from '../supervisor/summary.js';
import { command } from './command.js';
import { analyzeWorkers, chunkSize, format, formatFile, json, logLevel, out, quiet } from './options.js';
import { filesOrStdin } from './values.js';
import { emitSummary, exitStatusOf } from './output.js';

export const analyzeCommand = command({
  name: 'analyze [...files]',
  description: 'Analyze log files on this machine (supervisor + local worker actors over IPC)',
  options: [formatFile, format, json, out, analyzeWorkers, chunkSize, logLevel, quiet],
  examples: ['loga analyze app.log', "loga analyze --json --workers 4 'logs/**/*.log'", 'loga analyze /var/log/nginx/access.log*', 'zcat old.log.gz | grep api | loga analyze -'],
  async run(args, o) {
    const log = createLogger({ level: o.logLevel });
    const bar = progressBar(!o.quiet);
    let summary: Summary | undefined;
    // printed as soon as the job is done (onSummary), before the actors have exited
    const done = (s: Summary): void => {
      if (summary !== undefined) return;
      summary = s;
      bar.stop();
      emitSummary(s, o);
    };
    try {
      done(
        await analyze({
          files: filesOrStdin(args[0] as string[] | undefined, 'analyze'),
          format: o.format,
          workers: o.workers,
          chunkSize: o.chunkSize,
          log,
          workerLogLevel: o.logLevel,
          onProgress: (p) => bar.update(p),
          onSummary: done,
        }),
      );
    } finally {
      bar.stop();
    }
    return exitStatusOf(summary as Summary);
  },
});
