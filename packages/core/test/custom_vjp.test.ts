/**
 * customVjp: the hand-written rule replaces the forward's own gradient, at first and second order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { customVjp, grad, tensor, sum, mul, exp, floor, add, TensorloomError } from '@tensorloom/core';
import { useToyBackend } from './helpers/use_toy.js';

beforeAll(() => useToyBackend());

describe('customVjp', () => {
  it('a straight-through estimator passes the gradient through round()', () => {
    const roundSte = customVjp((x) => floor(add(x, 0.5)), (g) => [g]);
    const x = tensor([0.2, 1.7, -0.6], { requiresGrad: true });
    const y = roundSte(x);
    expect(Array.from(y.dataSync())).toEqual([0, 2, -1]);
    sum(mul(y, tensor([1, 2, 3]))).backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([1, 2, 3]);
  });
  it('rules written with ops give second derivatives', () => {
    const myExp = customVjp((x) => exp(x), (g, _xs, out) => [mul(g, out)]);
    const d2 = grad(grad((x) => sum(myExp(x))));
    expect(d2(tensor([0.5])).dataSync()[0]).toBeCloseTo(Math.exp(0.5), 5);
  });
  it('rejects a forward that returns its input', () => {
    const bad = customVjp((x) => x, (g) => [g]);
    expect(() => bad(tensor([1]))).toThrow(TensorloomError);
  });
});
