/**
 * Reductions (sum, max, argmax, argmin) and the fused logsumexp against float64 references
 * over every axis subset of a few shapes, plus precision, int32, NaN/±inf and empty cases.
 */
import { describe, expect, it } from 'vitest';
import { argmax } from '../src/kernels/argmax.js';
import { argmin } from '../src/kernels/argmin.js';
import { logsumexp } from '../src/kernels/logsumexp.js';
import { max } from '../src/kernels/max.js';
import { sum } from '../src/kernels/sum.js';
import { expectClose, expectExact, randint, randn, size, spec, t, unravel, type Info } from './helpers.js';

function subsets(rank: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << rank; mask++) out.push([...Array(rank).keys()].filter((d) => mask & (1 << d)));
  return out;
}

function outShape(shape: readonly number[], axes: number[], keepDims: boolean): number[] {
  return shape.flatMap((d, i) => (axes.includes(i) ? (keepDims ? [1] : []) : [d]));
}

/** Groups the elements of x by output position (reduced axes dropped). */
function groups(x: Info, axes: number[]): number[][] {
  const oshape = outShape(x.shape, axes, true);
  const g: number[][] = Array.from({ length: size(oshape) }, () => []);
  const ostr = oshape.map((_, i) => size(oshape.slice(i + 1)));
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    let o = 0;
    idx.forEach((v, d) => { if (!axes.includes(d)) o += v * ostr[d]; });
    g[o].push(x.data[i]);
  }
  return g;
}

const SHAPES = [[5], [3, 4], [2, 3, 4], [2, 1, 3, 5], [4, 3, 1, 2]];

