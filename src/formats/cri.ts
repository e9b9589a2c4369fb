/**
 * The CRI container log of Kubernetes (kubelet, containerd, CRI-O), see
 * src/parsers/cri.ts: `<RFC 3339 time> <stdout|stderr> <F|P> <line>`. The
 * lines it wraps are read by the format detection finds for them (fit);
 * before a file is fitted, as json or standard (src/parsers/wrapped.ts).
 */
import { criLine, criMarker, criParser, criPartial, criSpan } from '../parsers/cri.js';
import { innerEnd, parseJsonOrStandard } from '../parsers/wrapped.js';
import type { LogFormat } from './format.js';
import { fitWrapper, wrapperContinuation, wrapperKind, type Wrapping } from './wrapper.js';

const CRI: Wrapping = {
  kind: 'cri',
  what: 'CRI container log (Kubernetes, containerd, CRI-O)',
  parser: criParser,
  marker: criMarker,
  wrap: (line) => `2024-01-24T10:15:32.123456789Z stdout F ${line}`,
  inner(buf, s, e) {
    const is = criLine(buf, s, e);
    return is < 0 || criPartial ? undefined : buf.subarray(is, innerEnd(buf, is, e));
  },
  lane: { wrapper: 'cri', span: criSpan },
};

export const criKind = wrapperKind(CRI);

export const cri: LogFormat = {
  name: 'cri',
  title: CRI.what,
  parse: criParser(parseJsonOrStandard),
  marker: criMarker(undefined),
  multiline: true,
  continuation: wrapperContinuation(CRI),
  generator: async () => {
    const [{ CriLines }, { EntrySource }] = await Promise.all([import('../gen/cri.js'), import('../gen/content.js')]);
    return { entries: (rng, content) => new CriLines(rng, new EntrySource(rng, content)) };
  },
  fit: (sample, lookup) => fitWrapper(CRI, sample, lookup),
  samples: [
    // The shape of Loki's `cri` stage documentation (grafana.com/docs/loki, promtail stages/cri), as a full line
    '2019-01-01T01:00:00.000000001Z stderr F test good',
    // kubelet's CRI logging design (kubernetes/community, kubelet-cri-logging.md), with containerd's tag
    '2016-10-06T00:17:09.669794203Z stderr F log content 2',
    // a JSON app in a pod, as containerd writes it
    '2024-01-24T10:15:32.123456789Z stdout F {"level":"info","msg":"hello","duration_ms":12}',
    // CRI-O writes local time with its offset
    '2024-01-24T11:15:33.5+01:00 stdout F 2024-01-24 10:15:33.500 ERROR Database connection failed',
  ],
  lookalikes: [
    // Loki's examples of lines that are not CRI: a space in the time, no stream
    '2019-01-01 T01:00:00.000000001Z stderr testgood',
    '2019-01-01T01:00:00.000000001Z testgood',
    '2024-01-24T10:15:32.123456789Z stdin F hello',
    '2024-01-24T10:15:32.123456789Z stdout X hello',
    '2024-13-24T10:15:32.123456789Z stdout F month thirteen',
  ],
};
