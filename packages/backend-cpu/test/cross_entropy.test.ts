/**
 * Fused softmaxCrossEntropy against a float64 reference written the way torch computes it
 * (nll_loss plus a separate label-smoothing term): class and soft targets, every reduction,
 * label smoothing, class weights, ignoreIndex, class axis first/middle/last, -inf logits,
 * all-ignored batches and out-of-range targets.
 */
import { describe, expect, it } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { softmaxCrossEntropy } from '../src/kernels/softmax_cross_entropy.js';
import { expectClose, randint, randn, rng, size, spec, t, type Info } from './helpers.js';

type Reduction = 'none' | 'mean' | 'sum';

function logSoftmaxAt(x: Info, axis: number): (pos: number, c: number) => number {
  const c = x.shape[axis];
  const inner = size(x.shape.slice(axis + 1));
  return (pos, k) => {
    const o = Math.floor(pos / inner);
    const j = pos % inner;
    const at = (q: number): number => x.data[(o * c + q) * inner + j];
    let m = -Infinity;
    for (let q = 0; q < c; q++) m = Math.max(m, at(q));
    let s = 0;
    for (let q = 0; q < c; q++) s += Math.exp(at(q) - m);
    return at(k) - m - Math.log(s);
  };
}

function refHard(x: Info, target: Info, axis: number, red: Reduction, eps: number, ignore: number | null, w?: Info): number[] {
  const c = x.shape[axis];
  const positions = size(x.shape) / c;
  const lp = logSoftmaxAt(x, axis);
  const wt = (k: number): number => (w ? w.data[k] : 1);
  const nll: number[] = [];
  const smooth: number[] = [];
  let denom = 0;
  for (let i = 0; i < positions; i++) {
    const ti = target.data[i];
    if (ignore !== null && ti === ignore) { nll.push(0); smooth.push(0); continue; }
    nll.push(-wt(ti) * lp(i, ti));
    let s = 0;
    for (let k = 0; k < c; k++) if (wt(k) !== 0) s -= wt(k) * lp(i, k);
    smooth.push(s);
    denom += wt(ti);
  }
  const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
  const term = (n: number, s: number): number => (eps === 0 ? n : (1 - eps) * n + (eps / c) * s);
  if (red === 'none') return nll.map((n, i) => term(n, smooth[i]));
  if (red === 'sum') return [term(sum(nll), sum(smooth))];
  return [term(sum(nll) / denom, sum(smooth) / denom)];
}

function refSoft(x: Info, y: Info, axis: number, red: Reduction, eps: number, w?: Info): number[] {
  const c = x.shape[axis];
  const inner = size(x.shape.slice(axis + 1));
  const positions = size(x.shape) / c;
  const lp = logSoftmaxAt(x, axis);
  const l: number[] = [];
  for (let i = 0; i < positions; i++) {
    const o = Math.floor(i / inner);
    const j = i % inner;
    let s = 0;
    for (let k = 0; k < c; k++) {
      const a = (w ? w.data[k] : 1) * ((1 - eps) * y.data[(o * c + k) * inner + j] + eps / c);
      if (a !== 0) s -= a * lp(i, k);
    }
    l.push(s);
  }
  const total = l.reduce((a, b) => a + b, 0);
  return red === 'none' ? l : red === 'sum' ? [total] : [total / positions];
}

function lossShape(shape: readonly number[], axis: number, red: Reduction): number[] {
  return red === 'none' ? shape.filter((_, i) => i !== axis) : [];
}

const LAYOUTS: Array<{ shape: number[]; axis: number }> = [
  { shape: [6, 5], axis: 1 }, { shape: [3, 4, 5], axis: 1 }, { shape: [2, 3, 4], axis: 2 }, { shape: [4, 3], axis: 0 },
  { shape: [1, 7], axis: 1 },
];

