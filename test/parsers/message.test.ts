import test from 'ava';
import { LineRecord, scanMessage } from '../../src/internal.js';

interface Figures {
  rt: number | null;
  mem: number | null;
  cpu: number | null;
  request: boolean;
}

const rec = new LineRecord();

function scan(msg: string, preset?: Partial<Record<'rt' | 'mem' | 'cpu', number>>): Figures {
  const b = Buffer.from(`took 9ms ${msg} cpu 9%`, 'utf8'); // figures around the span must not leak in
  rec.reset();
  if (preset?.rt !== undefined) {
    rec.rt = preset.rt;
    rec.request = true;
  }
  if (preset?.mem !== undefined) rec.mem = preset.mem;
  if (preset?.cpu !== undefined) rec.cpu = preset.cpu;
  const start = 9;
  scanMessage(b, start, start + Buffer.byteLength(msg), rec);
  const nn = (v: number) => (Number.isNaN(v) ? null : v);
  return { rt: nn(rec.rt), mem: nn(rec.mem), cpu: nn(rec.cpu), request: rec.request };
}

const NONE: Figures = { rt: null, mem: null, cpu: null, request: false };
const rt = (v: number): Figures => ({ ...NONE, rt: v, request: true });
const mem = (v: number): Figures => ({ ...NONE, mem: v });
const cpu = (v: number): Figures => ({ ...NONE, cpu: v });

const TABLE: Array<[string, Figures]> = [
  ['Request processed in 127ms', rt(127)],
  ['request PROCESSED IN 127MS', rt(127)],
  ['processed   in\t127ms', rt(127)],
  ['Job completed in 1.5s', rt(1500)],
  ['took 250us', rt(0.25)],
  ['took 250µs', rt(0.25)],
  ['took 250μs (greek mu)', rt(0.25)],
  ['took 3ns', rt(0.000003)],
  ['duration: 42 ms', rt(42)],
  ['duration=42ms', rt(42)],
  ['latency : 0.5 s', rt(500)],
  ['response time: 12ms', rt(12)],
  ['Response   Time=12ms', rt(12)],
  ['elapsed 7ms.', rt(7)],
  ['(took 7ms)', rt(7)],
  ['x_took 7ms', rt(7)],
  ['9took 7ms', rt(7)],
  ['took 5ms then took 7ms', rt(5)],
  ['took a while, duration 8ms', rt(8)],
  ['took 5 seconds', NONE],
  ['took 5msec', NONE],
  ['took 5 milliseconds', NONE],
  ['took 5', NONE],
  ['took ms', NONE],
  ['mistook 5ms', NONE],
  ['overtook 5ms', NONE],
  ['durations 5ms', NONE],
  ['processed 5ms', NONE],
  ['processedin 5ms', NONE],
  ['took -5ms', NONE],
  ['took .5s', NONE],
  ['took 5.ms', NONE],
  ['Memory usage: 512MB', mem(512)],
  ['memory usage 512 mb', mem(512)],
  ['mem=2GB', mem(2048)],
  ['mem: 1.5 GB', mem(1536)],
  ['MEM 2048KB', mem(2)],
  ['mem 1048576B', mem(1)],
  ['mem 512MiB', mem(512)],
  ['mem 512 MBs', NONE],
  ['mem 512', NONE],
  ['memory: 512MB', NONE],
  ['member 5MB', NONE],
  ['CPU usage: 45%', cpu(45)],
  ['cpu 7.5 %', cpu(7.5)],
  ['cpu=99%', cpu(99)],
  ['Cpu: 3%', cpu(3)],
  ['cpu 45', NONE],
  ['cpus 45%', NONE],
  ['took 12ms mem 64MB cpu 5%', { rt: 12, mem: 64, cpu: 5, request: true }],
  ['cpu 5% mem 64MB took 12ms', { rt: 12, mem: 64, cpu: 5, request: true }],
  ['', NONE],
  ['t', NONE],
  ['took', NONE],
  ['took 1', NONE],
  ['took 1m', NONE],
  ['took 1s', rt(1000)],
  ['\x00\x01\x02 binary junk took 1s', rt(1000)],
  ['took 0000000000000000000000000000000000000000000012ms', rt(12)],
  ['took 1.00000000000000000000000000000000000000001ms', rt(1)],
];

for (const [msg, want] of TABLE) {
  test(`message ${JSON.stringify(msg)}`, (t) => {
    t.deepEqual(scan(msg), want);
  });
}

test('a figure already set (from a structured field) is kept', (t) => {
  t.deepEqual(scan('took 5ms mem 64MB cpu 5%', { rt: 100 }), { rt: 100, mem: 64, cpu: 5, request: true });
  t.deepEqual(scan('took 5ms mem 64MB cpu 5%', { mem: 1, cpu: 2 }), { rt: 5, mem: 1, cpu: 2, request: true });
  t.deepEqual(scan('took 5ms', { rt: 0 }), { ...NONE, rt: 0, request: true });
});

test('a megabyte message is scanned in linear time', (t) => {
  const big = 'took '.repeat(200_000) + 'took 3ms ' + '1'.repeat(1_000_000) + ' mem ' + ' '.repeat(500_000) + '5MB';
  const t0 = Date.now();
  t.deepEqual(scan(big), { ...NONE, rt: 3, mem: 5, request: true });
  t.true(Date.now() - t0 < 2000);
});
