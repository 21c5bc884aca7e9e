import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, memory, noGrad, randn, randint } from '@tensorloom/core';
import { Linear, Sequential, SGD } from '@tensorloom/nn';
import { Trainer, crossEntropyLoss } from '../src/index.js';
import { useCpu } from './helpers/setup.js';

beforeAll(useCpu);

/** PyTorch's F.cross_entropy(z, y, weight=w, label_smoothing=e) in float64 (checked against torch 1.13). */
function reference(z: ArrayLike<number>, y: ArrayLike<number>, classes: number, w: number[], e: number): number {
  let num = 0, den = 0;
  for (let i = 0; i < y.length; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[i * classes + c]);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(z[i * classes + c] - max);
    const lp = (c: number): number => z[i * classes + c] - max - Math.log(s);
    let smooth = 0;
    for (let c = 0; c < classes; c++) smooth += w[c] * -lp(c);
    num += (1 - e) * w[y[i]] * -lp(y[i]) + (e / classes) * smooth;
    den += w[y[i]];
  }
  return num / den;
}

describe('Trainer cross-entropy config', () => {
  it('label smoothing and class weights give PyTorch\'s loss, in evaluate and in the first training step', async () => {
    manualSeed(2);
    const model = new Sequential(new Linear(4, 3));
    const x = randn([12, 4]), y = randint(0, 3, [12]);
    const w = [1, 2.5, 0.5];
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const trainer = new Trainer({ model, optimizer: opt, crossEntropy: { labelSmoothing: 0.2, classWeights: w } });
    const logits = noGrad(() => model.forward(x));
    const want = reference(logits.dataSync(), y.dataSync(), 3, w, 0.2);
    const plain = reference(logits.dataSync(), y.dataSync(), 3, [1, 1, 1], 0);
    expect(Math.abs(want - plain)).toBeGreaterThan(1e-2);
    const start = memory().numTensors;
    const { loss } = await trainer.evaluate([[x, y]]);
    expect(loss).toBeCloseTo(want, 6);
    const afterEval = memory().numTensors;
    const seen: number[] = [];
    trainer.on('batchEnd', (e) => seen.push(e.loss));
    await trainer.fit({ train: [[x, y]], epochs: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeCloseTo(want, 6);
    expect([afterEval, memory().numTensors]).toEqual([start, start]);
    // The same loss as a function; a Tensor of weights works too.
    const fn = crossEntropyLoss({ labelSmoothing: 0.2, classWeights: w });
    const l2 = fn(logits, y);
    expect(l2.itemSync()).toBeCloseTo(want, 6);
    expect(() => crossEntropyLoss({ labelSmoothing: 2 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => crossEntropyLoss({ classWeights: [1, -1] })).toThrow(/non-negative/);
    l2.dispose(); logits.dispose(); x.dispose(); y.dispose(); opt.dispose(); model.dispose();
  });
});
