/** `loga formats [--detect FILE...]`: the format catalogue, or how each format reads the given files. */
import { UsageError } from '../errors.js';
import { detectFile, listFormats, type FileDetection, type FormatListing } from '../run/format-report.js';
import { command } from './command.js';
import { detect, json } from './options.js';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`.padStart(7);
}

export function renderCatalogue(list: readonly FormatListing[]): string {
  const w = Math.max(...list.map((f) => f.name.length));
  const out: string[] = [];
  for (const f of list) {
    const flags = [f.levels ? '' : 'no levels', f.multiline ? 'multi-line' : ''].filter((x) => x !== '').join(', ');
    out.push(`${f.name.padEnd(w)}  ${f.title}${flags === '' ? '' : ` (${flags})`}`);
    out.push(`${' '.repeat(w)}    ${f.sample}`);
  }
  out.push('', `${list.length} formats; detection tries them in this order (the first wins a tie). loga formats --detect FILE ranks them on a file.`);
  return out.join('\n') + '\n';
}

export function renderDetection(d: FileDetection): string {
  const read = d.candidates.length > 0 || d.chosen.inferred;
  const out = [
    read
      ? `${d.path}: ${d.chosen.inferred ? 'inferred layout' : d.chosen.name} (reads ${pct(d.chosen.share).trim()} of ${d.lines} lines)`
      : `${d.path}: no format reads it (${d.lines} lines; '${d.chosen.name}' would count them all malformed): describe it with --format 'template:…' or --format-file`,
  ];
  if (d.chosen.inferred) out.push(`  --format '${d.format}'`);
  const top = d.candidates.slice(0, 8);
  const w = Math.max(0, ...top.map((c) => c.name.length));
  for (const c of top) out.push(`  ${c.name.padEnd(w)}  ${pct(c.share)}  (${c.entries} entries)`);
  if (d.candidates.length > top.length) out.push(`  … ${d.candidates.length - top.length} more`);
  return out.join('\n') + '\n';
}

export const formatsCommand = command({
  name: 'formats [...files]',
  description: 'List the formats loga reads; with --detect, rank them on files',
  options: [detect, json],
  examples: ['loga formats', 'loga formats --detect /var/log/syslog app.log'],
  async run(args, o) {
    const files = (args[0] as string[] | undefined) ?? [];
    if (!o.detect) {
      if (files.length > 0) throw new UsageError(`formats: files are given only with --detect (loga formats --detect ${files.join(' ')})`);
      const list = listFormats();
      process.stdout.write(o.json ? JSON.stringify(list, null, 2) + '\n' : renderCatalogue(list));
      return 0;
    }
    if (files.length === 0) throw new UsageError('formats --detect: give the files to look at (loga formats --detect app.log)');
    const found = files.map((f) => detectFile(f));
    process.stdout.write(o.json ? JSON.stringify(found, null, 2) + '\n' : found.map(renderDetection).join('\n'));
    return 0;
  },
});
