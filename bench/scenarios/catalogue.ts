/**
 * Every format of the catalogue in `loga analyze` (issue 10: every built-in
 * format ≥ 300 MB/s on 2 cores; templates and inferred layouts ≥ 200 MB/s;
 * regex definitions measured), side by side with `wc -l` in the same rounds,
 * and detection over the whole catalogue (< 20 ms per file).
 *
 * Inputs: a format `loga gen` writes (standard, json, logfmt, nginx, syslog,
 * apache-error, log4j, docker, cri) is read on 256 MiB of generated lines
 * (docker, cri: a container writing the standard format; their samples, a
 * different inner format on each line, are reported beside them); any other on
 * 256 MiB of its documented sample lines cycled (built here, cached in
 * bench/data/ under a hash of the samples). Samples of one format come from
 * different documents, so their times jump between years from line to line:
 * the accumulator changes minute row on almost every line, which a real,
 * time-ordered file does not make it do (a pessimistic input). A format on
 * the shape or access lane, and journald, are also read on their samples in
 * time order (bench/lib/retime.ts: 1 ms a line): that row carries the
 * target, the cycled one is reported beside it.
 * The user-defined formats run on the generated standard file: an inline
 * template of its layout, and a regex definition (--format-file); the inferred
 * layout on lines only inference reads (HealthApp's `yyyyMMdd-HH:mm:ss:SSS|…`).
 * Every run must read every line as an entry (or a marker) of the format
 * named, or its time does not count.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFormat } from '../../src/formats/format.js';
import { formats } from '../../src/formats/registry.js';
import { logaAnalyze, parseLogaSummary, wcFloor } from '../lib/contenders.js';
import { ensureInput, InputUnavailable } from '../lib/data.js';
import { num, renderTable } from '../lib/format.js';
import type { RunResult } from '../lib/measure.js';
import { DATA_DIR } from '../lib/paths.js';
import { retimable, retimedText } from '../lib/retime.js';
import { noiseNote, runRounds, type Contender } from '../lib/rounds.js';
import { load1, renderChecks, renderTargets, roundOptions, target, type Check, type Scenario, type Target } from '../lib/scenario.js';
import { MIB, mbPerS, median } from '../lib/stats.js';

const NAME = 'catalogue';
const GEN_SIZE = 256 * MIB;
const SAMPLE_SIZE = 256 * MIB;
const BUILT_IN_MB_S = 300;
const USER_MB_S = 200;
const DETECT_MS = 20;
/**
 * Formats that wrap another (container logs): measured on their generated
 * lines (a container writing the standard format), which carry the target,
 * and on their samples, each line of which wraps another inner format (a
 * file of one container has one): reported beside them.
 */
const WRAPPERS = new Set(['docker', 'cri']);

interface Row {
  id: string;
  label: string;
  /** 'cycled': a format's samples cycled where a time-ordered input of it is measured too (reported, no target). */
  kind: 'built-in' | 'cycled' | 'template' | 'inferred' | 'regex';
  input: string;
  bytes: number;
  /** The format name the summary must report for the file. */
  expect: string;
}

/** The format's samples cycled to `size` bytes. */
function samplesInput(name: string, lines: readonly string[], size: number): string {
  const text = lines.join('\n') + '\n';
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 10);
  const path = join(DATA_DIR, `samples-${name}-${size / MIB}m-${hash}.log`);
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const copies = Math.ceil(size / Buffer.byteLength(text));
  writeFileSync(path, text.repeat(copies));
  return path;
}

