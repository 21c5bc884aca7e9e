import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, randn, randint, softmaxCrossEntropy, type Tensor } from '@tensorloom/core';
import { Adam, Linear, ReLU, Sequential, SGD, type Module } from '@tensorloom/nn';
import { GradualUnfreezing, Trainer, layerwiseDecay, paramGroups } from '../src/index.js';
import { useCpu } from './helpers/setup.js';

beforeAll(useCpu);

const host = (m: Module): Record<string, Float64Array> =>
  Object.fromEntries(m.namedParameters().map(([k, p]) => [k, Float64Array.from(p.value.dataSync() as ArrayLike<number>)]));

function net(): Sequential {
  manualSeed(3);
  return new Sequential(new Linear(5, 4), new ReLU(), new Linear(4, 4), new ReLU(), new Linear(4, 3));
}

describe('paramGroups', () => {
  it('gives each group its own rate and weight decay: one SGD step equals the hand-computed update', () => {
    const model = net();
    const groups = paramGroups<{ lr: number; weightDecay: number }>(model, [{ match: '0.*', lr: 1e-3 }, { match: /^2\./, lr: 0.05, weightDecay: 0.2 }]);
    expect(groups.map((g) => [g.name, g.paramNames])).toEqual([['0.*', ['0.weight', '0.bias']], ['/^2\\./', ['2.weight', '2.bias']], ['rest', ['4.weight', '4.bias']]]);
    const opt = new SGD(groups, { lr: 0.5 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([1e-3, 0.05, 0.5]);
    manualSeed(9);
    const x = randn([8, 5]);
    const y = randint(0, 3, [8]);
    const loss = softmaxCrossEntropy(model.forward(x), y);
    loss.backward();
    const before = host(model);
    const grads = Object.fromEntries(model.namedParameters().map(([k, p]) => [k, Float64Array.from(p.grad!.dataSync() as ArrayLike<number>)]));
    opt.step();
    const after = host(model);
    const rate = (k: string): [number, number] => (k.startsWith('0.') ? [1e-3, 0] : k.startsWith('2.') ? [0.05, 0.2] : [0.5, 0]);
    for (const k of Object.keys(before)) {
      const [lr, wd] = rate(k);
      const want = before[k].map((p, i) => p - lr * (grads[k][i] + wd * p));
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(after[k][i] - want[i]));
      expect(worst, k).toBeLessThan(1e-7);
      expect(after[k], k).not.toEqual(before[k]);
    }
    loss.dispose(); x.dispose(); y.dispose(); opt.dispose(); model.dispose();
  });

  it('excludes or rejects unmatched parameters, rejects rules that match nothing, leaves frozen ones out on request', () => {
    const model = net();
    expect(paramGroups(model, [{ match: '4', lr: 1 }], { rest: 'exclude' }).map((g) => g.paramNames)).toEqual([['4.weight', '4.bias']]);
    expect(() => paramGroups(model, [{ match: '4', lr: 1 }], { rest: 'error' })).toThrow(/paramGroups: no rule matches 0\.weight/);
    expect(() => paramGroups(model, [{ match: '*', lr: 1 }, { match: '4.*', lr: 2 }])).toThrow(/rule 1 \(4\.\*\) matches no parameter/);
    model.getParameter('0.weight').requiresGrad_(false);
    expect(paramGroups(model, [{ match: '0.*', lr: 1 }], { trainableOnly: true, rest: 'exclude' })[0].paramNames).toEqual(['0.bias']);
    model.dispose();
  });

  it('layerwiseDecay: base at the top, times decay per layer going down', () => {
    const model = net();
    const groups = layerwiseDecay(model, { base: 1e-2, decay: 0.5 });
    expect(groups.map((g) => [g.name, g.lr])).toEqual([['0', 2.5e-3], ['2', 5e-3], ['4', 1e-2]]);
    const custom = layerwiseDecay(model, { base: 1, decay: 0.1, layers: [['0.*', '2.*'], '4.*'] });
    expect(custom.map((g) => g.lr)).toEqual([0.1, 1]);
    expect(() => layerwiseDecay(model, { base: 1, decay: 1.5 })).toThrow(/decay must be in \(0, 1\]/);
    const opt = new Adam(groups, { lr: 1 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([2.5e-3, 5e-3, 1e-2]);
    opt.dispose(); model.dispose();
  });
});

describe('GradualUnfreezing', () => {
  it('trains the top group first and unfreezes one more group per epoch, top down', async () => {
    const model = net();
    manualSeed(1);
    const data: Array<[Tensor, Tensor]> = Array.from({ length: 3 }, () => [randn([8, 5]), randint(0, 3, [8])]);
    const changedPerEpoch: string[][] = [];
    let prev = host(model);
    const cb = new GradualUnfreezing();
    const trainer = new Trainer({
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: (o, y) => softmaxCrossEntropy(o, y),
      callbacks: [cb, { onEpochEnd: () => {
        const now = host(model);
        changedPerEpoch.push(Object.keys(now).filter((k) => now[k].some((v, i) => v !== prev[k][i])));
        prev = now;
      } }],
    });
    await trainer.fit({ train: data, epochs: 4 });
    expect(changedPerEpoch).toEqual([
      ['4.weight', '4.bias'],
      ['2.weight', '2.bias', '4.weight', '4.bias'],
      ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'],
      ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'],
    ]);
    expect(cb.unfrozen).toBe(3);
    trainer.optimizer.dispose();
    for (const [x, y] of data) { x.dispose(); y.dispose(); }
    model.dispose();
  });
});
