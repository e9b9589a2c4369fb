/**
 * Adding a format is adding one module: the toy format of
 * test/fixtures/formats/toy.ts, registered at run time, is detected, read by
 * the actors, and held to every promise of a format module; as a definition
 * of a registered kind it travels in the lease and the worker builds it.
 */
import test from 'ava';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type Chunk, type FormatDefinition, formats, runEmbedded } from '../../src/internal.js';
import { toy, toyFormat } from '../fixtures/formats/toy.js';
import { formatModuleTests } from './helpers.js';

formats.register(toy);
formats.registerKind({
  kind: 'toy',
  build: (def) => toyFormat(String(def.separator), def.name),
});

formatModuleTests(test, toy, formats);

const dir = mkdtempSync(join(tmpdir(), 'loga-toy-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** 600 entries over 2 minutes: every 10th an error, every 2nd a request of 100 + i % 7 ms, 3 malformed lines. */
function toyLog(sep: string): { text: string; avg: number } {
  const lines: string[] = [];
  let rtSum = 0;
  let requests = 0;
  for (let i = 0; i < 600; i++) {
    const ts = 1706091300000 + i * 200;
    if (i % 10 === 0) lines.push(`${ts}${sep}E${sep}Upstream returned ${500 + (i % 3)}`);
    else if (i % 2 === 1) {
      const rt = 100 + (i % 7);
      rtSum += rt;
      requests++;
      lines.push(`${ts}${sep}I${sep}Request processed in ${rt}ms`);
    } else lines.push(`${ts}${sep}D${sep}cache warm`);
    if (i % 250 === 0) lines.push('not a toy line');
  }
  return { text: lines.join('\n') + '\n', avg: rtSum / requests };
}

test('a toy log is detected as toy and read by the actors, whatever the chunking', async (t) => {
  const { text, avg } = toyLog('|');
  const path = join(dir, 'app.toy');
  writeFileSync(path, text);
  for (const chunkSize of [1024, 64 * 1024]) {
    const s = await analyze({ files: [path], actors: 'inprocess', workers: 2, chunkSize });
    t.deepEqual(s.files.map((f) => f.format), ['toy']);
    t.is(s.entries, 600);
    t.is(s.malformed_lines, 3);
    t.is(s.errors, 60);
    t.is(s.total_requests, 300);
    t.true(Math.abs((s.avg_response_time ?? 0) - avg) < 1e-9, `avg ${s.avg_response_time} vs ${avg}`);
    t.is(s.top_errors[0]?.message, 'Upstream returned #');
    t.is(s.per_minute.length, 2);
  }
});

test('a format definition travels in the lease and the worker builds the format from it', async (t) => {
  const { text } = toyLog(';');
  const path = join(dir, 'semi.toy');
  writeFileSync(path, text);
  const def: FormatDefinition = { name: 'toy-semi', kind: 'toy', separator: ';' };
  const leased: Chunk[] = [];
  const s = await runEmbedded([{ path, bytes: statSync(path).size, format: def.name, formatDef: def }], {
    files: [path],
    actors: 'inprocess',
    workers: 2,
    chunkSize: 4096,
    onStart: (job) => job.on('leased', (c) => leased.push(c)),
  });
  t.true(leased.length > 1);
  for (const c of leased) t.deepEqual(c.format_def, def);
  t.is(formats.get('toy-semi'), undefined, 'never registered by name: built from the definition');
  t.is(s.entries, 600);
  t.is(s.malformed_lines, 3);
  t.is(s.errors, 60);
  t.is(s.files[0].format, 'toy-semi');
});
