/**
 * Init schemes by their statistics and fan formulas (torch's RNG cannot be matched), each
 * layer's default init bounds, and the metrics on hand-checked examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, tensor, type Tensor } from '@tensorloom/core';
import { useTestBackend } from './helpers/backend.js';
import * as nn from '../src/index.js';
const { init } = nn;

beforeAll(useTestBackend);

function stats(values: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  const v = Array.from(values);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, maxAbs: Math.max(...v.map(Math.abs)) };
}

describe('init', () => {
  it('computes fan in / fan out and gains like torch', () => {
    expect(init.calculateFanInAndFanOut([64, 3, 3, 3])).toEqual({ fanIn: 27, fanOut: 576 });
    expect(init.calculateFanInAndFanOut([10, 20])).toEqual({ fanIn: 20, fanOut: 10 });
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3);
    expect(init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04));
  });

  it('draws xavier / kaiming uniform and normal with the right bounds and std', () => {
    manualSeed(0);
    const shape = [200, 300];
    const xb = Math.sqrt(6 / 500);
    const xu = stats(init.xavierUniform(shape).dataSync());
    expect(xu.maxAbs).toBeLessThanOrEqual(xb);
    expect(xu.std).toBeCloseTo(xb / Math.sqrt(3), 3);
    expect(stats(init.xavierNormal(shape).dataSync()).std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    const kb = Math.sqrt(3) * Math.SQRT2 / Math.sqrt(300);
    const ku = stats(init.kaimingUniform(shape, { nonlinearity: 'relu' }).dataSync());
    expect(ku.maxAbs).toBeLessThanOrEqual(kb);
    expect(ku.std).toBeCloseTo(kb / Math.sqrt(3), 3);
    expect(stats(init.kaimingNormal(shape, { mode: 'fanOut', nonlinearity: 'relu' }).dataSync()).std).toBeCloseTo(Math.SQRT2 / Math.sqrt(200), 3);
  });

  it('makes orthogonal matrices', () => {
    for (const shape of [[5, 5], [3, 6], [6, 3]]) {
      const w = init.orthogonal(shape, 2);
      const g = w.matmul(w.transpose()).dataSync();
      const r = shape[0];
      const small = Math.min(...shape);
      if (r <= shape[1]) for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) expect(g[i * r + j]).toBeCloseTo(i === j ? 4 : 0, 4);
      const gt = w.transpose().matmul(w).dataSync();
      if (r >= shape[1]) for (let i = 0; i < small; i++) expect(gt[i * small + i]).toBeCloseTo(4, 4);
    }
  });

  it('gives each layer PyTorch\'s default init', () => {
    manualSeed(1);
    const fc = new nn.Linear(50, 40);
    expect(stats(fc.weight.value.dataSync()).maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(50));
    expect(stats(fc.weight.value.dataSync()).std).toBeCloseTo(1 / Math.sqrt(50) / Math.sqrt(3), 2);
    expect(stats(fc.bias!.value.dataSync()).maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(50));
    const conv = new nn.Conv2d(4, 8, 3, { groups: 2 });
    expect(stats(conv.weight.value.dataSync()).maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(18));
    const lstm = new nn.LSTM(3, 16);
    for (const p of lstm.parameters()) expect(stats(p.value.dataSync()).maxAbs).toBeLessThanOrEqual(0.25);
    const emb = new nn.Embedding(400, 50, { paddingIdx: 0 });
    expect(stats(emb.weight.value.dataSync()).std).toBeCloseTo(1, 1);
    expect(Array.from(emb.weight.value.dataSync().slice(0, 50)).every((x) => x === 0)).toBe(true);
    const bn = new nn.BatchNorm2d(3);
    expect(bn.weight!.value.arraySync()).toEqual([1, 1, 1]);
    expect(bn.bias!.value.arraySync()).toEqual([0, 0, 0]);
    const mha = new nn.MultiheadAttention(8, 2);
    expect(stats(mha.inProjWeight.value.dataSync()).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 32));
    expect(Array.from(mha.inProjBias!.value.dataSync()).every((x) => x === 0)).toBe(true);
    [fc, conv, lstm, emb, bn, mha].forEach((m) => m.dispose());
  });

  it('in-place variants assign parameters', () => {
    const fc = new nn.Linear(3, 2);
    init.zeros_(fc.bias!);
    init.ones_(fc.weight);
    expect(fc.weight.value.arraySync()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(fc.bias!.value.arraySync()).toEqual([0, 0]);
    fc.dispose();
  });
});

describe('metrics', () => {
  const logits = (): Tensor => tensor([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.3, 0.4, 0.3], [0.1, 0.1, 0.8]]);
  const target = (): Tensor => tensor([1, 0, 1, 2, 2], { dtype: 'int32' });

  it('accuracy and top-k', async () => {
    expect(await nn.accuracy(logits(), target())).toBeCloseTo(3 / 5);
    expect(await nn.accuracy([0, 1, 2], [0, 1, 1])).toBeCloseTo(2 / 3);
    expect(await nn.topKAccuracy(logits(), target(), 2)).toBeCloseTo(4 / 5); // row 3: a tie goes to the lower index
    expect(await nn.topKAccuracy(logits(), target(), 3)).toBe(1);
    expect(await nn.topKAccuracy(logits(), target(), 1)).toBeCloseTo(3 / 5);
  });

  it('confusion matrix, precision, recall, F1', async () => {
    // preds: [1, 0, 2, 1, 2]
    expect(await nn.confusionMatrix(logits(), target(), 3)).toEqual([[1, 0, 0], [0, 1, 1], [0, 1, 1]]);
    const r = await nn.precisionRecallF1(logits(), target(), 3);
    expect(r.precision).toEqual([1, 0.5, 0.5]);
    expect(r.recall).toEqual([1, 0.5, 0.5]);
    expect(r.f1).toEqual([1, 0.5, 0.5]);
    expect(r.macro.f1).toBeCloseTo(2 / 3);
    expect(r.micro.f1).toBeCloseTo(3 / 5);
    expect(r.support).toEqual([1, 2, 2]);
  });
});
