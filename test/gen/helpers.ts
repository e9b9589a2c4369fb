import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { defaultGenOptions, generate, type GenOptions } from '../../src/internal.js';

/** A fresh temp directory, removed when the test ends. */
export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loga-gen-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Generates into a temp file and returns its bytes and the generator's report. */
export async function gen(
  t: ExecutionContext,
  opts: Partial<Omit<GenOptions, 'out'>>,
): Promise<{ data: Buffer; bytes: number; lines: number; path: string }> {
  const path = join(await tempDir(t), `gen.${opts.format ?? 'standard'}.log`);
  const r = await generate({ ...defaultGenOptions(), ...opts, out: path });
  const data = await readFile(path);
  return { data, ...r, path };
}

/** The lines of a file that ends with '\n', without their '\n' (UTF-8, invalid bytes as U+FFFD). */
export function linesOf(data: Buffer): string[] {
  const text = data.toString('utf8');
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

export const START_MS = Date.UTC(2024, 0, 24, 10, 15, 0, 0);

/** SPEC §3 shapes of one generated entry line, per format. */
export const SHAPES = {
  standard: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) \S.*$/,
  json: /^\{"timestamp":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z","level":"(trace|debug|info|warn|error|fatal)","message":"(?:[^"\\]|\\.)*"(,"[a-z_]+":(?:\d+(?:\.\d+)?|\{[^{}]*\}))*\}$/,
  logfmt: /^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z level=(trace|debug|info|warn|error|fatal) msg="(?:[^"\\]|\\.)*"( [a-z_]+=(?:"(?:[^"\\]|\\.)*"|[^" ]+))*$/,
  nginx: /^\d{1,3}(?:\.\d{1,3}){3} - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(GET|POST|PUT|DELETE|PATCH) \/\S* HTTP\/(?:1\.1|2\.0)" (\d{3}) (\d+) "[^"]*" "[^"]*" (\d+\.\d{3})$/,
  // an entry, or a line of the stack trace after an error entry
  log4j: /^(?:\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d,\d{3} (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) \[[\w-]+\] [\w.]+ - \S.*|\tat \S.*|\t\.\.\. \d+ more|Caused by: [\w.]+: \S.*|[a-z][\w.]*\.[A-Z]\w*(?:Exception|Error): \S.*)$/,
  syslog: /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?: [1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [a-z0-9-]+ [A-Za-z-]+\[\d+\]: +\S.*$/,
  'apache-error': /^\[[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\.\d{6} \d{4}\] \[[a-z_]+:(emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])\] \[pid \d+:tid \d+\] \[client [\d.]+:\d+\] \S.*$/,
  // a standard line, JSON-escaped, its `\n`, and the daemon's time (RFC3339Nano: no trailing zero in the fraction)
  docker: /^\{"log":"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (?:[^"\\]|\\.)+\\n","stream":"stdout","time":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d*[1-9])?Z"\}$/,
  // containerd's RFC3339Nano time (no trailing zero in the fraction), the stream and tag, then a standard line as written
  cri: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d*[1-9])?Z stdout F \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) \S.*$/,
} as const;

/** Figures of a standard-format line, read the way SPEC §3.1 describes (a reference reading for tests). */
export interface StdFigures {
  ts: number;
  level: string;
  message: string;
  rtMs?: number;
  memMb?: number;
  cpuPct?: number;
}

const STD_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) ([A-Z]+) (.*)$/;
const RT = /(?:processed in|completed in|took|duration|latency|response time|elapsed)\s*[:=]?\s*(\d+(?:\.\d+)?)\s*(ms|us|µs|s)\b/i;
const MEM = /(?:memory usage|mem)\s*[:=]?\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)\b/i;
const CPU = /(?:cpu usage|cpu)\s*[:=]?\s*(\d+(?:\.\d+)?)\s*%/i;
export const FIGURE_WORDS = /processed in|completed in|took|duration|latency|response time|elapsed|mem|cpu/i;

export function readStandard(line: string): StdFigures | undefined {
  const m = STD_LINE.exec(line);
  if (!m) return undefined;
  const ts = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]);
  const f: StdFigures = { ts, level: m[8], message: m[9] };
  const rt = RT.exec(f.message);
  if (rt) f.rtMs = +rt[1] * ({ ms: 1, s: 1000, us: 0.001, µs: 0.001 } as Record<string, number>)[rt[2]];
  const mem = MEM.exec(f.message);
  if (mem) f.memMb = +mem[1] * ({ B: 1 / 1048576, KB: 1 / 1024, MB: 1, GB: 1024 } as Record<string, number>)[mem[2].toUpperCase()];
  const cpu = CPU.exec(f.message);
  if (cpu) f.cpuPct = +cpu[1];
  return f;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms of an nginx `[24/Jan/2024:10:15:33 +0000]` time. */
export function nginxTime(line: string): number {
  const m = /\[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000\]/.exec(line);
  if (!m) throw new Error(`no nginx time in ${line}`);
  return Date.UTC(+m[3], MONTHS.indexOf(m[2]), +m[1], +m[4], +m[5], +m[6]);
}

/** Epoch ms of a json/logfmt ISO time. */
export function isoTime(line: string): number {
  const m = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)/.exec(line);
  if (!m) throw new Error(`no ISO time in ${line}`);
  return Date.parse(m[1]);
}
