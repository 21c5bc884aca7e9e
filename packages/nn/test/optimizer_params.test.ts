/**
 * Optimizers take Parameters: a PyTorch-style `new SGD([t])` with a plain tensor (or a group of
 * tensors) is refused with an error that says how to make a Parameter, and the advice works.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, randn, tensor, tidy } from '@tensorloom/core';
import * as nn from '../src/index.js';
import { useTestBackend } from './helpers/backend.js';

beforeAll(useTestBackend);

describe('optimizer parameters', () => {
  it('refuses plain tensors and explains Parameter', async () => {
    const t = randn([2]).requiresGrad_();
    for (const make of [() => new nn.SGD([t] as never, { lr: 0.1 }), () => new nn.Adam([{ params: [t] }] as never, { lr: 0.1 })]) {
      expect(make).toThrow(TensorloomError);
      expect(make).toThrow(/optimizers take Parameters, not tensors.*new Parameter\(t\)/);
    }
    expect(() => new nn.SGD([], { lr: 0.1 })).toThrow(/empty parameter list.*inputShape/);
    // The advice: wrap the tensor, use p.value, step.
    const p = new nn.Parameter(tensor([1, -2]));
    const opt = new nn.SGD([p], { lr: 0.5 });
    const loss = tidy(() => p.value.square().sum());
    loss.backward();
    opt.step();
    expect(Array.from(await p.value.data())).toEqual([0, 0]); // x - 0.5 · 2x
    [t, loss, p].forEach((v) => v.dispose());
  });
});
