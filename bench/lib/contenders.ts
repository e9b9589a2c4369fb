/**
 * The contenders the scenarios share: loga analyze (embedded), loga
 * supervise (over NATS), the mawk reference script, GoAccess, and `wc -l`
 * (the floor: reading the bytes and counting newlines, nothing less can
 * analyze a file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contender } from './rounds.js';
import type { RunResult } from './measure.js';
import { AWK_SCRIPT, CLI } from './paths.js';
import { which } from './which.js';
import { onCleanup } from './cleanup.js';

/** The fields of loga's summary JSON the benchmark reads (SPEC §5). */
export interface LogaSummary {
  lines: number;
  entries: number;
  errors: number;
  total_requests: number;
  avg_response_time: number | null;
  resources: { memory_mb: { avg: number } | null; cpu_pct: { avg: number } | null };
  per_minute: unknown[];
  chunks: { total: number; done: number; failed: number };
  workers: unknown[];
  duration_ms: number;
  bytes: number;
}

export function parseLogaSummary(stdout: string): LogaSummary {
  return JSON.parse(stdout) as LogaSummary;
}

function checkLoga(r: RunResult): string | undefined {
  let s: LogaSummary;
  try {
    s = parseLogaSummary(r.stdout);
  } catch (e) {
    return `stdout is not the summary JSON: ${(e as Error).message}`;
  }
  if (s.chunks.failed > 0) return `${s.chunks.failed} chunks failed`;
  if (!(s.lines > 0)) return 'no lines read';
  return undefined;
}

export interface LogaOptions {
  /** The CLI to run (default CLI: this build). */
  cli?: string;
  workers?: number;
  chunkSize?: string;
  label?: string;
  id?: string;
}

/** `loga analyze FILES --json --quiet` (embedded: supervisor + cluster workers over IPC). */
export function logaAnalyze(files: readonly string[], o: LogaOptions = {}): Contender {
  const args = [o.cli ?? CLI, 'analyze', ...files, '--json', '--quiet'];
  if (o.workers !== undefined) args.push('--workers', String(o.workers));
  if (o.chunkSize !== undefined) args.push('--chunk-size', o.chunkSize);
  return {
    id: o.id ?? 'loga-analyze',
    label: o.label ?? 'loga analyze',
    kind: 'loga',
    cmd: { file: process.execPath, args },
    check: checkLoga,
  };
}

/** `loga supervise FILES --workers N --nats URL --json --quiet`; nats-server is sampled along. */
export function logaSupervise(files: readonly string[], natsUrl: string, natsPid: number, o: LogaOptions = {}): Contender {
  const workers = o.workers ?? 3;
  const args = [o.cli ?? CLI, 'supervise', ...files, '--workers', String(workers), '--nats', natsUrl, '--json', '--quiet'];
  if (o.chunkSize !== undefined) args.push('--chunk-size', o.chunkSize);
  return {
    id: o.id ?? 'loga-supervise',
    label: o.label ?? `loga supervise (${workers} workers, NATS)`,
    kind: 'loga',
    cmd: { file: process.execPath, args },
    check: checkLoga,
    watch: [natsPid],
  };
}

export function unavailableContender(id: string, label: string, kind: Contender['kind'], reason: string): Contender {
  return { id, label, kind, cmd: { file: 'true', args: [] }, unavailable: reason };
}

/** The mawk script's figures (bench/reference.awk prints key=value pairs). */
export interface AwkFigures {
  lines: number;
  entries: number;
  errors: number;
  requests: number;
  avg_response_time: number;
  memory_mb_avg: number;
  cpu_pct_avg: number;
  minutes: number;
}

export function parseAwkOutput(stdout: string): AwkFigures {
  const out: Record<string, number> = {};
  for (const kv of stdout.trim().split(/\s+/)) {
    const eq = kv.indexOf('=');
    if (eq > 0) out[kv.slice(0, eq)] = Number(kv.slice(eq + 1));
  }
  for (const k of ['lines', 'entries', 'errors', 'requests', 'avg_response_time', 'memory_mb_avg', 'cpu_pct_avg', 'minutes']) {
    if (!Number.isFinite(out[k])) throw new Error(`the awk output has no ${k}: '${stdout.trim().slice(0, 200)}'`);
  }
  return out as unknown as AwkFigures;
}

/** `mawk -f bench/reference.awk FILE` (the reference for the standard format). */
export function mawkReference(file: string): Contender {
  const mawk = which('mawk');
  if (mawk === null) return unavailableContender('mawk', 'mawk reference.awk', 'reference', 'mawk is not installed (apt-get install mawk)');
  return {
    id: 'mawk',
    label: 'mawk reference.awk',
    kind: 'reference',
    cmd: { file: mawk, args: ['-f', AWK_SCRIPT, file] },
    check: (r) => {
      try {
        parseAwkOutput(r.stdout);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  };
}

/** `wc -l FILE`: the floor. */
export function wcFloor(file: string): Contender {
  return { id: 'wc', label: 'wc -l (floor)', kind: 'floor', cmd: { file: which('wc') ?? 'wc', args: ['-l', file], env: { ...process.env, LC_ALL: 'C' } } };
}

/** The nginx log format with the trailing $request_time (seconds), as `loga gen --format nginx` writes it. */
export const GOACCESS_LOG_FORMAT = '%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T';

/**
 * GoAccess on an nginx combined log with the trailing request time (%T), so
 * it reads the response times as loga does; JSON report to a temporary file
 * (read back for the request count), no TTY, no progress, no global config.
 */
export function goaccess(file: string): Contender & { reportPath: string } {
  const bin = which('goaccess');
  if (bin === null) return { ...unavailableContender('goaccess', 'GoAccess', 'reference', 'goaccess is not installed (apt-get install -y goaccess)'), reportPath: '' };
  const dir = mkdtempSync(join(tmpdir(), 'loga-bench-goaccess-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const reportPath = join(dir, 'report.json');
  return {
    id: 'goaccess',
    label: 'GoAccess',
    kind: 'reference',
    reportPath,
    cmd: {
      file: bin,
      args: [file, '--no-global-config', `--log-format=${GOACCESS_LOG_FORMAT}`, '--date-format=%d/%b/%Y', '--time-format=%T', '--no-progress', '-o', reportPath],
    },
    check: () => {
      try {
        const g = goaccessTotals(reportPath);
        return g.valid > 0 ? undefined : 'GoAccess parsed no request (log format?)';
      } catch (e) {
        return `no GoAccess report: ${(e as Error).message}`;
      }
    },
  };
}

export function goaccessTotals(reportPath: string): { total: number; valid: number; failed: number } {
  const j = JSON.parse(readFileSync(reportPath, 'utf8')) as { general: { total_requests: number; valid_requests: number; failed_requests: number } };
  return { total: j.general.total_requests, valid: j.general.valid_requests, failed: j.general.failed_requests };
}
