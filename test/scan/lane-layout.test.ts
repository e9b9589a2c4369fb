/**
 * src/scan/lane-layout.ts is compiled twice, by AssemblyScript into the lanes
 * and by TypeScript into src/scan/lane.ts: its lines must read the same to
 * both, and the built lanes must export the values JS expects (and the
 * sketch's bucket count), so a divergence fails here rather than as figures
 * off by a bucket.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { laneLayout as layout, MAX_INDEX } from '../../src/internal.js';

const SOURCE = new URL('../../../src/scan/lane-layout.ts', import.meta.url);
const LANES = ['standard-lane', 'nginx-lane', 'json-lane', 'logfmt-lane', 'shape-lane', 'access-lane'] as const;
const values = layout as unknown as Record<string, number>;

/** Exported globals that are not in the layout file, and what they must be. */
const OTHERS: Record<string, number> = {
  BUCKETS: MAX_INDEX + 1, // src/metrics/sketch.ts
  TPL_NONE: 0xffffffff, // u32, no plain i32 literal: it stays in lane-core.ts
};

function instantiate(name: string): Record<string, unknown> {
  const bytes = readFileSync(new URL(`../../src/wasm/${name}.wasm`, import.meta.url));
  const abort = () => {
    throw new Error(`${name} aborted`);
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort } }).exports as Record<string, unknown>;
}

test('the layout file holds only `export const NAME = <decimal integer>;` lines (the same number to TypeScript and an i32 to AssemblyScript)', (t) => {
  const seen: Record<string, number> = {};
  let inDoc = false;
  for (const [i, raw] of readFileSync(SOURCE, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (inDoc || line.startsWith('/*')) {
      inDoc = !line.endsWith('*/');
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    const m = /^export const ([A-Z][A-Z0-9_]*) = (0|[1-9][0-9]*);(?: \/\/ .*)?$/.exec(line);
    if (m === null) {
      t.fail(`line ${i + 1} is not a plain integer constant: ${raw}`);
      continue;
    }
    const [, name, value] = m as unknown as [string, string, string];
    t.false(name in seen, `${name} twice`);
    t.true(Number(value) < 2 ** 31, `${name} fits an i32`);
    seen[name] = Number(value);
  }
  t.deepEqual(seen, { ...values }, 'the lines are what TypeScript exports');
});

test('the layout: slots within F64_SLOTS, counters within COUNTERS, none overlapping; entries of whole u32 words', (t) => {
  const disjoint = (ranges: Array<[string, number, number]>, size: number, what: string) => {
    const used = new Map<number, string>();
    for (const [name, at, width] of ranges) {
      for (let k = at; k < at + width; k++) {
        t.true(k < size, `${name} within ${what}`);
        t.false(used.has(k), `${name} overlaps ${used.get(k)}`);
        used.set(k, name);
      }
    }
  };
  const widths: Record<string, number> = { S_MEM: 3, S_CPU: 3, C_LEVELS: 6, C_PER_SECOND: 60 };
  const of = (prefix: string) => Object.keys(values).filter((k) => k.startsWith(prefix)).map((k): [string, number, number] => [k, values[k]!, widths[k] ?? 1]);
  disjoint(of('S_'), layout.F64_SLOTS, 'F64_SLOTS');
  disjoint(of('C_'), layout.COUNTERS, 'COUNTERS');
  t.is(layout.ERR_ENTRY % 4, 0);
  t.is(layout.TPL_REC % 4, 0);
  t.deepEqual(
    [layout.RANGE_END, layout.NEED_BYTES, layout.BAIL, layout.NEW_PREFIX, layout.ERRORS_FULL].sort(),
    [0, 1, 2, 3, 4],
    'five distinct statuses',
  );
});

for (const name of LANES) {
  test(`${name}.wasm exports the layout's values, the sketch's bucket count, and room for the regions JS views`, (t) => {
    const ex = instantiate(name);
    const globals = Object.entries(ex).filter((e): e is [string, WebAssembly.Global] => e[1] instanceof WebAssembly.Global);
    t.true(globals.length > 0);
    for (const [g, v] of globals) {
      const want = g in values ? values[g] : OTHERS[g];
      t.not(want, undefined, `exported global ${g}: add it to src/scan/lane-layout.ts or to OTHERS here`);
      t.is((v.value as number) >>> 0, want, g);
    }
    // what src/scan/lane.ts reads from the module
    for (const g of ['F64_SLOTS', 'COUNTERS', 'BUCKETS', 'ERR_CAP', 'TPL_CAP', 'TPL_NONE']) t.true(globals.some(([n]) => n === g), `exports ${g}`);
    // the regions at the offsets JS computes: f64 slots, counters, buckets, the error list, then (further on) the template records
    const { init, stateBytes, tplRecords, tplArena, memory } = ex as unknown as { init(s: number): void; stateBytes(): number; tplRecords(): number; tplArena(): number; memory: WebAssembly.Memory };
    const state = Math.ceil(memory.buffer.byteLength / 65536) * 65536;
    memory.grow(Math.ceil((state + stateBytes() - memory.buffer.byteLength) / 65536) + 1);
    init(state);
    const errorsEnd = state + layout.F64_SLOTS * 8 + layout.COUNTERS * 4 + OTHERS.BUCKETS! * 4 + layout.ERR_CAP * layout.ERR_ENTRY;
    t.true(tplRecords() >= errorsEnd, 'the template records after the error list');
    t.true(tplArena() - tplRecords() >= layout.TPL_CAP * layout.TPL_REC, 'TPL_CAP records of TPL_REC bytes');
    t.true(state + stateBytes() >= tplArena());
  });
}
