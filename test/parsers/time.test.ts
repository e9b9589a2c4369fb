import test from 'ava';
import fc from 'fast-check';
import { dayMs, daysFromCivil, epochAt, lastEnd, parseIso, parseNginxTime, timeValueAt } from '../../src/internal.js';

function iso(s: string): string | null {
  const b = Buffer.from(s, 'latin1');
  const ms = parseIso(b, 0, b.length);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

test('ISO date-times → UTC', (t) => {
  t.is(iso('2024-01-24 10:15:32.123'), '2024-01-24T10:15:32.123Z');
  t.is(iso('2024-01-24T10:15:32.123'), '2024-01-24T10:15:32.123Z');
  t.is(iso('2024-01-24t10:15:32'), '2024-01-24T10:15:32.000Z');
  t.is(iso('2024-01-24 10:15:32Z'), '2024-01-24T10:15:32.000Z');
  t.is(iso('2024-01-24 10:15:32z'), '2024-01-24T10:15:32.000Z');
  t.is(iso('2024-01-24T10:15:32+02:00'), '2024-01-24T08:15:32.000Z');
  t.is(iso('2024-01-24T10:15:32+0200'), '2024-01-24T08:15:32.000Z');
  t.is(iso('2024-01-24T10:15:32+02'), '2024-01-24T08:15:32.000Z');
  t.is(iso('2024-01-24T10:15:32-05:00'), '2024-01-24T15:15:32.000Z');
  t.is(iso('2024-01-24T10:15:32.5-05:30'), '2024-01-24T15:45:32.500Z');
  t.is(iso('2024-01-24T01:15:32+02:00'), '2024-01-23T23:15:32.000Z', 'a zone can change the date');
  t.is(iso('2024-03-01T00:00:00+01:00'), '2024-02-29T23:00:00.000Z');
  t.is(iso('1970-01-01T00:00:00Z'), '1970-01-01T00:00:00.000Z');
  t.is(iso('1969-12-31T23:59:59.999Z'), '1969-12-31T23:59:59.999Z');
  t.is(iso('2000-02-29T12:00:00Z'), '2000-02-29T12:00:00.000Z', '2000 is a leap year');
  t.is(iso('2024-01-24 23:59:60'), '2024-01-25T00:00:00.000Z', 'leap second 60');
});

test('fractions: . or , with 1 to 9 digits, truncated to ms', (t) => {
  t.is(iso('2024-01-24 10:15:32.1'), '2024-01-24T10:15:32.100Z');
  t.is(iso('2024-01-24 10:15:32,12'), '2024-01-24T10:15:32.120Z');
  t.is(iso('2024-01-24 10:15:32,123'), '2024-01-24T10:15:32.123Z');
  t.is(iso('2024-01-24 10:15:32.1239'), '2024-01-24T10:15:32.123Z');
  t.is(iso('2024-01-24 10:15:32.123456'), '2024-01-24T10:15:32.123Z');
  t.is(iso('2024-01-24 10:15:32.999999999'), '2024-01-24T10:15:32.999Z');
  t.is(iso('2024-01-24 10:15:32.999999999Z'), '2024-01-24T10:15:32.999Z');
  t.is(iso('2024-01-24 10:15:32.1234567890'), null, '10 digits');
  t.is(iso('2024-01-24 10:15:32.'), null, 'no digit');
  t.is(iso('2024-01-24 10:15:32,Z'), null);
});

test('impossible dates and times → NaN', (t) => {
  for (const s of [
    '2024-13-01 00:00:00', '2024-00-10 00:00:00', '2024-01-00 00:00:00', '2024-01-32 00:00:00',
    '2024-02-30 00:00:00', '2023-02-29 00:00:00', '1900-02-29 00:00:00', '2024-04-31 00:00:00',
    '2024-06-31 00:00:00', '2024-09-31 00:00:00', '2024-11-31 00:00:00',
    '2024-01-24 24:00:00', '2024-01-24 99:99:99.999', '2024-01-24 10:60:00', '2024-01-24 10:15:61',
    '2024-13-45 99:99:99.999', '2024-01-24 10:15:32+24:00', '2024-01-24 10:15:32+02:60', '2024-01-24 10:15:32+2',
    '2024-01-24 10:15:32+', '2024-1-24 10:15:32', '2024/01/24 10:15:32', '2024-01-24_10:15:32',
    '2024-01-24 10:15', '2024-01-24 1:15:32', '2024-01-24 10:15:3', '2024-01-24', '', 'x',
    '2024-01-2a 10:15:32', '2024-01-24 10:1a:32', '2024-01-24 10:15:3a', '\x00\x01\x02 binary junk',
  ]) {
    t.is(iso(s), null, s);
  }
});

test('every day of every month: 28/29/30/31 exactly', (t) => {
  for (const y of [1999, 2000, 2023, 2024, 2100]) {
    for (let m = 1; m <= 12; m++) {
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      for (let d = 1; d <= 32; d++) {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} 12:00:00`;
        t.is(iso(s), d <= days ? new Date(Date.UTC(y, m - 1, d, 12)).toISOString() : null, s);
      }
    }
  }
});

test('an invalid date right after a cached valid one is still invalid', (t) => {
  t.is(iso('2024-01-01 00:00:00'), '2024-01-01T00:00:00.000Z');
  // 2024-00-33 would alias 2024-01-01 with a narrow cache key.
  t.is(iso('2024-00-33 00:00:00'), null);
  t.is(dayMs(2024, 0, 33), NaN);
  t.is(dayMs(2024, 1, 1), Date.UTC(2024, 0, 1));
});

test('lastEnd: where parsing stopped', (t) => {
  const cases: Array<[string, number]> = [
    ['2024-01-24 10:15:32 INFO', 19],
    ['2024-01-24 10:15:32.123 INFO', 23],
    ['2024-01-24 10:15:32,123456 INFO', 26],
    ['2024-01-24T10:15:32Z INFO', 20],
    ['2024-01-24T10:15:32+02:00 INFO', 25],
    ['2024-01-24T10:15:32-0200 INFO', 24],
    ['2024-01-24T10:15:32+02 INFO', 22],
    ['2024-01-24T10:15:32.12a', 22],
  ];
  for (const [s, end] of cases) {
    const b = Buffer.from(s);
    t.false(Number.isNaN(parseIso(b, 0, b.length)), s);
    t.is(lastEnd, end, s);
  }
});

test('daysFromCivil agrees with Date.UTC (property)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
      const d = new Date(day * 86_400_000);
      return daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) === day;
    }),
    { numRuns: 5000 },
  );
  t.pass();
});

test('parseIso agrees with Date for random valid times (property)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }),
      fc.constantFrom(' ', 'T'),
      fc.integer({ min: -23 * 60, max: 23 * 60 }),
      (ms, sep, offMin) => {
        const local = new Date(ms + offMin * 60_000).toISOString(); // wall clock at that offset
        const sign = offMin < 0 ? '-' : '+';
        const a = Math.abs(offMin);
        const zone = `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
        const s = `${local.slice(0, 10)}${sep}${local.slice(11, 23)}${zone}`;
        return iso(s) === new Date(ms).toISOString();
      },
    ),
    { numRuns: 3000 },
  );
  t.pass();
});

