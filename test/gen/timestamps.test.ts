import test from 'ava';
import { gen, isoTime, linesOf, nginxTime, readStandard, START_MS } from './helpers.js';

test('standard: request k is stamped start + k·1000/rps, other entries share the next slot', async (t) => {
  const rps = 50;
  const entries = linesOf((await gen(t, { size: 400_000, rps, seed: 2 })).data).map((l) => readStandard(l)!);
  let k = 0;
  let requests = 0;
  for (const e of entries) {
    const want = START_MS + Math.floor((k * 1000) / rps);
    if (e.ts !== want) t.fail(`entry at ${new Date(e.ts).toISOString()}, want ${new Date(want).toISOString()} (request ${k})`);
    if (e.rtMs !== undefined) {
      k++;
      requests++;
    }
  }
  t.is(entries[0].ts, START_MS);
  t.true(requests > 4000);
});

test('standard: exactly rps requests in each whole second', async (t) => {
  const entries = linesOf((await gen(t, { size: 1_000_000, rps: 1000, seed: 3 })).data).map((l) => readStandard(l)!);
  const perSecond = new Map<number, number>();
  for (const e of entries) if (e.rtMs !== undefined) perSecond.set(Math.floor(e.ts / 1000), (perSecond.get(Math.floor(e.ts / 1000)) ?? 0) + 1);
  const full = [...perSecond.values()].slice(0, -1); // the last second is partial
  t.true(full.length >= 10);
  t.true(full.every((c) => c === 1000), JSON.stringify(full));
});

test('json and logfmt: non-decreasing ISO times at rps', async (t) => {
  for (const format of ['json', 'logfmt'] as const) {
    const lines = linesOf((await gen(t, { format, size: 300_000, rps: 3, seed: 4 })).data);
    const times = lines.map(isoTime);
    t.is(times[0], START_MS);
    for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) t.fail(`${format} line ${i} goes back in time`);
    const requests = lines.filter((l) => /(duration_ms|latency_ms|request_time)=|"(duration_ms|latency_ms|request_time)":/.test(l)).length;
    const span = (times[times.length - 1] - START_MS) / 1000;
    t.true(Math.abs(requests / 3 - span) <= 1, `${format}: ${requests} requests over ${span}s`);
  }
});

test('nginx: line i is stamped start + i·1000/rps (whole seconds)', async (t) => {
  const lines = linesOf((await gen(t, { format: 'nginx', size: 1_000_000, rps: 700, seed: 5 })).data);
  lines.forEach((l, i) => {
    const want = Math.floor((START_MS + Math.floor((i * 1000) / 700)) / 1000) * 1000;
    if (nginxTime(l) !== want) t.fail(`line ${i}: ${l}`);
  });
  t.true(lines.length > 4000);
});

test('slow clocks cross minutes, hours, days and months correctly', async (t) => {
  // One request every two hours: ~1500 entries span Jan 24 → well into February.
  const rps = 1 / 7200;
  for (const format of ['standard', 'json', 'logfmt', 'nginx'] as const) {
    const lines = linesOf((await gen(t, { format, size: 120_000, rps, seed: 6 })).data);
    let last = 0;
    for (const l of lines) {
      const ts = format === 'standard' ? readStandard(l)!.ts : format === 'nginx' ? nginxTime(l) : isoTime(l);
      if (ts < last) t.fail(`${format}: goes back in time at ${l}`);
      if ((ts - START_MS) % 1000 !== 0) t.fail(`${format}: ${l} is off the 2 h grid`);
      last = ts;
    }
    t.true(last > Date.UTC(2024, 1, 2), `${format} reaches February: ${new Date(last).toISOString()}`);
    // The rendered text agrees with Date's.
    if (format !== 'nginx') {
      const iso = new Date(last).toISOString();
      const shown = format === 'standard' ? iso.replace('T', ' ').slice(0, 23) : iso;
      t.true(lines[lines.length - 1].includes(shown), `${format}: ${lines[lines.length - 1]} has ${shown}`);
    }
  }
});