/** The format's samples that have its time shape, in time order (bench/lib/retime.ts), cached like samplesInput. */
function orderedInput(f: LogFormat, size: number): string {
  const text = retimedText(f, size);
  const hash = createHash('sha1').update(text.slice(0, 1 << 16)).digest('hex').slice(0, 10);
  const path = join(DATA_DIR, `ordered-${f.name}-${size / MIB}m-${hash}.log`);
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** HealthApp-like lines (loghub): `yyyyMMdd-HH:mm:ss:SSS|component|pid|message`, no level: only layout inference reads them. */
function inferredInput(size: number): string {
  const path = join(DATA_DIR, `inferred-healthapp-${size / MIB}m.log`);
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const parts: string[] = [];
  let bytes = 0;
  const steps = ['Step_LSC|30002312|onStandStepChanged', 'Step_SPUtils|30002312| getTodayTotalDetailSteps =', 'Step_ExtSDM|30002312|calculateCaloriesWithCache totalCalories='];
  for (let i = 0; bytes < size; i++) {
    const t = new Date(Date.UTC(2017, 11, 23, 22, 15, 29) + i * 7);
    const p2 = (n: number, w = 2) => String(n).padStart(w, '0');
    const line = `${t.getUTCFullYear()}${p2(t.getUTCMonth() + 1)}${p2(t.getUTCDate())}-${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}:${p2(t.getUTCMilliseconds(), 3)}|${steps[i % 3]} ${i % 9973}\n`;
    parts.push(line);
    bytes += line.length;
  }
  writeFileSync(path, parts.join(''));
  return path;
}

function checkRow(row: Row): (r: RunResult) => string | undefined {
  return (r) => {
    let s;
    try {
      s = parseLogaSummary(r.stdout) as ReturnType<typeof parseLogaSummary> & { malformed_lines: number; continuation_lines: number; files: { format: string }[] };
    } catch (e) {
      return `stdout is not the summary JSON: ${(e as Error).message}`;
    }
    if (s.chunks.failed > 0) return `${s.chunks.failed} chunks failed`;
    if (s.files[0]?.format !== row.expect) return `read as ${s.files[0]?.format}, not ${row.expect}`;
    if (s.malformed_lines > 0) return `${s.malformed_lines} of ${s.lines} lines malformed`;
    return undefined;
  };
}

export const scenario: Scenario = {
  name: NAME,
  title: `every catalogue format in loga analyze (≥ ${BUILT_IN_MB_S} MB/s; templates, inferred ≥ ${USER_MB_S}; regex measured), detection < ${DETECT_MS} ms`,
  async run(ctx) {
    const rows: Row[] = [];
    const generated = new Set(formats.generated());
    for (const f of formats.list()) {
      if (generated.has(f.name)) {
        const input = await ensureInput({ format: f.name, size: GEN_SIZE }, ctx.log);
        rows.push({ id: f.name, label: f.name, kind: 'built-in', input: input.path, bytes: input.bytes, expect: f.name });
      }
      const ordered = !generated.has(f.name) && retimable(f);
      if (ordered) {
        const path = orderedInput(f, SAMPLE_SIZE);
        rows.push({ id: f.name, label: `${f.name} (samples in time order)`, kind: 'built-in', input: path, bytes: readFileSync(path).length, expect: f.name });
      }
      if (!generated.has(f.name) || WRAPPERS.has(f.name)) {
        // a wrapper's samples too: their inner lines are of every kind, the generated file's of one
        const path = samplesInput(f.name, f.samples, SAMPLE_SIZE);
        const id = generated.has(f.name) || ordered ? `${f.name}-samples` : f.name;
        // cycled samples jump between years (and a wrapper's wrap a different format each line): with a
        // time-ordered or generated input beside them they are the pessimistic case, reported without a target
        const kind = ordered || generated.has(f.name) ? 'cycled' : 'built-in';
        rows.push({ id, label: `${f.name} (samples)`, kind, input: path, bytes: readFileSync(path).length, expect: f.name });
      }
    }
    const std = rows.find((r) => r.id === 'standard');
    if (std === undefined) throw new InputUnavailable('no standard input');
    rows.push({ id: 'template', label: 'template (standard layout)', kind: 'template', input: std.input, bytes: std.bytes, expect: 'template' });
    const defs = join(DATA_DIR, 'bench-formats.json');
    writeFileSync(
      defs,
      JSON.stringify({ name: 'bench-regex', regex: '^(?<time>\\S+ \\S+) (?<level>[A-Z]+) (?<message>.*)$', samples: ['2024-01-24 10:15:32.123 INFO Request processed in 127ms'] }) + '\n',
    );
    rows.push({ id: 'regex', label: 'regex (--format-file)', kind: 'regex', input: std.input, bytes: std.bytes, expect: 'bench-regex' });
    const inferred = inferredInput(SAMPLE_SIZE);
    rows.push({ id: 'inferred', label: 'inferred (HealthApp-like)', kind: 'inferred', input: inferred, bytes: readFileSync(inferred).length, expect: 'inferred' });

    const contenders: Contender[] = rows.map((row) => {
      const c = logaAnalyze([row.input], { id: row.id, label: row.label });
      const cmd = c.cmd as { file: string; args: string[] };
      if (row.kind === 'built-in' || row.kind === 'cycled') cmd.args.push('--format', row.expect);
      if (row.kind === 'template') cmd.args.push('--format', 'template:{time} {level} {message}');
      if (row.kind === 'regex') cmd.args.push('--format-file', defs, '--format', 'bench-regex');
      return { ...c, check: checkRow(row) };
    });
    contenders.push(wcFloor(std.input));
    const loadBefore = load1();
    const results = await runRounds(contenders, roundOptions(ctx), NAME);
    const wc = results[results.length - 1];
    const wcMbS = mbPerS(std.bytes, wc.seconds);
    const targets: Target[] = [];
    const checks: Check[] = [];
    const table = rows.map((row, i) => {
      const r = results[i];
      const mbS = r.error === undefined ? mbPerS(row.bytes, r.seconds) : NaN;
      const limit = row.kind === 'built-in' ? BUILT_IN_MB_S : row.kind === 'regex' || row.kind === 'cycled' ? NaN : USER_MB_S;
      if (Number.isFinite(limit)) targets.push(target(NAME, `${row.label} ≥ ${limit} MB/s`, mbS, '>=', limit, ' MB/s'));
      checks.push({ what: `${row.label}: every line read as ${row.expect}`, ok: r.error === undefined, detail: r.error ?? 'yes' });
      return { row, mbS, floor: wcMbS / mbS, cpu: r.cpuSeconds };
    });

    // detection over the whole catalogue, in this process, on each input's first 64 KiB
    const detectMs: { name: string; ms: number }[] = [];
    for (const row of rows.filter((r) => r.kind !== 'template' && r.kind !== 'regex')) {
      const sample = readFileSync(row.input).subarray(0, 64 * 1024);
      const times: number[] = [];
      for (let k = 0; k < 15; k++) {
        const t0 = process.hrtime.bigint();
        formats.detect(sample);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      detectMs.push({ name: row.id, ms: median(times.slice(5)) });
    }
    const worst = detectMs.reduce((a, b) => (b.ms > a.ms ? b : a));
    targets.push(target(NAME, `detection over ${formats.list().length} formats < ${DETECT_MS} ms per file (the slowest file)`, worst.ms, '<', DETECT_MS, ' ms', worst.name));

    const text =
      `each format on its own input, median of ${ctx.runs} runs after a warm-up run; wc -l on the standard input: ${num(wcMbS)} MB/s\n` +
      renderTable(
        [
          { header: 'format', cell: (x) => x.row.label, left: true },
          { header: 'input MiB', cell: (x) => num(x.row.bytes / MIB) },
          { header: 'MB/s', cell: (x) => num(x.mbS) },
          { header: '× wc -l', cell: (x) => num(x.floor) },
          { header: 'CPU s', cell: (x) => num(x.cpu) },
        ],
        table,
      ) +
      `\n  detection ms per file: ${detectMs.map((d) => `${d.name} ${d.ms.toFixed(1)}`).join(', ')}\n` +
      renderTargets(targets) +
      renderChecks(checks) +
      `  note: ${noiseNote(results, loadBefore, load1())}\n`;
    return {
      text,
      targets,
      checks,
      notes: [],
      data: { rows: table.map((x) => ({ format: x.row.label, kind: x.row.kind, bytes: x.row.bytes, mb_s: x.mbS, times_wc: x.floor, cpu_s: x.cpu })), detect_ms: detectMs, wc_mb_s: wcMbS },
    };
  },
};