describe('softmaxCrossEntropy with class targets', () => {
  it('matches the torch-style reference for every option combination', () => {
    let seed = 1;
    for (const { shape, axis } of LAYOUTS) {
      const c = shape[axis];
      const tshape = shape.filter((_, i) => i !== axis);
      for (const red of ['none', 'mean', 'sum'] as const) {
        for (const eps of [0, 0.1]) {
          for (const ignore of [null, -100, 1]) {
            for (const withWeight of [false, true]) {
              const x = randn(shape, seed++, -4, 4);
              const tg = randint(tshape, seed++, 0, c);
              if (ignore === -100 && tg.data.length > 1) tg.data[0] = -100;
              const w = withWeight ? randn([c], seed++, 0.2, 2) : undefined;
              const inputs = w ? [x, tg, w] : [x, tg];
              const got = softmaxCrossEntropy(inputs, { axis, reduction: red, labelSmoothing: eps, ignoreIndex: ignore }, spec(lossShape(shape, axis, red)));
              expect(got).toBeInstanceOf(Float32Array);
              expectClose(got, refHard(x, tg, axis, red, eps, ignore, w), 2e-6, 1e-6);
            }
          }
        }
      }
    }
  });

  it('large logits give finite losses; -inf logits contribute only where their coefficient is nonzero', () => {
    const x = t([1e4, -1e4, 0, 0, -Infinity, 1], [2, 3]);
    const tg = t([1, 0], [2], 'int32');
    const none = { axis: 1, reduction: 'none' as const, labelSmoothing: 0, ignoreIndex: null };
    expectClose(softmaxCrossEntropy([x, tg], none, spec([2])), [2e4, Math.log(1 + Math.E)], 1e-6, 0);
    // Target class -inf: infinite loss (as torch).
    expectClose(softmaxCrossEntropy([x, t([0, 1], [2], 'int32')], none, spec([2])), [0, Infinity], 0, 0);
    // Smoothing reaches the -inf class: inf; a zero weight on that class removes the term.
    const sm = { ...none, labelSmoothing: 0.1 };
    expectClose(softmaxCrossEntropy([x, tg], sm, spec([2])).subarray(1), [Infinity], 0, 0);
    const w = t([1, 0, 1], [3]);
    const got = softmaxCrossEntropy([x, t([0, 2], [2], 'int32'), w], sm, spec([2]));
    expect(Number.isFinite(got[1])).toBe(true);
    expectClose(got, refHard(x, t([0, 2], [2], 'int32'), 1, 'none', 0.1, null, w), 1e-6, 1e-6);
  });

  it('mean over an all-ignored batch is NaN (0/0), sum is 0', () => {
    const x = randn([3, 4], 5);
    const tg = t([-100, -100, -100], [3], 'int32');
    const attrs = { axis: 1, labelSmoothing: 0, ignoreIndex: -100 };
    expect(softmaxCrossEntropy([x, tg], { ...attrs, reduction: 'mean' }, spec([]))[0]).toBeNaN();
    expect(softmaxCrossEntropy([x, tg], { ...attrs, reduction: 'sum' }, spec([]))[0]).toBe(0);
    expectClose(softmaxCrossEntropy([x, tg], { ...attrs, reduction: 'none' }, spec([3])), [0, 0, 0], 0, 0);
  });

  it('rejects out-of-range targets that are not ignored', () => {
    const x = randn([2, 3], 6);
    const attrs = { axis: 1, reduction: 'mean' as const, labelSmoothing: 0, ignoreIndex: null };
    expect(() => softmaxCrossEntropy([x, t([0, 3], [2], 'int32')], attrs, spec([]))).toThrow(TensorloomError);
    expect(() => softmaxCrossEntropy([x, t([0, 3], [2], 'int32')], attrs, spec([]))).toThrow(
      'softmaxCrossEntropy: target 3 is out of range for 3 classes; class targets must be in [0, 3)',
    );
    expect(() => softmaxCrossEntropy([x, t([-1, 0], [2], 'int32')], attrs, spec([]))).toThrow('target -1 is out of range');
    expect(() => softmaxCrossEntropy([x, t([-1, 0], [2], 'int32')], { ...attrs, ignoreIndex: -100 }, spec([]))).toThrow('or equal ignoreIndex -100');
    expect(() => softmaxCrossEntropy([x, t([-100, 0], [2], 'int32')], { ...attrs, ignoreIndex: -100 }, spec([]))).not.toThrow();
  });
});

describe('softmaxCrossEntropy with soft targets', () => {
  it('matches the reference for every option combination', () => {
    let seed = 500;
    for (const { shape, axis } of LAYOUTS) {
      const c = shape[axis];
      for (const red of ['none', 'mean', 'sum'] as const) {
        for (const eps of [0, 0.2]) {
          for (const withWeight of [false, true]) {
            const x = randn(shape, seed++, -4, 4);
            // Probabilities along the class axis, with some exact zeros.
            const r = rng(seed++);
            const y = randn(shape, seed++, 0, 1);
            const inner = size(shape.slice(axis + 1));
            const outer = size(shape.slice(0, axis));
            for (let o = 0; o < outer; o++) {
              for (let j = 0; j < inner; j++) {
                let s = 0;
                for (let k = 0; k < c; k++) {
                  const at = (o * c + k) * inner + j;
                  if (r() < 0.3) y.data[at] = 0;
                  s += y.data[at];
                }
                for (let k = 0; k < c; k++) y.data[(o * c + k) * inner + j] /= s || 1;
              }
            }
            const w = withWeight ? randn([c], seed++, 0.2, 2) : undefined;
            const inputs = w ? [x, y, w] : [x, y];
            const got = softmaxCrossEntropy(inputs, { axis, reduction: red, labelSmoothing: eps, ignoreIndex: -100 }, spec(lossShape(shape, axis, red)));
            expectClose(got, refSoft(x, y, axis, red, eps, w), 2e-6, 1e-6);
          }
        }
      }
    }
  });

  it('a one-hot soft target equals the class-target loss; zero-probability -inf classes add nothing', () => {
    const x = randn([4, 5], 7, -3, 3);
    const tg = t([0, 4, 2, 2], [4], 'int32');
    const y = t(Array.from({ length: 20 }, (_, i) => (i % 5 === tg.data[Math.floor(i / 5)] ? 1 : 0)), [4, 5]);
    const attrs = { axis: 1, reduction: 'mean' as const, labelSmoothing: 0, ignoreIndex: null };
    expectClose(softmaxCrossEntropy([x, y], attrs, spec([])), softmaxCrossEntropy([x, tg], attrs, spec([])), 1e-6, 0);
    const xm = t([2, -Infinity, 0], [1, 3]);
    const ym = t([0.5, 0, 0.5], [1, 3]);
    expectClose(softmaxCrossEntropy([xm, ym], { ...attrs, reduction: 'none' }, spec([1])), [-(0.5 * (2 - Math.log(1 + Math.exp(2))) + 0.5 * (0 - Math.log(1 + Math.exp(2)) - 0))], 1e-6, 0);
  });
});
