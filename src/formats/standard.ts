/** The standard format (SPEC §3.1): `2024-01-24 10:15:32.123 INFO Request processed in 127ms`. */
import { fixedMinute, parseStandard } from '../parsers/standard.js';
import type { LogFormat } from './format.js';

export const standard: LogFormat = {
  name: 'standard',
  title: 'date time level message (loga standard, log4j-like)',
  parse: parseStandard,
  samples: [
    '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    '2024-01-24T10:15:32,5+02:00 [WARN] Memory usage: 512MB',
    '2024-01-24 10:15:33Z ERROR Database connection failed',
    '2024-01-24 10:15:34.123456 DEBUG cpu usage=37.5%',
  ],
  lookalikes: ['2024-01-24 10:15:32.123 NOTALEVEL hello'],
  lane: { wasm: 'standard-lane.wasm', minuteAt: fixedMinute },
  // application logs carry stack traces (a Java log's lines were 75 % "malformed" before continuation lines)
  multiline: true,
  generator: async () => {
    const [{ StandardLines }, { EntrySource }] = await Promise.all([import('../gen/lines.js'), import('../gen/content.js')]);
    return { entries: (rng, content) => new StandardLines(rng, new EntrySource(rng, content)) };
  },
};