describe('sum', () => {
  it('matches a float64 reference for every axis subset, keepDims or not', () => {
    SHAPES.forEach((shape, k) => {
      const x = randn(shape, 10 + k);
      for (const axes of subsets(shape.length)) {
        for (const keepDims of [false, true]) {
          const got = sum([x], { axes, keepDims }, spec(outShape(shape, axes, keepDims)));
          const want = groups(x, axes).map((g) => g.reduce((a, b) => a + b, 0));
          expectClose(got, want, 1e-6, 1e-6);
        }
      }
    });
  });

  it('accumulates in float64: 1e6 copies of 0.1 sum to 100000 within float32 rounding', () => {
    const x: Info = { data: new Float32Array(1_000_000).fill(0.1), shape: [1_000_000], dtype: 'float32' };
    const got = sum([x], { axes: [0], keepDims: false }, spec([]));
    expect(got[0]).toBe(Math.fround(1_000_000 * Math.fround(0.1)));
  });

  it('int32 sums stay int32 (and wrap); empty axes give 0; NaN and inf propagate', () => {
    const xi = randint([3, 5], 3, -100, 100);
    const got = sum([xi], { axes: [1], keepDims: false }, spec([3], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, groups(xi, [1]).map((g) => g.reduce((a, b) => a + b, 0)));
    expectExact(sum([t([2147483647, 1], [2], 'int32')], { axes: [0], keepDims: false }, spec([], 'int32')), [-2147483648]);
    expectExact(sum([t([], [3, 0])], { axes: [1], keepDims: false }, spec([3])), [0, 0, 0]);
    expectExact(sum([t([], [0, 3])], { axes: [1], keepDims: false }, spec([0])), []);
    expectExact(sum([t([1, NaN, Infinity, 1, -Infinity, Infinity], [3, 2])], { axes: [1], keepDims: false }, spec([3])), [NaN, Infinity, NaN]);
  });
});

describe('max', () => {
  it('matches the reference for every axis subset', () => {
    SHAPES.forEach((shape, k) => {
      const x = randn(shape, 20 + k);
      for (const axes of subsets(shape.length)) {
        const got = max([x], { axes, keepDims: false }, spec(outShape(shape, axes, false)));
        expectExact(got, groups(x, axes).map((g) => Math.max(...g)));
      }
    });
  });

  it('propagates NaN along both inner and outer reductions; int32 works', () => {
    const x = t([1, NaN, 3, 4, -Infinity, 6], [2, 3]);
    expectExact(max([x], { axes: [1], keepDims: true }, spec([2, 1])), [NaN, 6]);
    expectExact(max([x], { axes: [0], keepDims: false }, spec([3])), [4, NaN, 6]);
    expectExact(max([t([NaN, 1, 2], [3])], { axes: [0], keepDims: false }, spec([])), [NaN]);
    expectExact(max([t([-Infinity, -Infinity], [2])], { axes: [0], keepDims: false }, spec([])), [-Infinity]);
    const xi = t([-5, -9, -2, -7], [2, 2], 'int32');
    const got = max([xi], { axes: [1], keepDims: false }, spec([2], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [-5, -2]);
  });
});

describe('argmax / argmin', () => {
  function refArg(x: Info, axis: number, better: (a: number, b: number) => boolean): number[] {
    const shape = x.shape;
    const outer = size(shape.slice(0, axis));
    const n = shape[axis];
    const inner = size(shape.slice(axis + 1));
    const out: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        let bi = 0;
        let bv = x.data[o * n * inner + j];
        for (let r = 1; r < n; r++) {
          const v = x.data[(o * n + r) * inner + j];
          if (Number.isNaN(bv)) break;
          if (Number.isNaN(v) || better(v, bv)) { bi = r; bv = v; }
        }
        out.push(bi);
      }
    }
    return out;
  }

  it('matches a reference along every axis (int32 output)', () => {
    SHAPES.forEach((shape, k) => {
      const x = randint(shape, 30 + k, 0, 4); // many ties
      const xf: Info = { ...x, data: Float32Array.from(x.data), dtype: 'float32' };
      for (let axis = 0; axis < shape.length; axis++) {
        const os = outShape(shape, [axis], false);
        const a = argmax([xf], { axis, keepDims: false }, spec(os, 'int32'));
        expect(a).toBeInstanceOf(Int32Array);
        expectExact(a, refArg(xf, axis, (p, q) => p > q));
        expectExact(argmin([xf], { axis, keepDims: true }, spec(outShape(shape, [axis], true), 'int32')), refArg(xf, axis, (p, q) => p < q));
        expectExact(argmax([x], { axis, keepDims: false }, spec(os, 'int32')), refArg(x, axis, (p, q) => p > q));
      }
    });
  });

  it('first index on ties; the first NaN wins; ±inf', () => {
    const x = t([1, 3, 3, 0, 2, NaN, 5, NaN, -Infinity, -Infinity, Infinity, Infinity], [3, 4]);
    expectExact(argmax([x], { axis: 1, keepDims: false }, spec([3], 'int32')), [1, 1, 2]);
    expectExact(argmin([x], { axis: 1, keepDims: false }, spec([3], 'int32')), [3, 1, 0]);
    expectExact(argmax([t([NaN, 1], [2])], { axis: 0, keepDims: false }, spec([], 'int32')), [0]);
    expectExact(argmin([x], { axis: 0, keepDims: false }, spec([4], 'int32')), [2, 1, 0, 1]);
  });
});

describe('logsumexp (fused)', () => {
  function ref(g: number[]): number {
    const m = Math.max(...g);
    const shift = Number.isFinite(m) ? m : 0;
    return Math.log(g.reduce((a, v) => a + Math.exp(v - shift), 0)) + shift;
  }

  it('matches the float64 reference for every axis subset', () => {
    SHAPES.forEach((shape, k) => {
      const x = randn(shape, 40 + k, -50, 50);
      for (const axes of subsets(shape.length)) {
        const got = logsumexp([x], { axes, keepDims: false }, spec(outShape(shape, axes, false)));
        expectClose(got, groups(x, axes).map(ref), 1e-6, 1e-6);
      }
    });
  });

  it('is stable for large logits and follows torch on ±inf, NaN and empty groups', () => {
    const x = t([1000, -1000, 0, -Infinity, -Infinity, -Infinity, Infinity, 0, 1, NaN, 0, 1], [4, 3]);
    const got = logsumexp([x], { axes: [1], keepDims: false }, spec([4]));
    expectClose(got, [1000, -Infinity, Infinity, NaN], 1e-7, 0);
    expectExact(logsumexp([t([], [2, 0])], { axes: [1], keepDims: false }, spec([2])), [-Infinity, -Infinity]);
    expectClose(logsumexp([t([-Infinity, 0], [2])], { axes: [0], keepDims: true }, spec([1])), [0], 0, 0);
  });
});
