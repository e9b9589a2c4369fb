/** Time layouts (src/parsers/time-layout.ts): patterns compiled to byte parsers, and the catalogue TIME_LAYOUTS. */
import test from 'ava';
import fc from 'fast-check';
import { compileTimeLayout, lastEnd, layoutEnd, parseIso, TIME_LAYOUTS, YearGuess } from '../../src/internal.js';

const NEW_YEAR_2024 = { mtimeMs: Date.UTC(2024, 0, 1, 0, 30) };

/** The time `pattern` reads at the start of `text`, as ISO, and where it stopped; null for NaN. */
function read(pattern: string, text: string, year: YearGuess | null = null): string | null {
  const b = Buffer.from(text, 'utf8');
  const ts = compileTimeLayout(pattern).parse(b, 0, b.length, year);
  return Number.isNaN(ts) ? null : new Date(ts).toISOString();
}

function end(pattern: string, text: string): number {
  const b = Buffer.from(text, 'utf8');
  const ts = compileTimeLayout(pattern).parse(b, 0, b.length, null);
  return Number.isNaN(ts) ? -1 : layoutEnd;
}

// One hand-written time per catalogue layout, and what it is in UTC.
const CATALOGUE_TIMES: Record<string, [string, string]> = {
  iso8601: ['2015-07-29 17:41:44,747', '2015-07-29T17:41:44.747Z'],
  'yymmdd-hhmmss': ['081109 203615', '2008-11-09T20:36:15.000Z'],
  'yy-slash': ['17/06/09 20:10:40', '2017-06-09T20:10:40.000Z'],
  'compact-ms': ['20171223-22:15:29:606', '2017-12-23T22:15:29.606Z'],
  ctime: ['Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z'],
  'ctime-us': ['Wed Oct 11 14:32:52.123456 2000', '2000-10-11T14:32:52.123Z'],
  clf: ['24/Jan/2024:10:15:33 +0200', '2024-01-24T08:15:33.000Z'],
  syslog: ['Jun 14 15:16:01', '2023-06-14T15:16:01.000Z'],
  logcat: ['03-17 16:13:38.811', '2023-03-17T16:13:38.811Z'],
  'month-dot-day': ['10.30 16:49:06', '2023-10-30T16:49:06.000Z'],
  dotted: ['2005.06.03 15:42:50', '2005-06-03T15:42:50.000Z'],
  'dotted-date': ['2005.06.03', '2005-06-03T00:00:00.000Z'],
  db2: ['2005-06-03-15.42.50.675872', '2005-06-03T15:42:50.675Z'],
  slash: ['2024/01/24 10:15:32', '2024-01-24T10:15:32.000Z'],
  'slash-us': ['2024/01/24 10:15:32.123456', '2024-01-24T10:15:32.123Z'],
  tomcat: ['24-Jan-2024 10:15:32.123', '2024-01-24T10:15:32.123Z'],
  jul: ['Jan 24, 2024 1:15:32 PM', '2024-01-24T13:15:32.000Z'],
  epoch: ['1117838570', '2005-06-03T22:42:50.000Z'],
  'epoch-ms': ['1706091332123', '2024-01-24T10:15:32.123Z'],
};

test('every catalogue layout reads its hand-written time, to the end of it', (t) => {
  const year = new YearGuess({ mtimeMs: Date.UTC(2023, 11, 31, 12) });
  t.deepEqual(TIME_LAYOUTS.map((l) => l.name).sort(), Object.keys(CATALOGUE_TIMES).sort());
  for (const { name, pattern } of TIME_LAYOUTS) {
    const [text, iso] = CATALOGUE_TIMES[name];
    t.is(read(pattern, text, year), iso, name);
    t.is(end(pattern, text + ' rest'), Buffer.byteLength(text), `${name} stops after the time`);
  }
});

test('year-less layouts say so', (t) => {
  const yearless = TIME_LAYOUTS.filter((l) => !compileTimeLayout(l.pattern).hasYear).map((l) => l.name);
  t.deepEqual(yearless, ['syslog', 'logcat', 'month-dot-day']);
});

