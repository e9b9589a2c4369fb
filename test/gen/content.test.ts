import test from 'ava';
import { ERRORS, FATALS, MESSAGES, PATHS, Picker, Rng, Template } from '../../src/internal.js';
import { FIGURE_WORDS } from './helpers.js';

function templates(p: Picker<Template>): Template[] {
  const rng = new Rng(1);
  const seen = new Set<Template>();
  for (let i = 0; i < 20_000; i++) seen.add(p.pick(rng));
  return [...seen];
}

test('no message or path template carries words loga reads figures from', (t) => {
  for (const p of [MESSAGES, ERRORS, FATALS, PATHS]) {
    for (const tpl of templates(p)) t.false(FIGURE_WORDS.test(tpl.text), tpl.text);
  }
});

test('eight error shapes, two fatal shapes', (t) => {
  t.is(templates(ERRORS).length, 8);
  t.is(templates(FATALS).length, 2);
});

test('Template draws within its slots and writes plain and quoted text', (t) => {
  const tpl = new Template(0, 'Cache miss for key "s:{5-6}" code {7|9}');
  const rng = new Rng(3);
  const values = [0, 0];
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    tpl.draw(rng, values);
    t.true(values[0] === 5 || values[0] === 6);
    t.true(values[1] === 7 || values[1] === 9);
    seen.add(values.join());
  }
  t.is(seen.size, 4);
  t.deepEqual(Buffer.concat(tpl.plain).toString(), 'Cache miss for key "s:" code ');
  t.deepEqual(Buffer.concat(tpl.quoted).toString(), 'Cache miss for key \\"s:\\" code ');
});

test('Picker follows its weights', (t) => {
  const p = new Picker<string>([
    ['a', 3],
    ['b', 1],
  ]);
  const rng = new Rng(11);
  let a = 0;
  for (let i = 0; i < 40_000; i++) if (p.pick(rng) === 'a') a++;
  t.true(Math.abs(a / 40_000 - 0.75) < 0.01);
});
