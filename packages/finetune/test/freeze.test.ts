import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, memory, randn, randint, softmaxCrossEntropy, type Tensor } from '@tensorloom/core';
import { Adam, BatchNorm1d, Linear, Module, ReLU, Sequential, SGD } from '@tensorloom/nn';
import { Trainer, freeze, unfreeze, isStatsFrozen, replaceHead, trainableSummary, nameMatcher } from '../src/index.js';
import { useCpu } from './helpers/setup.js';

beforeAll(useCpu);

class Net extends Module {
  readonly backbone: Sequential;
  fc: Linear;
  constructor() {
    super();
    this.backbone = this.registerModule('backbone', new Sequential(new Linear(6, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 8)));
    this.fc = this.registerModule('fc', new Linear(8, 3));
  }
  forward(x: Tensor): Tensor { return this.fc.forward(this.backbone.forward(x)); }
}

function batches(n: number, seed: number): Array<[Tensor, Tensor]> {
  manualSeed(seed);
  return Array.from({ length: n }, () => [randn([16, 6]), randint(0, 3, [16])] as [Tensor, Tensor]);
}

const snapshot = (m: Module): Record<string, Float32Array> =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Float32Array.from(t.dataSync() as ArrayLike<number>)]));

describe('freeze / unfreeze', () => {
  it('matches globs, module prefixes and RegExps on dotted names', () => {
    const m = nameMatcher('t', ['backbone.0.*', /^fc\.bias$/]);
    expect(m('backbone.0.weight')).toBe(true);
    expect(m('backbone.3.weight')).toBe(false);
    expect(m('fc.bias')).toBe(true);
    expect(m('fc.weight')).toBe(false);
    expect(nameMatcher('t', 'backbone')('backbone.1.bias')).toBe(true);
    expect(nameMatcher('t', '*.weight')('backbone.3.weight')).toBe(true);
    expect(nameMatcher('t', 'fc?')('fc1.weight')).toBe(true);
    expect(() => nameMatcher('t', [])).toThrow(/at least one name pattern/);
  });

  it('frozen parameters and frozen BatchNorm statistics stay bitwise unchanged through Trainer.fit while the rest move', async () => {
    manualSeed(0);
    const model = new Net();
    const names = freeze(model, 'backbone.*');
    expect(names).toEqual(['backbone.0.weight', 'backbone.0.bias', 'backbone.1.weight', 'backbone.1.bias', 'backbone.3.weight', 'backbone.3.bias']);
    expect(isStatsFrozen(model.backbone.at(1))).toBe(true);
    const before = snapshot(model);
    const data = batches(5, 1);
    const startTensors = memory().numTensors;
    // Adam with weight decay over *all* parameters: frozen ones have no gradient and are skipped.
    const trainer = new Trainer({ model, optimizer: new Adam(model.parameters(), { lr: 1e-2, weightDecay: 0.1 }), loss: (o, y) => softmaxCrossEntropy(o, y) });
    await trainer.fit({ train: data, epochs: 2 });
    const after = snapshot(model);
    for (const k of Object.keys(before)) {
      if (k.startsWith('backbone.')) expect(after[k], k).toEqual(before[k]);
      else expect(after[k], k).not.toEqual(before[k]);
    }
    // In train mode the frozen BatchNorm still normalises with its running statistics.
    model.train();
    expect(model.fc.training).toBe(true);
    const probe = randn([4, 8]);
    const inTrain = model.backbone.at(1).forward(probe);
    model.eval();
    const inEval = model.backbone.at(1).forward(probe);
    expect(inTrain.dataSync()).toEqual(inEval.dataSync());
    model.train();
    probe.dispose(); inTrain.dispose(); inEval.dispose();
    trainer.optimizer.dispose();
    expect(memory().numTensors).toBe(startTensors);

    // Unfreezing the BatchNorm's weight releases it: it trains and updates its running stats again.
    unfreeze(model, 'backbone.1.weight');
    expect(isStatsFrozen(model.backbone.at(1))).toBe(false);
    expect(model.backbone.at(1).training).toBe(true); // it follows train() again
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    await new Trainer({ model, optimizer: opt, loss: (o, y) => softmaxCrossEntropy(o, y) }).fit({ train: data, epochs: 1 });
    const again = snapshot(model);
    expect(again['backbone.1.running_mean']).not.toEqual(before['backbone.1.running_mean']);
    expect(again['backbone.1.weight']).not.toEqual(before['backbone.1.weight']);
    expect(again['backbone.0.weight']).toEqual(before['backbone.0.weight']);
    opt.dispose();
    for (const [x, y] of data) { x.dispose(); y.dispose(); }
    model.dispose();
  });

  it('errors name the function and show the names it has', () => {
    manualSeed(0);
    const model = new Net();
    expect(() => freeze(model, 'encoder.*')).toThrow(/freeze: no parameter name matches encoder\.\*; names look like backbone\.0\.weight/);
    model.dispose();
  });
});

describe('replaceHead and trainableSummary', () => {
  it('swaps a head in a custom module (field and registry) and in a Sequential, and counts per top-level module', () => {
    manualSeed(0);
    const model = new Net();
    freeze(model, 'backbone');
    const head = replaceHead(model, 'fc', new Linear(8, 5));
    expect(model.fc).toBe(head);
    const x = randn([2, 6]);
    model.eval();
    const y = model.forward(x);
    expect(y.shape).toEqual([2, 5]);
    expect(model.stateDict()['fc.weight'].shape).toEqual([5, 8]);
    const s = trainableSummary(model);
    expect(s.rows).toEqual([
      { module: 'backbone', trainable: 0, frozen: 6 * 8 + 8 + 8 + 8 + 8 * 8 + 8, total: 144 },
      { module: 'fc', trainable: 45, frozen: 0, total: 45 },
    ]);
    expect(s).toMatchObject({ trainable: 45, frozen: 144, total: 189 });
    expect(s.table.split('\n')[0]).toMatch(/^module\s+trainable\s+frozen\s+total$/);
    expect(s.table.split('\n').at(-1)).toMatch(/^total\s+45\s+144\s+189$/);

    const seq = new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 2));
    replaceHead(seq, '2', new Linear(4, 7));
    expect(seq.forward(randn([3, 4])).shape).toEqual([3, 7]);
    expect(() => replaceHead(seq, '5', new Linear(4, 1))).toThrow(/replaceHead: no submodule '5'.*submodules: 0, 1, 2/);
    x.dispose(); y.dispose(); model.dispose(); seq.dispose();
  });
});