test('tokens: years, months, days, hours, fractions', (t) => {
  t.is(read('yy-MM-dd', '69-01-02'), '1969-01-02T00:00:00.000Z', 'yy 69–99 → 19yy');
  t.is(read('yy-MM-dd', '68-01-02'), '2068-01-02T00:00:00.000Z');
  t.is(read('uuuu-MM-dd', '2024-01-02'), '2024-01-02T00:00:00.000Z');
  t.is(read('yyyy-M-d H:m:s', '2024-1-2 3:4:5'), '2024-01-02T03:04:05.000Z');
  t.is(read('yyyy-M-d H:m:s', '2024-11-22 13:14:15'), '2024-11-22T13:14:15.000Z');
  t.is(read('yyyy-MM-dd', '2024-1-02'), null, 'MM is two digits');
  t.is(read('MMM dd yyyy', 'jAN 02 2024'), '2024-01-02T00:00:00.000Z', 'month names in any case');
  t.is(read('MMMM d yyyy', 'January 2 2024'), '2024-01-02T00:00:00.000Z');
  t.is(read('EEEE, MMMM d yyyy', 'Tuesday, January 2 2024'), '2024-01-02T00:00:00.000Z');
  t.is(read('MMM d yyyy', 'Jan  2 2024'), '2024-01-02T00:00:00.000Z', 'd after a space: syslog padding');
  t.is(read('MMM dd yyyy', 'Jan  2 2024'), '2024-01-02T00:00:00.000Z', 'dd space-padded: ctime');
  t.is(read('yyyy-MM-dd hh:mm:ss a', '2024-01-02 12:00:00 AM'), '2024-01-02T00:00:00.000Z', '12 AM is midnight');
  t.is(read('yyyy-MM-dd hh:mm:ss a', '2024-01-02 12:30:00 pm'), '2024-01-02T12:30:00.000Z');
  t.is(read('yyyy-MM-dd hh:mm:ss a', '2024-01-02 11:30:00 PM'), '2024-01-02T23:30:00.000Z');
  t.is(read('yyyy-MM-dd hh:mm:ss a', '2024-01-02 13:30:00 PM'), null, 'hour 13 on a 12-hour clock');
  t.is(read('yyyy-MM-dd HH:mm:ss.S', '2024-01-02 03:04:05.7'), '2024-01-02T03:04:05.700Z');
  t.is(read('yyyy-MM-dd HH:mm:ss.SS', '2024-01-02 03:04:05.78'), '2024-01-02T03:04:05.780Z');
  t.is(read('yyyy-MM-dd HH:mm:ss.SSSSSSSSS', '2024-01-02 03:04:05.999999999'), '2024-01-02T03:04:05.999Z');
  t.is(read('yyyy-MM-dd HH:mm:ss.SSS', '2024-01-02 03:04:05.12'), null, 'SSS takes exactly three digits');
  t.is(end('yyyy-MM-dd HH:mm:ss.SSS', '2024-01-02 03:04:05.1234'), 23, 'and stops after them');
  t.is(read("yyyy-MM-dd'T'HH:mm:ss", '2024-01-02T03:04:05'), '2024-01-02T03:04:05.000Z', 'quoted literal');
  t.is(read("yyyy-MM-dd'T'HH:mm:ss", '2024-01-02 03:04:05'), null);
  t.is(read("yyyy-MM-dd'at'HH", '2024-01-02at03'), '2024-01-02T03:00:00.000Z');
  t.is(read("yyyy-MM-dd''HH", "2024-01-02'03"), '2024-01-02T03:00:00.000Z', "'' is a quote");
  t.is(read('[yyyy/MM/dd HH:mm:ss]', '[2024/01/02 03:04:05]'), '2024-01-02T03:04:05.000Z', 'brackets are literals');
  t.is(read('dd.MM.yyyy, HH:mm', '02.01.2024, 03:04'), '2024-01-02T03:04:00.000Z');
  t.is(read('yyyy年MM月dd日', '2024年01月02日'), '2024-01-02T00:00:00.000Z', 'a non-ASCII literal');
  t.is(read('yyyy-MM-dd HH:mm:ss', '2024-01-02 03:04'), null, 'cut short');
  t.is(read('yyyy-MM-dd HH:mm:ss', ''), null);
});

