/** logfmt (SPEC §3.3): `ts=... level=info msg="..." duration_ms=127`, the keys of json. */
import { parseLogfmt } from '../parsers/logfmt.js';
import { laneMinuteAt } from '../parsers/time.js';
import type { LogFormat } from './format.js';

export const logfmt: LogFormat = {
  name: 'logfmt',
  title: 'key=value pairs (logfmt: Heroku, Go kit, Grafana)',
  parse: parseLogfmt,
  lane: { wasm: 'logfmt-lane.wasm', minuteAt: laneMinuteAt },
  samples: [
    'ts=2024-01-24T10:15:32.123Z level=info msg="Request processed" duration_ms=127',
    'time=2024-01-24T10:15:33Z level=error msg="Database connection failed: \\"timeout\\""',
    'ts=1706091334 lvl=warn msg=slow latency_ms=950',
  ],
  lookalikes: ['level=info msg="no time here"'],
  generator: async () => {
    const [{ LogfmtLines }, { EntrySource }] = await Promise.all([import('../gen/lines.js'), import('../gen/content.js')]);
    return { entries: (rng, content) => new LogfmtLines(rng, new EntrySource(rng, content)) };
  },
};
