/**
 * BatchNorm's modes: the cumulative average (momentum null) against a float64 reference, and
 * a frozen BatchNorm (affine parameters all requiresGrad false) that keeps eval behaviour and
 * its running statistics under `train()`, as Keras's non-trainable BatchNormalization does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, noGrad, randn, tidy, type Tensor } from '@tensorloom/core';
import * as nn from '../src/index.js';
import { useTestBackend } from './helpers/backend.js';

beforeAll(useTestBackend);

const host = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

describe('BatchNorm modes', () => {
  it('momentum null: running stats are the cumulative average of the batch statistics (float64 reference)', async () => {
    manualSeed(2);
    const bn = new nn.BatchNorm1d(3, { momentum: null });
    const mean = [0, 0, 0], variance = [1, 1, 1];
    for (let k = 1; k <= 4; k++) {
      const x = randn([5, 3], { mean: k, std: k });
      const v = await host(x);
      for (let c = 0; c < 3; c++) {
        const col = [0, 1, 2, 3, 4].map((i) => v[i * 3 + c]);
        const m = col.reduce((a, b) => a + b, 0) / 5;
        const unbiased = col.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
        mean[c] += (m - mean[c]) / k;
        variance[c] += (unbiased - variance[c]) / k;
      }
      noGrad(() => bn.forward(x)).dispose();
      x.dispose();
    }
    (await host(bn.getBuffer('running_mean'))).forEach((v, c) => expect(v).toBeCloseTo(mean[c], 5));
    (await host(bn.getBuffer('running_var'))).forEach((v, c) => expect(v).toBeCloseTo(variance[c], 4));
    expect(await host(bn.getBuffer('num_batches_tracked'))).toEqual([4]);
    bn.dispose();
  });

  it('a frozen BatchNorm runs in eval mode under train() and keeps its statistics; unfrozen it trains again', async () => {
    manualSeed(4);
    const bn = new nn.BatchNorm2d(2);
    noGrad(() => bn.forward(randn([4, 2, 3, 3], { mean: 2 }))).dispose(); // non-trivial running stats
    const stats = async (): Promise<number[]> => [...await host(bn.getBuffer('running_mean')), ...await host(bn.getBuffer('running_var'))];
    const before = await stats();
    const x = randn([3, 2, 3, 3]);
    bn.eval();
    const evalOut = await host(tidy(() => bn.forward(x)));
    bn.weight!.requiresGrad_(false);
    bn.bias!.requiresGrad_(false);
    bn.train();
    expect(bn.frozen).toBe(true);
    expect(await host(tidy(() => bn.forward(x)))).toEqual(evalOut);
    expect(await stats()).toEqual(before);
    expect(() => bn.forward(randn([1, 2, 1, 1]))).not.toThrow(); // one value per channel is fine in eval behaviour
    bn.weight!.requiresGrad_(true);
    expect(bn.frozen).toBe(false);
    const trainOut = await host(tidy(() => bn.forward(x)));
    expect(trainOut).not.toEqual(evalOut);
    expect(await stats()).not.toEqual(before);
    const plain = new nn.BatchNorm1d(2, { affine: false });
    expect(plain.frozen).toBe(false);
    [x, bn, plain].forEach((t) => t.dispose());
  });
});