test('zones: Z, X, XXX read Z, +HH, +HHMM, +HH:MM; no zone is UTC', (t) => {
  for (const zone of ['Z', 'X', 'XXX']) {
    const p = `yyyy-MM-dd HH:mm:ss${zone}`;
    t.is(read(p, '2024-01-02 03:04:05Z'), '2024-01-02T03:04:05.000Z', p);
    t.is(read(p, '2024-01-02 03:04:05+0200'), '2024-01-02T01:04:05.000Z', p);
    t.is(read(p, '2024-01-02 03:04:05+02:00'), '2024-01-02T01:04:05.000Z', p);
    t.is(read(p, '2024-01-02 03:04:05+02'), '2024-01-02T01:04:05.000Z', p);
    t.is(read(p, '2024-01-02 03:04:05-05:30'), '2024-01-02T08:34:05.000Z', p);
    t.is(read(p, '2024-01-02 03:04:05'), null, `${p}: the zone is required`);
    t.is(read(p, '2024-01-02 03:04:05+25:00'), null, `${p}: hour 25`);
    t.is(read(p, '2024-01-02 03:04:05+02:'), null, `${p}: broken`);
  }
  t.is(read('yyyy-MM-dd HH:mm:ss', '2024-01-02 03:04:05'), '2024-01-02T03:04:05.000Z');
  t.is(read('dd/MMM/yyyy:HH:mm:ss Z', '01/Jan/2024:00:30:00 +0100'), '2023-12-31T23:30:00.000Z', 'a zone can change the year');
  t.is(end('yyyy-MM-dd HH:mm:ssXXX', '2024-01-02 03:04:05+02:00 x'), 25);
});

test('year-less layouts take the year from the YearGuess: a file across New Year stays in order', (t) => {
  const year = new YearGuess(NEW_YEAR_2024);
  t.is(read('MMM d HH:mm:ss', 'Dec 31 23:59:58', year), '2023-12-31T23:59:58.000Z', 'after the mtime: the year before');
  t.is(read('MMM d HH:mm:ss', 'Jan  1 00:00:01', year), '2024-01-01T00:00:01.000Z');
  t.is(read('MM-dd HH:mm:ss.SSS', '12-31 23:59:59.999', year), '2023-12-31T23:59:59.999Z');
  t.is(read('MM-dd HH:mm:ss.SSS', '01-01 00:00:00.000', year), '2024-01-01T00:00:00.000Z');
  t.is(read('MM.dd HH:mm:ss', '02.29 10:00:00', new YearGuess({ mtimeMs: Date.UTC(2025, 2, 5) })), '2024-02-29T10:00:00.000Z', 'Feb 29 in a file of 2025: 2024');
  const now = new Date().getUTCFullYear();
  const got = read('MMM d HH:mm:ss', 'Jan  1 00:00:00');
  t.true(got === `${now}-01-01T00:00:00.000Z`, `year === null: a file written now (${got})`);
});

test('impossible dates and times are NaN', (t) => {
  const p = 'yyyy-MM-dd HH:mm:ss';
  for (const s of ['2023-02-29 00:00:00', '2024-13-01 00:00:00', '2024-00-10 00:00:00', '2024-04-31 00:00:00', '2024-01-00 00:00:00', '2024-01-01 24:00:00', '2024-01-01 23:60:00', '2024-01-01 23:59:61']) {
    t.is(read(p, s), null, s);
  }
  t.is(read(p, '2024-02-29 23:59:60'), '2024-03-01T00:00:00.000Z', 'a leap second');
  t.is(read('MMM d HH:mm:ss', 'Feb 30 00:00:00'), null);
  t.is(read('MMM d HH:mm:ss', 'Foo 3 00:00:00'), null);
  t.is(read('yyMMdd HHmmss', '081109 253615'), null);
  t.is(read('iso8601', '2024-02-30T00:00:00Z'), null);
});

