import test from 'ava';
import { type Child, type ChildSpec, silentLogger, Supervisor } from '../../src/internal.js';

/** A fake child the test kills by hand. */
class FakeChild implements Child {
  static next = 1;
  readonly pid = FakeChild.next++;
  private cbs: ((code: number | null, signal: string | null) => void)[] = [];
  exited = false;
  onExit(cb: (code: number | null, signal: string | null) => void): void {
    this.cbs.push(cb);
  }
  die(code: number | null, signal: string | null = null): void {
    this.exited = true;
    for (const cb of this.cbs) cb(code, signal);
  }
  async stop(): Promise<void> {
    if (!this.exited) this.die(0);
  }
}

function setup(restart: ChildSpec['restart'], ids = ['a', 'b']) {
  let now = 0;
  const started: Record<string, FakeChild[]> = {};
  const specs: ChildSpec[] = ids.map((id) => ({
    id,
    restart,
    start: () => {
      const c = new FakeChild();
      (started[id] ??= []).push(c);
      return c;
    },
  }));
  const sup = new Supervisor(specs, { clock: () => now, log: silentLogger, intensity: 5, periodMs: 10_000 });
  const advance = (ms: number) => (now += ms);
  return { sup, started, advance };
}

test('one-for-one: only the crashed child is restarted', (t) => {
  const { sup, started } = setup('transient');
  sup.start();
  started.a[0].die(null, 'SIGKILL');
  t.is(started.a.length, 2);
  t.is(started.b.length, 1);
  t.false(started.b[0].exited);
  t.is(sup.restartsOf('a'), 1);
  t.is(sup.restartsOf('b'), 0);
});

test('transient children are not restarted after a normal exit; permanent ones are', (t) => {
  const tr = setup('transient');
  tr.sup.start();
  tr.started.a[0].die(0);
  t.is(tr.started.a.length, 1);
  const pe = setup('permanent');
  pe.sup.start();
  pe.started.a[0].die(0);
  t.is(pe.started.a.length, 2);
  const te = setup('temporary');
  te.sup.start();
  te.started.a[0].die(1);
  t.is(te.started.a.length, 1);
});

test('restart intensity: the 6th restart within 10 s escalates and stops every child', async (t) => {
  const { sup, started, advance } = setup('transient');
  let escalated = '';
  sup.on('escalate', (reason) => (escalated = reason));
  sup.start();
  for (let i = 0; i < 5; i++) {
    advance(1000);
    started.a[started.a.length - 1].die(1);
  }
  t.is(started.a.length, 6);
  t.is(escalated, '');
  advance(1000);
  started.a[started.a.length - 1].die(1);
  await new Promise((r) => setImmediate(r));
  t.is(started.a.length, 6, 'no 7th start');
  t.true(started.b[0].exited, 'siblings stopped');
  t.regex(escalated, /more than 5 restarts in 10000 ms/);
  t.true(sup.escalated);
});

test('restarts spread over more than the period do not escalate', (t) => {
  const { sup, started, advance } = setup('transient');
  let escalated = false;
  sup.on('escalate', () => (escalated = true));
  sup.start();
  for (let i = 0; i < 12; i++) {
    advance(2500);
    started.a[started.a.length - 1].die(1);
  }
  t.false(escalated);
  t.is(started.a.length, 13);
});

test('children stop in reverse start order', async (t) => {
  const order: string[] = [];
  const specs: ChildSpec[] = ['x', 'y', 'z'].map((id) => ({
    id,
    restart: 'transient',
    start: () => {
      const c = new FakeChild();
      const stop = c.stop.bind(c);
      c.stop = async () => {
        order.push(id);
        await stop();
      };
      return c;
    },
  }));
  const sup = new Supervisor(specs, { clock: () => 0, log: silentLogger });
  sup.start();
  await sup.stop();
  t.deepEqual(order, ['z', 'y', 'x']);
});
