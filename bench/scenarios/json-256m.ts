/**
 * JSON lines (SPEC §3.2): `loga analyze` on 256 MiB of `loga gen --format
 * json` against the `wc -l` floor; target ≥ 300 MB/s embedded.
 */
import type { Scenario } from '../lib/scenario.js';
import { MIB } from '../lib/stats.js';
import { runThroughput } from '../lib/throughput.js';

export const scenario: Scenario = {
  name: 'json-256m',
  title: 'loga analyze on 256 MiB of JSON lines vs wc -l (≥ 300 MB/s)',
  run: (ctx) => runThroughput(ctx, { name: 'json-256m', format: 'json', size: 256 * MIB }),
};
