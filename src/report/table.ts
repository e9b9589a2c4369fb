/** The human summary printed on stdout by `loga analyze` and `loga supervise`. */
import type { Summary } from '../supervisor/summary.js';

const SPARKS = '▁▂▃▄▅▆▇█';
/** Up to this many minutes are listed row by row; beyond, sparklines. */
const MAX_MINUTE_ROWS = 30;

function int(n: number): string {
  return n.toLocaleString('en-US');
}
function fix(n: number | null | undefined, d = 2): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(d);
}
function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(2)} ${units[i]}`;
}

export function sparkline(values: readonly number[], width = 60): string {
  if (values.length === 0) return '';
  // fold into at most `width` columns (sum per column)
  const cols = Math.min(width, values.length);
  const folded = new Array<number>(cols).fill(0);
  values.forEach((v, i) => (folded[Math.floor((i * cols) / values.length)] += v));
  const max = Math.max(...folded);
  return folded.map((v) => (max === 0 ? SPARKS[0] : SPARKS[Math.min(7, Math.floor((v / max) * 7.999))])).join('');
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function renderSummary(s: Summary): string {
  const out: string[] = [];
  const formats = [...new Set(s.files.map((f) => f.format))].join(', ');
  out.push(
    `loga ${s.job}: ${s.files.length} file${s.files.length === 1 ? '' : 's'}, ${bytes(s.bytes)} (${formats}) in ${(s.duration_ms / 1000).toFixed(2)} s, ${fix(s.throughput_mb_s, 1)} MB/s`,
  );
  const c = s.chunks;
  const restarts = s.workers.reduce((n, w) => n + w.restarts, 0);
  out.push(
    `chunks ${c.done}/${c.total} done, ${c.retried} retried, ${c.failed} failed; ${s.workers.length} worker${s.workers.length === 1 ? '' : 's'}, ${restarts} restart${restarts === 1 ? '' : 's'}` +
      (restarts > 0 ? ` (${s.workers.filter((w) => w.restarts > 0).map((w) => `${w.id}: ${w.restarts}`).join(', ')})` : ''),
  );
  for (const f of s.failed_chunks) out.push(`  FAILED chunk ${f.id} ${f.path} [${f.start}, ${f.end}): ${f.reasons.join('; ')}`);
  out.push('');
  const rt = s.response_time;
  const rows: [string, string][] = [
    [
      'lines',
      `${int(s.lines)}  (entries ${int(s.entries)}, malformed ${int(s.malformed_lines)}` +
        (s.continuation_lines > 0 ? `, continuation ${int(s.continuation_lines)}` : '') +
        ')',
    ],
    ['errors', `${int(s.errors)}  (${pct(s.error_rate)} of entries)`],
    ['requests', `${int(s.total_requests)}  (${fix(s.requests_per_second)}/s, peak ${int(s.peak_requests_per_second)}/s)`],
    [
      'response time',
      rt === null
        ? '-'
        : `avg ${fix(s.avg_response_time)} ms  min ${fix(rt.min)}  p50 ${fix(rt.p50)}  p90 ${fix(rt.p90)}  p95 ${fix(rt.p95)}  p99 ${fix(rt.p99)}  max ${fix(rt.max)}`,
    ],
  ];
  for (const [name, r] of [['memory MB', s.resources.memory_mb], ['cpu %', s.resources.cpu_pct]] as const) {
    rows.push([name, r === null ? '-' : `avg ${fix(r.avg)}  min ${fix(r.min)}  max ${fix(r.max)}  (${int(r.samples)} samples)`]);
  }
  rows.push(['levels', Object.entries(s.levels).map(([k, v]) => `${k} ${int(v)}`).join('  ') || '-']);
  rows.push(['time', s.first_timestamp === null ? '-' : `${s.first_timestamp} .. ${s.last_timestamp}`]);
  for (const [k, v] of rows) out.push(`${k.padEnd(14)}${v}`);

  const pm = s.per_minute;
  if (pm.length > 0) {
    out.push('');
    if (pm.length <= MAX_MINUTE_ROWS) {
      const head = ['minute (UTC)', 'entries', 'errors', 'err %', 'requests', 'avg ms', 'p95 ms', 'mem MB', 'cpu %'];
      const body = pm.map((m) => [
        m.minute,
        int(m.entries),
        int(m.errors),
        (m.error_rate * 100).toFixed(2),
        int(m.requests),
        fix(m.avg_response_time),
        fix(m.p95_response_time),
        fix(m.memory_mb, 1),
        fix(m.cpu_pct, 1),
      ]);
      const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
      out.push(pad(head, widths));
      for (const r of body) out.push(pad(r, widths));
    } else {
      out.push(`per minute, ${pm[0].minute} .. ${pm[pm.length - 1].minute} (${pm.length} minutes)`);
      out.push(`  requests ${sparkline(pm.map((m) => m.requests))}`);
      out.push(`  errors   ${sparkline(pm.map((m) => m.errors))}`);
    }
  }
  if (s.top_errors.length > 0) {
    out.push('', 'top errors');
    for (const e of s.top_errors) {
      out.push(`${int(e.count).padStart(10)}  ${e.message}${e.example !== e.message ? `   (e.g. "${e.example}")` : ''}`);
    }
  }
  if (s.malformed_samples.length > 0) {
    out.push('', `malformed lines (first ${s.malformed_samples.length})`);
    for (const m of s.malformed_samples) out.push(`  ${m.file}@${m.offset}: ${JSON.stringify(m.line).slice(0, 100)}`);
  }
  return out.join('\n') + '\n';
}
