/**
 * Fused softmax and logSoftmax along every axis against float64 references, the torch edge
 * cases ([1000, -1000, 0], -inf entries, all -inf rows, NaN), and sigmoid / softplus.
 */
import { describe, expect, it } from 'vitest';
import { logSoftmax } from '../src/kernels/log_softmax.js';
import { sigmoid } from '../src/kernels/sigmoid.js';
import { softmax } from '../src/kernels/softmax.js';
import { softplus } from '../src/kernels/softplus.js';
import { expectClose, randn, size, spec, t, type Info } from './helpers.js';

function refSoftmax(x: Info, axis: number, log: boolean): number[] {
  const shape = x.shape;
  const outer = size(shape.slice(0, axis));
  const c = shape[axis];
  const inner = size(shape.slice(axis + 1));
  const out = new Array<number>(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const at = (k: number): number => (o * c + k) * inner + j;
      let m = -Infinity;
      for (let k = 0; k < c; k++) m = Math.max(m, x.data[at(k)]);
      let s = 0;
      for (let k = 0; k < c; k++) s += Math.exp(x.data[at(k)] - m);
      for (let k = 0; k < c; k++) out[at(k)] = log ? x.data[at(k)] - m - Math.log(s) : Math.exp(x.data[at(k)] - m) / s;
    }
  }
  return out;
}

describe('softmax / logSoftmax (fused)', () => {
  it('match the float64 reference along every axis', () => {
    for (const shape of [[7], [3, 5], [2, 3, 4], [2, 1, 3, 5], [4, 6, 1]]) {
      const x = randn(shape, shape.length * 7, -20, 20);
      for (let axis = 0; axis < shape.length; axis++) {
        expectClose(softmax([x], { axis }, spec(shape)), refSoftmax(x, axis, false), 1e-6, 1e-7);
        expectClose(logSoftmax([x], { axis }, spec(shape)), refSoftmax(x, axis, true), 1e-6, 1e-6);
      }
    }
  });

  it('[1000, -1000, 0] is stable', () => {
    const x = t([1000, -1000, 0], [3]);
    expectClose(softmax([x], { axis: 0 }, spec([3])), [1, 0, 0], 0, 0);
    expectClose(logSoftmax([x], { axis: 0 }, spec([3])), [0, -2000, -1000], 1e-7, 0);
  });

  it('-inf entries give 0 / -inf; an all -inf row gives NaN (as torch); NaN spreads over its row', () => {
    const x = t([0, -Infinity, 0, -Infinity, -Infinity, -Infinity, 1, NaN, 2], [3, 3]);
    expectClose(softmax([x], { axis: 1 }, spec([3, 3])), [0.5, 0, 0.5, NaN, NaN, NaN, NaN, NaN, NaN], 1e-7, 0);
    expectClose(logSoftmax([x], { axis: 1 }, spec([3, 3])), [-Math.LN2, -Infinity, -Math.LN2, NaN, NaN, NaN, NaN, NaN, NaN], 1e-7, 0);
    // The same along a non-last axis (the vectorised path).
    const xt = t([0, -Infinity, 1, -Infinity, -Infinity, NaN, 0, -Infinity, 2], [3, 3]);
    expectClose(softmax([xt], { axis: 0 }, spec([3, 3])), [0.5, NaN, NaN, 0, NaN, NaN, 0.5, NaN, NaN], 1e-7, 0);
    expectClose(logSoftmax([xt], { axis: 0 }, spec([3, 3])), [-Math.LN2, NaN, NaN, -Infinity, NaN, NaN, -Math.LN2, NaN, NaN], 1e-7, 0);
  });

  it('masked logits of -1e9 and huge rows stay finite; size-1 and empty axes', () => {
    const x = t([3, -1e9, 1, 1e30, -1e30, 1e30], [2, 3]);
    const p = softmax([x], { axis: 1 }, spec([2, 3]));
    expectClose(p, [1 / (1 + Math.exp(-2)), 0, Math.exp(-2) / (1 + Math.exp(-2)), 0.5, 0, 0.5], 1e-6, 0);
    expectClose(softmax([t([5, -3], [2, 1])], { axis: 1 }, spec([2, 1])), [1, 1], 0, 0);
    expectClose(logSoftmax([t([5, -3], [2, 1])], { axis: 1 }, spec([2, 1])), [0, 0], 0, 0);
    expect(softmax([t([], [2, 0])], { axis: 1 }, spec([2, 0])).length).toBe(0);
  });

  it('rows sum to 1 on long rows', () => {
    const x = randn([3, 10000], 9, -30, 30);
    const p = softmax([x], { axis: 1 }, spec([3, 10000]));
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let k = 0; k < 10000; k++) s += p[r * 10000 + k];
      expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    }
  });
});

describe('sigmoid / softplus (fused)', () => {
  it('sigmoid is stable and exact at the extremes', () => {
    const x = randn([200], 5, -40, 40);
    const want = Array.from(x.data, (v) => 1 / (1 + Math.exp(-v)));
    expectClose(sigmoid([x], {}, spec([200])), want, 2e-7, 0);
    expectClose(sigmoid([t([0, 1000, -1000, Infinity, -Infinity, NaN, -100], [7])], {}, spec([7])), [0.5, 1, 0, 1, 0, NaN, Math.fround(Math.exp(-100))], 1e-6, 0);
  });

  it('softplus follows torch: linear above the threshold, log1p(exp) below', () => {
    const x = randn([200], 6, -30, 30);
    for (const [beta, threshold] of [[1, 20], [2, 5], [0.5, 10]]) {
      const got = softplus([x], { beta, threshold }, spec([200]));
      const want = Array.from(x.data, (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(beta * v)) / beta));
      expectClose(got, want.map(Math.fround), 1e-7, 0);
    }
    expectClose(softplus([t([-100, 0, 25, Infinity, -Infinity, NaN], [6])], { beta: 1, threshold: 20 }, spec([6])),
      [Math.fround(Math.exp(-100)), Math.LN2, 25, Infinity, 0, NaN], 1e-6, 0);
  });
});
