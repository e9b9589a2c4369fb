/**
 * nginx access logs (SPEC §3.4): `loga analyze` on 256 MiB of `loga gen
 * --format nginx` (combined format plus a trailing $request_time) against
 * GoAccess, when installed, and the `wc -l` floor. GoAccess is given the
 * same layout with %T for the trailing request time, so it parses what loga
 * parses; its JSON report goes to a temporary file. Targets: ≥ 300 MB/s,
 * ≥ 30× faster than GoAccess. Checks that both count the same requests.
 */
import { goaccess, goaccessTotals } from '../lib/contenders.js';
import type { Scenario, Check, Target } from '../lib/scenario.js';
import { target } from '../lib/scenario.js';
import { MIB, ratio } from '../lib/stats.js';
import { runThroughput } from '../lib/throughput.js';

const NAME = 'nginx-256m';

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze on 256 MiB of nginx combined logs vs GoAccess and wc -l (≥ 300 MB/s, ≥ 30× GoAccess)',
  run: (ctx) => {
    let reportPath = '';
    return runThroughput(ctx, {
      name: NAME,
      format: 'nginx',
      size: 256 * MIB,
      references: (input) => {
        const g = goaccess(input.path);
        reportPath = g.reportPath;
        return [g];
      },
      judge: ({ results, loga }) => {
        const [analyze, ga] = results;
        const targets: Target[] = [
          target(NAME, 'loga analyze ≥ 30× faster than GoAccess', ratio(ga.seconds, analyze.seconds), '>=', 30, '×', ga.unavailable ? `unavailable: ${ga.unavailable}` : ga.error),
        ];
        const checks: Check[] = [];
        if (loga && ga.runs.length > 0) {
          const t = goaccessTotals(reportPath);
          checks.push({ what: 'GoAccess valid requests = loga total_requests', ok: t.valid === loga.total_requests, detail: `${t.valid} vs ${loga.total_requests} (GoAccess failed ${t.failed})` });
        }
        return { targets, checks };
      },
    });
  },
};
