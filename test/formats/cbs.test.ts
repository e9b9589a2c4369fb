/** Windows CBS (src/formats/app/cbs.ts): time to the second and a comma, Info/Warning/Error, a component. */
import test from 'ava';
import { detectFormat } from '../../src/internal.js';
import { format, neverThrows, read } from './app-helpers.js';
import { scanSlices } from './helpers.js';

test('loghub Windows lines: CBS and CSI components, the message after them', (t) => {
  t.deepEqual(read('cbs', '2016-09-28 04:30:31, Info                  CBS    Starting the TrustedInstaller main loop.'), {
    ts: '2016-09-28T04:30:31.000Z',
    level: 'INFO',
    rt: NaN,
    request: false,
    message: 'Starting the TrustedInstaller main loop.',
  });
  t.is(read('cbs', '2016-09-28 04:30:31, Info                  CSI    00000005 Creating NT transaction (seq 1), objectname [6]"(null)"')?.message, '00000005 Creating NT transaction (seq 1), objectname [6]"(null)"');
  t.is(read('cbs', '2016-10-31 11:25:11, Error                 CBS    Exec: Failed to commit CSI transaction to execute changes. [HRESULT = 0x80070308 - ERROR_REQUEST_OUT_OF_SEQUENCE]')?.level, 'ERROR');
  t.is(read('cbs', '2023-09-17 22:48:16, Warning               DISM   DISM Provider Store: PID=1 Failed to load the provider')?.level, 'WARN');
});

test('not CBS: no comma, a fraction, no component, an impossible date', (t) => {
  for (const line of [
    '2016-09-28 04:30:31 Info                  CBS    no comma',
    '2016-09-28 04:30:31,123 Info CBS a fraction, not a field separator',
    '2016-09-28 04:30:31, Info',
    '2016-09-28 04:30:31, Info                  C8S    not a component',
    '2016-09-31 04:30:31, Info                  CBS    September 31',
  ]) {
    t.is(read('cbs', line), undefined, line);
  }
});

test('indented CBS detail lines are continuations; a CBS file is detected as cbs', (t) => {
  const text = Buffer.from(
    [
      '2016-09-28 04:30:31, Info                  CSI    00000007@2016/9/27:20:30:31.462 CSI perf trace:',
      'CSIPERF:TXCOMMIT;2',
      '2016-09-28 04:40:01, Info                  CBS    Read out cached package applicability for package: Package_for_KB2775511~31bf3856ad364e35~amd64~~6.1.1.1',
      '      (0)  AddCat: flags: 1 catfile: \\SystemRoot\\WinSxS\\Temp\\x',
    ].join('\n') + '\n',
  );
  const f = scanSlices(format('cbs'), [text]);
  t.is(f.entries, 2);
  t.is(f.continuation_lines, 1);
  t.is(f.malformed_lines, 1);
  t.is(detectFormat(text), 'cbs');
});

test('cbs: no bytes make the parser throw', (t) => {
  neverThrows(t, 'cbs', ['2016-09-28 04:30:31', ',', ', ', ' ', 'Info', 'Error', 'CBS', 'C1', '\t', 'x']);
});