test('nginx time', (t) => {
  const n = (s: string) => {
    const b = Buffer.from(s);
    const ms = parseNginxTime(b, 0, b.length);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  };
  t.is(n('24/Jan/2024:10:15:33 +0000'), '2024-01-24T10:15:33.000Z');
  t.is(n('24/jan/2024:10:15:33 +0100'), '2024-01-24T09:15:33.000Z');
  t.is(n('29/Feb/2024:00:00:00 -0500'), '2024-02-29T05:00:00.000Z');
  t.is(n('31/Dec/2023:23:59:59 +0000'), '2023-12-31T23:59:59.000Z');
  for (const [i, m] of ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].entries()) {
    t.is(n(`01/${m}/2024:00:00:00 +0000`), new Date(Date.UTC(2024, i, 1)).toISOString(), m);
  }
  for (const s of ['24/Foo/2024:10:15:33 +0000', '32/Jan/2024:10:15:33 +0000', '30/Feb/2024:10:15:33 +0000',
    '24/Jan/2024:25:15:33 +0000', '24/Jan/2024:10:15:33', '24/Jan/2024:10:15:33 0000', '24/Jan/2024 10:15:33 +0000',
    '4/Jan/2024:10:15:33 +0000', '24/Jan/2024:10:15:33 +000']) {
    t.is(n(s), null, s);
  }
});

test('epoch numbers: ≥ 1e12 is ms, else seconds', (t) => {
  const e = (s: string) => {
    const b = Buffer.from(s);
    const ms = epochAt(b, 0, b.length);
    return Number.isNaN(ms) ? null : ms;
  };
  t.is(e('1706091332'), 1706091332000);
  t.is(e('1706091332.123'), 1706091332123);
  t.is(e('1706091332.1239'), 1706091332123, 'truncated below the ms');
  t.is(e('1706091332123'), 1706091332123);
  t.is(e('1706091332123.9'), 1706091332123);
  t.is(e('999999999999'), 999999999999000, 'just below 1e12: seconds');
  t.is(e('1000000000000'), 1000000000000, '1e12: milliseconds');
  t.is(e('1.706091332e9'), 1706091332000);
  t.is(e('0'), 0);
  t.is(e('1e300'), null, 'beyond the Date range');
  t.is(e('9e15'), null);
  t.is(e('12ab'), null);
  t.is(e(''), null);
  t.is(e('-'), null);
  const b = Buffer.from('2024-01-24T10:15:32.5Z');
  t.is(timeValueAt(b, 0, b.length), Date.UTC(2024, 0, 24, 10, 15, 32, 500));
  t.true(Number.isNaN(timeValueAt(b, 0, b.length - 1 - 1)), 'a span cut inside the time');
  const q = Buffer.from('2024-01-24T10:15:32Z trailing');
  t.true(Number.isNaN(timeValueAt(q, 0, q.length)), 'the value must be only a time');
});
