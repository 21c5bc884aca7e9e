/**
 * 100-step trajectories of every optimizer, alone and with each LR schedule, against
 * PyTorch (loss and lr at every step, final weights); state-dict round trips that resume a
 * trajectory exactly; and flat memory over a long loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory, type Tensor } from '@tensorloom/core';
import { useTestBackend } from './helpers/backend.js';
import { expectClose, fromFixture, loadFixture, type Encoded } from './helpers/fixtures.js';
import { makeRun, trainStep, type OptimCase } from './helpers/trajectory.js';

const fixture = loadFixture<{ data: { x: Encoded; y: Encoded }; cases: OptimCase[] }>('nn_optim.json');
let x: Tensor;
let y: Tensor;

beforeAll(async () => {
  await useTestBackend();
  x = fromFixture(fixture.data.x);
  y = fromFixture(fixture.data.y);
});
afterAll(() => { x.dispose(); y.dispose(); });

describe('optimizer trajectories match PyTorch', () => {
  it('covers every optimizer with every schedule', () => {
    const opts = new Set(fixture.cases.map((k) => k.optimizer));
    const scheds = new Set(fixture.cases.map((k) => k.schedule.kind ?? 'none'));
    expect([...opts].sort()).toEqual(['Adagrad', 'Adam', 'AdamW', 'RMSprop', 'SGD']);
    expect(scheds.size).toBe(8);
  });

  it.each(fixture.cases.map((k) => [k.name, k] as const))('%s', (_n, k) => {
    const r = makeRun(k);
    const losses: number[] = [];
    const lrs: number[] = [];
    for (let i = 0; i < k.losses.length; i++) {
      losses.push(trainStep(r, x, y));
      lrs.push(...r.opt.paramGroups.map((g) => g.lr));
    }
    expectClose(losses, k.losses, `${k.name} losses`, 1e-5, 1e-6);
    expectClose(lrs, k.lrs.flat(), `${k.name} lrs`, 1e-9, 1e-12);
    const sd = r.model.stateDict();
    for (const [n, e] of Object.entries(k.final)) expectClose(sd[n], e, `${k.name} final ${n}`, 1e-5, 2e-6);
    r.opt.dispose();
    r.model.dispose();
  });
});

describe('state dicts resume a trajectory exactly', () => {
  const picks = fixture.cases.filter((k) => k.schedule.kind === 'StepLR' || k.name.startsWith('adam__') || k.name.startsWith('sgd_nesterov__'));
  it.each(picks.map((k) => [k.name, k] as const))('%s', (_n, k) => {
    const half = k.losses.length / 2;
    const a = makeRun(k);
    for (let i = 0; i < half; i++) trainStep(a, x, y);
    const modelState = a.model.stateDict({ clone: true });
    const optState = a.opt.stateDict();
    const schedState = a.sched?.stateDict();
    const resumed = [];
    const uninterrupted = [];
    for (let i = half; i < k.losses.length; i++) uninterrupted.push(trainStep(a, x, y));
    const b = makeRun(k);
    b.model.loadStateDict(modelState);
    b.opt.loadStateDict(optState);
    if (schedState) b.sched!.loadStateDict(schedState);
    for (let i = half; i < k.losses.length; i++) resumed.push(trainStep(b, x, y));
    expect(resumed).toEqual(uninterrupted);
    expectClose(resumed, k.losses.slice(half), `${k.name} resumed losses`);
    const fa = a.model.stateDict();
    const fb = b.model.stateDict();
    for (const n of Object.keys(fa)) expect(Array.from(fb[n].dataSync())).toEqual(Array.from(fa[n].dataSync()));
    for (const t of Object.values(modelState)) t.dispose();
    for (const s of Object.values(optState.state)) for (const v of Object.values(s)) if (typeof v !== 'number') v.dispose();
    [a, b].forEach((r) => { r.opt.dispose(); r.model.dispose(); });
  });
});

describe('memory', () => {
  it('a long training loop keeps memory().numTensors flat', () => {
    for (const name of ['adam_amsgrad_wd__onecycle', 'sgd_momentum_dampening_wd__plateau', 'rmsprop_momentum_wd__cosine', 'adagrad__step']) {
      const k = fixture.cases.find((c) => c.name === name)!;
      const before = memory().numTensors;
      const r = makeRun(k);
      for (let i = 0; i < 5; i++) trainStep(r, x, y);
      const warm = memory();
      for (let i = 5; i < 100; i++) trainStep(r, x, y);
      expect(memory().numTensors, name).toBe(warm.numTensors);
      expect(memory().numBytes, name).toBe(warm.numBytes);
      r.opt.dispose();
      r.model.zeroGrad();
      r.model.dispose();
      expect(memory().numTensors, `${name} after dispose`).toBe(before);
    }
  });
});
