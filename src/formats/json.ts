/** JSON lines (SPEC §3.2): one object per line, pino and bunyan field names included. */
import { parseJson } from '../parsers/json.js';
import { laneMinuteAt } from '../parsers/time.js';
import type { LogFormat } from './format.js';

export const json: LogFormat = {
  name: 'json',
  title: 'one JSON object per line (pino, bunyan, structured loggers)',
  parse: parseJson,
  lane: { wasm: 'json-lane.wasm', minuteAt: laneMinuteAt },
  samples: [
    '{"timestamp":"2024-01-24T10:15:32.123Z","level":"info","message":"Request processed","duration_ms":127}',
    '{"level":30,"time":1706091332123,"pid":1,"hostname":"api-1","msg":"request completed","responseTime":12}',
    '{"@timestamp":"2024-01-24T10:15:33Z","severity":"ERROR","message":"Database connection failed"}',
  ],
  lookalikes: ['{"level":"info","message":"no time here"}', '[1,2,3]'],
  generator: async () => {
    const [{ JsonLines }, { EntrySource }] = await Promise.all([import('../gen/lines.js'), import('../gen/content.js')]);
    return { entries: (rng, content) => new JsonLines(rng, new EntrySource(rng, content)) };
  },
};
