/**
 * What `loga formats` shows: the catalogue, and for `--detect FILE...` how
 * each candidate format reads a file's first 64 KiB (its share of the
 * non-blank lines) and what detection picks — an inferred layout as the
 * template to copy into `--format`.
 */
import { candidatesFor } from '../formats/detect.js';
import type { Detected, FormatDefinition } from '../formats/format.js';
import { rank } from '../formats/ranking.js';
import { formats } from '../formats/registry.js';
import { InputError } from '../errors.js';
import { notText, readSample } from './inputs.js';

export interface FormatListing {
  name: string;
  title: string;
  sample: string;
  /** The format has a level field. */
  levels: boolean;
  /** Entries may span lines (continuation lines). */
  multiline: boolean;
}

export function listFormats(): FormatListing[] {
  return formats.list().map((f) => ({
    name: f.name,
    title: f.title,
    sample: f.samples[0] ?? '',
    levels: f.levels !== false,
    multiline: f.multiline === true,
  }));
}

export interface CandidateShare {
  name: string;
  /** Lines read (entries, markers, continuations) / non-blank lines. */
  share: number;
  entries: number;
}

export interface FileDetection {
  path: string;
  /** Non-blank lines of the sample. */
  lines: number;
  chosen: Detected;
  /** The `--format` value that reads the file as detection does: a name, or `template:…` for an inferred layout. */
  format: string;
  /** Candidates that read at least one line, best first. */
  candidates: CandidateShare[];
}

/** The `--format` value of a detected format. */
function formatValue(d: Detected): string {
  const def: FormatDefinition | undefined = d.def;
  if (d.inferred && def !== undefined && typeof def.template === 'string') return `template:${def.template}`;
  return d.name;
}

export function detectFile(path: string): FileDetection {
  const sample = readSample(path);
  const why = notText(sample);
  if (why !== null) throw new InputError(path, why);
  const ranking = rank(sample, candidatesFor(sample, formats.list(), formats), true);
  const detected = formats.detect(sample);
  const lines = ranking.lines;
  // detection stops reading once the leader is sure: its share is then of the lines it read; give the share of all
  const full = ranking.ranked.find((r) => r.format.name === detected.name);
  const chosen = detected.inferred || full === undefined ? detected : { ...detected, share: lines === 0 ? 1 : full.accounted / lines };
  return {
    path,
    lines,
    chosen,
    format: formatValue(chosen),
    candidates: ranking.ranked
      .filter((r) => r.accounted > 0)
      .map((r) => ({ name: r.format.name, share: lines === 0 ? 0 : r.accounted / lines, entries: r.parsed })),
  };
}
