import test from 'ava';
import { LEVEL_NAMES, levelAt, levelFromNumber } from '../../src/internal.js';

function level(s: string): string | null {
  const b = Buffer.from(`x${s}y`, 'latin1'); // parsed in the middle: bytes around must not matter
  const lv = levelAt(b, 1, 1 + s.length);
  return lv < 0 ? null : LEVEL_NAMES[lv];
}

const NAMES: Array<[string, string]> = [
  ['TRACE', 'TRACE'],
  ['DEBUG', 'DEBUG'],
  ['INFO', 'INFO'],
  ['NOTICE', 'INFO'],
  ['WARN', 'WARN'],
  ['WARNING', 'WARN'],
  ['ERROR', 'ERROR'],
  ['ERR', 'ERROR'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'FATAL'],
  ['CRIT', 'FATAL'],
  ['ALERT', 'FATAL'],
  ['EMERG', 'FATAL'],
  ['PANIC', 'FATAL'],
];

for (const [name, canonical] of NAMES) {
  test(`level ${name} → ${canonical}, any case`, (t) => {
    t.is(level(name), canonical);
    t.is(level(name.toLowerCase()), canonical);
    t.is(level(name[0] + name.slice(1).toLowerCase()), canonical);
    t.is(level(name.toLowerCase().replace(/.$/, (c) => c.toUpperCase())), canonical);
  });
}

test('not levels', (t) => {
  for (const s of ['', 'I', 'IN', 'INF', 'INFOO', 'INFO ', ' INFO', 'NOTALEVEL', 'WARNIN', 'ERRORS', 'CRITICA', 'EMERGENCY',
    'IÑFO', 'I\0FO', 'inf0', 'DEBU9', '[INFO]', 'TRACE\t', 'warn1ng', '\xc9RROR', 'ERR\x12', 'iNFO\x00']) {
    t.is(level(s), null, JSON.stringify(s));
  }
});

test('pino numeric levels', (t) => {
  const name = (n: number) => (levelFromNumber(n) < 0 ? null : LEVEL_NAMES[levelFromNumber(n)]);
  t.is(name(10), 'TRACE');
  t.is(name(20), 'DEBUG');
  t.is(name(30), 'INFO');
  t.is(name(40), 'WARN');
  t.is(name(50), 'ERROR');
  t.is(name(60), 'FATAL');
  t.is(name(35), 'INFO', 'a custom level between maps to the one below');
  t.is(name(9), null);
  t.is(name(61), null);
  t.is(name(0), null);
  t.is(name(-30), null);
  t.is(name(NaN), null);
  t.is(name(Infinity), null);
});
