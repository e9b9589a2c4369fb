/**
 * Time-ordered inputs for formats without a generator: a format's documented
 * samples with their times rewritten to a clock that advances 1 ms a line
 * (1000 lines a second, as `loga gen`'s default), as a real file is in time
 * order. Only the samples whose start has the format's time shape (its
 * lane's `shape`, src/formats/format.ts) are used: a sample of another
 * variant (Flask's `[date]`, Spring Boot 3's ISO time with a zone) keeps its
 * own time and is measured in the cycled-samples row. An RFC 3164 sample keeps
 * its `<PRI>`.
 *
 * Access logs on the access lane get their `%t` time rewritten the same way,
 * journald's export its `__REALTIME_TIMESTAMP` (µs). One writer per shape in
 * use; `retimable()` says which formats have one.
 */
import type { LogFormat } from '../../src/formats/format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p = (n: number, w = 2): string => String(n).padStart(w, '0');

type TimeWriter = (d: Date, sample: string) => string;

const ymd = (d: Date): string => `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
const hms = (d: Date): string => `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
const yy = (d: Date): string => p(d.getUTCFullYear() % 100);

/** A time in the shape, by shape. */
const WRITERS: Record<string, TimeWriter> = {
  'dddd-dd-dd dd:dd:ss,fff ': (d) => `${ymd(d)} ${hms(d)},${p(d.getUTCMilliseconds(), 3)} `,
  'dddd-dd-dd dd:dd:ss.fff ': (d) => `${ymd(d)} ${hms(d)}.${p(d.getUTCMilliseconds(), 3)} `,
  'dddd-dd-dd dd:dd:ss,': (d) => `${ymd(d)} ${hms(d)},`,
  'dd/dd/dd dd:dd:ss ': (d) => `${yy(d)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${hms(d)} `,
  'dddddd ddddss ': (d) => `${yy(d)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())} `,
  'dd-dd dd:dd:ss.fff ': (d) => `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${hms(d)}.${p(d.getUTCMilliseconds(), 3)} `,
  'kdddd dd:dd:ss.ffffff ': (d, s) => `${s[0]}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${hms(d)}.${p(d.getUTCMilliseconds(), 3)}000 `,
  'dddd/dd/dd dd:dd:ss ': (d) => `${ymd(d).replace(/-/g, '/')} ${hms(d)} `,
  '??? ?? dd:dd:ss ': (d) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)} `,
};

/** The shape as a regex over a line's start (`d s f` digits, `? k` any byte, others themselves), after a `<PRI>` for a lane of mode 3. */
function shapeRegex(shape: string, mode = 0): RegExp {
  let re = mode === 3 ? '^(<\\d{1,3}>)' : '^()';
  for (const c of shape) re += c === 'd' || c === 's' || c === 'f' ? '\\d' : c === '?' || c === 'k' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(re);
}

/** An access log's `[dd/Mon/yyyy:HH:MM:SS ±HHMM]` (Apache's %t, nginx's [$time_local]). */
const CLF = /\[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]/;
const clf = (d: Date): string => `[${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000]`;

/** journald's time field, its µs in group 2. */
const REALTIME = /("__REALTIME_TIMESTAMP" ?: ?")(\d+)"/;

/** True when the bench can write a time-ordered input for the format: a format on the shape lane, one on the access lane whose samples have a %t time, journald. */
export function retimable(f: LogFormat): boolean {
  if (f.lane?.program !== undefined) return f.samples.some((s) => CLF.test(s));
  if (f.name === 'journald') return f.samples.some((s) => REALTIME.test(s));
  const shape = f.lane?.shape;
  return shape !== undefined && WRITERS[shape] !== undefined && f.samples.some((s) => shapeRegex(shape, f.lane?.mode).test(s));
}

/**
 * `size` bytes (to the next line end) of the format's shaped samples cycled,
 * their times from `start` on, 1 ms a line; throws for a format retimable()
 * refuses.
 */
export function retimedText(f: LogFormat, size: number, start = Date.UTC(2024, 0, 24, 10, 15, 0)): string {
  if (f.lane?.program !== undefined) return cycled(f, CLF, size, (s, i) => s.replace(CLF, clf(new Date(start + i))));
  if (f.name === 'journald') return cycled(f, REALTIME, size, (s, i) => s.replace(REALTIME, (_, key: string) => `${key}${(start + i) * 1000 + 123}"`));
  const shape = f.lane?.shape;
  const write = shape === undefined ? undefined : WRITERS[shape];
  if (shape === undefined || write === undefined) throw new Error(`no time writer for ${f.name}`);
  const re = shapeRegex(shape, f.lane?.mode);
  const rests = f.samples
    .map((s) => re.exec(s))
    .filter((m) => m !== null)
    .map((m) => [m[1], m.input.slice(m[1].length), m.input.slice(m[0].length)] as const);
  if (rests.length === 0) throw new Error(`no sample of ${f.name} has its shape`);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i++) {
    const [pri, sample, rest] = rests[i % rests.length];
    const t = pri + write(new Date(start + i), sample);
    if (!re.test(t)) throw new Error(`the ${f.name} writer's time ${JSON.stringify(t)} does not have the shape ${JSON.stringify(shape)}`);
    const line = t + rest + '\n';
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  return parts.join('');
}

/** `size` bytes (to the next line end) of the samples that `timed` matches, cycled, the i-th rewritten by `write`. */
function cycled(f: LogFormat, timed: RegExp, size: number, write: (sample: string, i: number) => string): string {
  const samples = f.samples.filter((s) => timed.test(s));
  if (samples.length === 0) throw new Error(`no sample of ${f.name} has a time to rewrite`);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i++) {
    const line = write(samples[i % samples.length], i) + '\n';
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  return parts.join('');
}
