/** `loga gen <out>`: writes a deterministic test log. */
import { command } from './command.js';
import { errorRatio, genFormat, genSize, malformed, rps, seed } from './options.js';
import { parseOutPath } from './values.js';

export const genCommand = command({
  name: 'gen <out>',
  description: 'Write a deterministic test log',
  options: [genSize, genFormat, rps, errorRatio, malformed, seed],
  examples: ['loga gen app.log --size 1gb --seed 7'],
  async run(args, o) {
    const out = parseOutPath(args[0], 'gen OUT') as string;
    const t0 = Date.now();
    // loaded here: the generator precomputes tables other commands do not need
    const { generate } = await import('../run/generate.js');
    const r = await generate({ out, size: o.size, format: o.format, seed: o.seed, rps: o.rps, errorRatio: o.errorRatio, malformed: o.malformed });
    const s = (Date.now() - t0) / 1000;
    process.stderr.write(`wrote ${out}: ${r.bytes} bytes, ${r.lines} lines in ${s.toFixed(2)} s (${(r.bytes / 1e6 / s).toFixed(0)} MB/s)\n`);
    return 0;
  },
});
