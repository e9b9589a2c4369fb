/** The acceptance vectors and their truth files. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const VECTORS = ['normal.log', 'malformed.log'] as const;

export function vectorPath(name: string): string {
  return resolve('test_vectors/logs', name);
}

export interface Truth {
  entries: number;
  malformed_lines: number;
  total_requests: number;
  errors: number;
  error_rate: number;
  avg_response_time: number;
  p50: number;
  p95: number;
  p99: number;
  requests_per_second: number;
  levels: Record<string, number>;
  per_minute: Record<string, { entries: number; errors: number; requests: number }>;
  memory_mb: { min: number; max: number; avg: number; samples: number } | null;
  cpu_pct: { min: number; max: number; avg: number; samples: number } | null;
  top_errors: [string, number][];
  lines: number;
  bytes: number;
}

export function truthOf(name: string): Truth {
  return JSON.parse(readFileSync(vectorPath(`${name}.truth.json`), 'utf8')) as Truth;
}
