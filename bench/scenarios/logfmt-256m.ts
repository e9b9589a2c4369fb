/**
 * logfmt (SPEC §3.3): `loga analyze` on 256 MiB of `loga gen --format
 * logfmt` against the `wc -l` floor; target ≥ 300 MB/s embedded.
 */
import type { Scenario } from '../lib/scenario.js';
import { MIB } from '../lib/stats.js';
import { runThroughput } from '../lib/throughput.js';

export const scenario: Scenario = {
  name: 'logfmt-256m',
  title: 'loga analyze on 256 MiB of logfmt vs wc -l (≥ 300 MB/s)',
  run: (ctx) => runThroughput(ctx, { name: 'logfmt-256m', format: 'logfmt', size: 256 * MIB }),
};