test('epoch, epoch_ms and iso8601', (t) => {
  t.is(read('epoch', '1706091332'), '2024-01-24T10:15:32.000Z');
  t.is(read('epoch', '1706091332.123456'), '2024-01-24T10:15:32.123Z');
  t.is(end('epoch', '1706091332. x'), 10, 'a dot without digits is not a fraction');
  t.is(read('epoch', '1706091332123'), null, 'thirteen digits are no seconds');
  t.is(read('epoch', 'x'), null);
  t.is(read('epoch_ms', '1706091332123'), '2024-01-24T10:15:32.123Z');
  t.is(read('epoch_ms', '1706091332123.9'), '2024-01-24T10:15:32.123Z');
  t.is(read('iso8601', '2024-01-24T10:15:32.5+02:00'), '2024-01-24T08:15:32.500Z');
  t.is(end('iso8601', '2024-01-24T10:15:32.5+02:00 x'), 27);
  t.true(compileTimeLayout('epoch').hasYear);
});

test('bad patterns: an Error naming the token and the fix', (t) => {
  t.throws(() => compileTimeLayout('yyyy-MM-dd QQ'), { message: /unknown token 'QQ'.*quote literal letters/ });
  t.throws(() => compileTimeLayout('yyy-MM-dd'), { message: /'yyy' is not a year: write yyyy/ });
  t.throws(() => compileTimeLayout('yyyy-MM-dd hh:mm'), { message: /hh .*needs a for AM\/PM; use HH/ });
  t.throws(() => compileTimeLayout('yyyy-MM-dd HH:mm a'), { message: /a \(AM\/PM\) needs hh/ });
  t.throws(() => compileTimeLayout('HH:mm:ss'), { message: /needs a date: a month .* and a day/ });
  t.throws(() => compileTimeLayout("yyyy-MM-dd'T"), { message: /not closed/ });
  t.throws(() => compileTimeLayout('yyyy-MM-dd mmm'), { message: /'mmm' is not minutes/ });
  t.throws(() => compileTimeLayout('yyyy-MM-dd-dd'), { message: /repeats a field/ });
  t.throws(() => compileTimeLayout(''), { message: /empty/ });
  t.throws(() => compileTimeLayout('yyyy-MM-dd SSSSSSSSSS'), { message: /more than 9/ });
});

test('no layout throws on any bytes, and a time it reads ends inside the line', (t) => {
  const layouts = [...TIME_LAYOUTS.map((l) => compileTimeLayout(l.pattern)), compileTimeLayout("EEEE, MMMM d, yyyy 'at' hh:mm:ss.SSS a XXX")];
  const year = new YearGuess(NEW_YEAR_2024);
  fc.assert(
    fc.property(
      fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.stringMatching(/^[0-9 :./\-+,TZAPMJanDecSu]{0,40}$/).map((s) => Buffer.from(s))),
      fc.nat(),
      fc.nat(),
      (bytes, a, b) => {
        const i = bytes.length === 0 ? 0 : a % bytes.length;
        const e = i + (bytes.length === 0 ? 0 : b % (bytes.length - i + 1));
        for (const l of layouts) {
          const ts = l.parse(bytes, i, e, year);
          if (!Number.isNaN(ts)) {
            if (!(layoutEnd > i && layoutEnd <= e)) return false;
            if (!Number.isFinite(new Date(ts).getTime())) return false;
          }
        }
        return true;
      },
    ),
    { numRuns: 3000 },
  );
  t.pass();
});

