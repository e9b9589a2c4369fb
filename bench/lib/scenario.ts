/** What a scenario is given, and what it returns for the table and bench/results/latest.json. */
import { loadavg } from 'node:os';
import type { BenchOptions } from './options.js';

export interface BenchContext {
  options: BenchOptions;
  /** Timed runs per contender (after one warm-up run). */
  runs: number;
  /** Progress and diagnostics (stderr). */
  log: (s: string) => void;
}

export type Status = 'PASS' | 'MISS' | 'N/A';

export interface Target {
  scenario: string;
  /** e.g. 'loga analyze ≥ 8× faster than mawk' */
  text: string;
  value: number;
  op: '>=' | '<=' | '<';
  limit: number;
  unit: string;
  status: Status;
  /** Why N/A, or what the value is made of. */
  note?: string;
}

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

export interface ScenarioReport {
  name: string;
  title: string;
  /** The printed section (table, targets, checks, notes). */
  text: string;
  /** Set when the whole scenario could not run (inputs, tools). */
  unavailable?: string;
  targets: Target[];
  checks: Check[];
  notes: string[];
  /** Scenario-specific figures for the JSON report. */
  data: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  /** One line: what it measures. */
  title: string;
  /** Not run unless asked for by name or with --all (e.g. needs many GiB). */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<Omit<ScenarioReport, 'name' | 'title'>>;
}

/** The round settings of the options. */
export function roundOptions(ctx: BenchContext): { runs: number; log: (s: string) => void; quietWaitS: number } {
  return { runs: ctx.runs, log: ctx.log, quietWaitS: ctx.options.quietWait };
}

export function target(scenario: string, text: string, value: number, op: Target['op'], limit: number, unit: string, note?: string): Target {
  const ok = op === '>=' ? value >= limit : op === '<=' ? value <= limit : value < limit;
  return { scenario, text, value, op, limit, unit, status: Number.isFinite(value) ? (ok ? 'PASS' : 'MISS') : 'N/A', note };
}

export function renderTargets(targets: readonly Target[]): string {
  return targets.map((t) => `  ${t.status.padEnd(4)}  ${t.text}: ${Number.isFinite(t.value) ? `${fmt(t.value)}${t.unit}` : '–'}${t.note ? `  (${t.note})` : ''}\n`).join('');
}

export function renderChecks(checks: readonly Check[]): string {
  return checks.map((c) => `  ${c.ok ? 'OK  ' : 'FAIL'}  ${c.what}: ${c.detail}\n`).join('');
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** 1-minute load average, a noise indicator printed with each scenario. */
export function load1(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
