/**
 * Docker's json-file log (src/parsers/docker.ts): `{"log": "...\n",
 * "stream": ..., "time": ...}`, the `log` text read by the format detection
 * finds for it (fit); before a file is fitted, as json or standard
 * (src/parsers/wrapped.ts). Ahead of json in the registry: json reads these
 * lines too (its `time` key), but none of what the `log` text says.
 */
import { dockerMarker, dockerParser, dockerSpan, dockerText } from '../parsers/docker.js';
import { parseJsonOrStandard } from '../parsers/wrapped.js';
import type { LogFormat } from './format.js';
import { fitWrapper, wrapperContinuation, wrapperKind, type Wrapping } from './wrapper.js';

const DOCKER: Wrapping = {
  kind: 'docker',
  what: "Docker's json-file container log",
  parser: dockerParser,
  marker: dockerMarker,
  wrap: (line) => `{"log":${JSON.stringify(line + '\n')},"stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}`,
  inner: dockerText,
  lane: { wrapper: 'docker', span: dockerSpan },
};

export const dockerKind = wrapperKind(DOCKER);

export const docker: LogFormat = {
  name: 'docker',
  title: DOCKER.what,
  parse: dockerParser(parseJsonOrStandard),
  marker: dockerMarker(undefined),
  multiline: true,
  continuation: wrapperContinuation(DOCKER),
  generator: async () => {
    const [{ DockerLines }, { EntrySource }] = await Promise.all([import('../gen/docker.js'), import('../gen/content.js')]);
    return { entries: (rng, content) => new DockerLines(rng, new EntrySource(rng, content)) };
  },
  fit: (sample, lookup) => fitWrapper(DOCKER, sample, lookup),
  samples: [
    // docs.docker.com, engine/logging/drivers/json-file
    '{"log":"Log line is here\\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}',
    // Loki's `docker` stage documentation (grafana.com/docs/loki, promtail stages/docker)
    '{"log":"log message\\n","stream":"stderr","time":"2019-04-30T02:12:41.8443515Z"}',
    // the example: a standard line, its level and response time inside `log`
    '{"log":"2024-01-24 10:15:32.123 INFO Request processed in 127ms\\n","stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}',
    // a JSON app's line, escaped; with the labels Docker adds as attrs
    '{"log":"{\\"level\\":\\"error\\",\\"msg\\":\\"Database connection failed\\",\\"ts\\":\\"2024-01-24T10:15:33Z\\"}\\n","stream":"stderr","attrs":{"tag":"api"},"time":"2024-01-24T10:15:33.000000001Z"}',
  ],
  lookalikes: [
    '{"log":"no stream\\n","time":"2019-01-01T11:11:11.111111111Z"}',
    '{"log":42,"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}',
    '{"log":"truncated\\n","stream":"stdout","time":"2019-01-01T11:11:11.11',
    '{"log":"no time, not a line of a known format\\n","stream":"stdout"}',
  ],
};