test('iso8601 reads what parseIso reads, where parseIso stops, line after line', (t) => {
  const iso = compileTimeLayout('iso8601');
  const piece = fc.constantFrom('2024-01-24', '2024-01-25', '2023-02-29', '1999-12-31', '2024-1-24');
  const sep = fc.constantFrom(' ', 'T', 't', '_');
  const hm = fc.constantFrom('10:15', '10:16', '23:59', '24:00', '00:60', '1:15');
  const rest = fc.constantFrom(':32', ':60', ':61', ':5', ':32.1', ':32,123', ':32.123456789', ':32.1234567890', ':32.', ':32Z', ':32+02:00', ':32.5-0530', ':32+25', ':32 INFO', ':32.123x');
  fc.assert(
    fc.property(fc.array(fc.tuple(piece, sep, hm, rest), { minLength: 1, maxLength: 6 }), (times) => {
      for (const [d, s, h, r] of times) {
        const b = Buffer.from(`${d}${s}${h}${r}`);
        const want = parseIso(b, 0, b.length);
        const wantEnd = lastEnd;
        const got = iso.parse(b, 0, b.length, null);
        if (Number.isNaN(want) !== Number.isNaN(got)) return false;
        if (!Number.isNaN(want) && (got !== want || layoutEnd !== wantEnd)) return false;
      }
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('a layout that keeps its last minute reads each line as a layout compiled afresh does', (t) => {
  const patterns = ['yyyy-MM-dd HH:mm:ss,SSS', 'dd/MMM/yyyy:HH:mm:ss Z', 'yyMMdd HHmmss', 'yyyyMMdd-HH:mm:ss:SSS', 'yyyy-MM-dd HH:mm:ssXXX', 'EEE MMM dd HH:mm:ss yyyy', 'MMM d HH:mm:ss'];
  const year = new YearGuess(NEW_YEAR_2024);
  const day = fc.constantFrom('2024-01-24', '2024-01-25', '2023-02-29', '2024-02-29');
  fc.assert(
    fc.property(fc.constantFrom(...patterns), fc.array(fc.tuple(day, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 58, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.nat(999)), { minLength: 1, maxLength: 8 }), (pattern, times) => {
      const kept = compileTimeLayout(pattern);
      for (const [d, h, mi, s, ms] of times) {
        const [yy, mm, dd] = d.split('-').map(Number);
        const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mm - 1];
        const p2 = (n: number): string => String(n).padStart(2, '0');
        const text = pattern
          .replace('yyyy', String(yy))
          .replace('yy', p2(yy % 100))
          .replace('MMM', MON)
          .replace('MM', p2(mm))
          .replace(/dd|d/, p2(dd))
          .replace('HH', p2(h))
          .replace('mm', p2(mi))
          .replace('ss', p2(s))
          .replace('SSS', String(ms).padStart(3, '0'))
          .replace('EEE', 'Wed')
          .replace('XXX', '+02:00')
          .replace('Z', '+0100');
        const b = Buffer.from(text + ' x');
        const got = kept.parse(b, 0, b.length, year);
        const gotEnd = layoutEnd;
        const want = compileTimeLayout(pattern).parse(b, 0, b.length, year);
        if (Number.isNaN(got) !== Number.isNaN(want)) return false;
        if (!Number.isNaN(want) && (got !== want || gotEnd !== layoutEnd)) return false;
      }
      return true;
    }),
    { numRuns: 1500 },
  );
  t.pass();
});

test("n: milliseconds as a number, 1 to 3 digits (SimpleDateFormat's unpadded S, HealthApp)", (t) => {
  const l = compileTimeLayout('yyyyMMdd-HH:mm:ss:n');
  const at = (text: string) => {
    const b = Buffer.from(text);
    const ts = l.parse(b, 0, b.length, null);
    return Number.isNaN(ts) ? null : [new Date(ts).toISOString(), layoutEnd];
  };
  t.deepEqual(at('20171223-22:15:35:11|x'), ['2017-12-23T22:15:35.011Z', 20]);
  t.deepEqual(at('20171223-22:15:35:606|x'), ['2017-12-23T22:15:35.606Z', 21]);
  t.deepEqual(at('20171223-22:15:35:7'), ['2017-12-23T22:15:35.007Z', 19]);
  t.is(at('20171223-22:15:35:|x'), null);
  t.throws(() => compileTimeLayout('HH:mm:ss.nn'), { message: /single n/ });
});
