/**
 * Broadcasting binary kernels and where against a float64 reference over multi-indices:
 * same shape, scalars, [N,C]+[C], column and middle-axis broadcasts, rank extension,
 * empty outputs, int32 wrapping, NaN/±inf rules, comparisons and logical ops.
 */
import { describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '@tensorloom/core';
import {
  add, div, equal, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, maximum, minimum, mul, pow, sub,
} from '../src/kernels/binary.js';
import { where } from '../src/kernels/where.js';
import { bcastOffset, bshape, expectClose, expectExact, randint, randn, size, spec, t, unravel, type Info, type PlainKernel } from './helpers.js';

type Binary = PlainKernel;

/** The float64 reference of a broadcasting binary op, rounded into `dtype`'s array. */
function reference(a: Info, b: Info, dtype: DType, f: (x: number, y: number) => number): TypedArray {
  const shape = bshape(a.shape, b.shape);
  const n = size(shape);
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    out[i] = f(a.data[bcastOffset(idx, a.shape)], b.data[bcastOffset(idx, b.shape)]);
  }
  return out;
}

const SHAPES: Array<[number[], number[]]> = [
  [[3, 4], [3, 4]], [[3, 4], []], [[], [3, 4]], [[1], [5]], [[6, 5], [5]], [[6, 5], [6, 1]],
  [[2, 3, 4], [3, 1]], [[2, 1, 4], [1, 3, 1]], [[4, 1, 3, 1], [2, 1, 5]], [[2, 3, 1, 5], [2, 3, 7, 5]],
  [[0, 3], [3]], [[2, 0], [1]], [[1, 1], [1, 1, 1]], [[5, 1, 1], [1, 1]],
];

function check(
  kernel: Binary, f: (x: number, y: number) => number, dtype: DType, outDtype: DType, seed: number, lo = -3,
): void {
  SHAPES.forEach(([sa, sb], k) => {
    const a = dtype === 'float32' ? randn(sa, seed + k, lo, 3) : randint(sa, seed + k, -9, 10);
    const b = dtype === 'float32' ? randn(sb, seed + 100 + k, -3, 3) : randint(sb, seed + 100 + k, -9, 10);
    if (dtype === 'bool') {
      a.data.forEach((v, i) => { a.data[i] = v > 0 ? 1 : 0; });
      b.data.forEach((v, i) => { b.data[i] = v > 0 ? 1 : 0; });
    }
    const ai: Info = { ...a, dtype };
    const bi: Info = { ...b, dtype };
    const ad = dtype === 'bool' ? Uint8Array.from(a.data) : a.data;
    const bd = dtype === 'bool' ? Uint8Array.from(b.data) : b.data;
    const shape = bshape(sa, sb);
    const got = kernel([{ ...ai, data: ad }, { ...bi, data: bd }], {}, spec(shape, outDtype));
    const want = reference({ ...ai, data: ad }, { ...bi, data: bd }, outDtype, f);
    expect(got.constructor).toBe(want.constructor);
    expectExact(got, want);
  });
}

describe('arithmetic with broadcasting', () => {
  it('add/sub/mul/div/maximum/minimum float32', () => {
    check(add, (x, y) => x + y, 'float32', 'float32', 1);
    check(sub, (x, y) => x - y, 'float32', 'float32', 2);
    check(mul, (x, y) => x * y, 'float32', 'float32', 3);
    check(div, (x, y) => x / y, 'float32', 'float32', 4);
    check(maximum, (x, y) => Math.max(x, y), 'float32', 'float32', 5);
    check(minimum, (x, y) => Math.min(x, y), 'float32', 'float32', 6);
    check(pow, (x, y) => Math.pow(x, y), 'float32', 'float32', 7, 0);
  });

  it('int32 add/sub/mul/maximum/minimum/pow', () => {
    check(add, (x, y) => x + y, 'int32', 'int32', 11);
    check(sub, (x, y) => x - y, 'int32', 'int32', 12);
    check(mul, (x, y) => x * y, 'int32', 'int32', 13);
    check(maximum, (x, y) => Math.max(x, y), 'int32', 'int32', 14);
    check(minimum, (x, y) => Math.min(x, y), 'int32', 'int32', 15);
    check(pow, (x, y) => (y < 0 ? (x === 1 ? 1 : x === -1 ? (y % 2 === 0 ? 1 : -1) : 0) : x ** y), 'int32', 'int32', 16);
  });

  it('int32 wraps modulo 2^32 like int32 arithmetic', () => {
    const sp = spec([3], 'int32');
    const big = t([2147483647, -2147483648, 65536], [3], 'int32');
    expectExact(add([big, t([1, -1, 0], [3], 'int32')], {}, sp), [-2147483648, 2147483647, 65536]);
    expectExact(sub([big, t([-1, 1, 0], [3], 'int32')], {}, sp), [-2147483648, 2147483647, 65536]);
    expectExact(mul([big, t([2, 2, 65536], [3], 'int32')], {}, sp), [-2, 0, 0]);
    expectExact(mul([t([123456789], [1], 'int32'), t([987654321], [1], 'int32')], {}, spec([1], 'int32')), [Math.imul(123456789, 987654321)]);
  });

  it('float32 products and sums are rounded once from float64', () => {
    const a = randn([1000], 21, -1e3, 1e3);
    const b = randn([1000], 22, -1e3, 1e3);
    const got = mul([a, b], {}, spec([1000]));
    for (let i = 0; i < 1000; i++) expect(got[i]).toBe(Math.fround(a.data[i] * b.data[i]));
  });

  it('maximum/minimum propagate NaN from either side', () => {
    const a = t([NaN, 1, NaN, -Infinity, 2], [5]);
    const b = t([1, NaN, NaN, 3, Infinity], [5]);
    expectExact(maximum([a, b], {}, spec([5])), [NaN, NaN, NaN, 3, Infinity]);
    expectExact(minimum([a, b], {}, spec([5])), [NaN, NaN, NaN, -Infinity, 2]);
  });

  it('div by zero gives ±inf and NaN', () => {
    expectExact(div([t([1, -1, 0], [3]), t([0], [])], {}, spec([3])), [Infinity, -Infinity, NaN]);
  });

  it('pow float32 follows C pow: pow(1, NaN) = 1, pow(-1, ±inf) = 1, pow(x, 0) = 1', () => {
    const a = t([1, -1, -1, NaN, 2, -8, 0, 4], [8]);
    const b = t([NaN, Infinity, -Infinity, 0, 0.5, 1 / 3, -1, -0.5], [8]);
    const got = pow([a, b], {}, spec([8]));
    expectClose(got, [1, 1, 1, 1, Math.fround(Math.SQRT2), NaN, Infinity, 0.5], 1e-7, 0);
  });

  it('pow int32 is exact integer power with wrapping; negative exponents truncate', () => {
    const a = t([2, 3, -2, 7, 2, 1, -1, -1, 5, 0], [10], 'int32');
    const b = t([10, 0, 3, 11, 31, -3, -3, -2, -1, 0], [10], 'int32');
    const got = pow([a, b], {}, spec([10], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [1024, 1, -8, 1977326743, -2147483648, 1, -1, 1, 0, 1]);
    const w = pow([t([3], [1], 'int32'), t([40], [1], 'int32')], {}, spec([1], 'int32'));
    let r = 1;
    for (let i = 0; i < 40; i++) r = Math.imul(r, 3);
    expectExact(w, [r]);
  });
});

describe('comparisons and logical ops', () => {
  it('float32 and int32 comparisons give bool with broadcasting', () => {
    for (const dtype of ['float32', 'int32'] as const) {
      check(equal, (x, y) => (x === y ? 1 : 0), dtype, 'bool', 31);
      check(less, (x, y) => (x < y ? 1 : 0), dtype, 'bool', 32);
      check(lessEqual, (x, y) => (x <= y ? 1 : 0), dtype, 'bool', 33);
      check(greater, (x, y) => (x > y ? 1 : 0), dtype, 'bool', 34);
      check(greaterEqual, (x, y) => (x >= y ? 1 : 0), dtype, 'bool', 35);
    }
  });

  it('NaN compares false, ±inf compare normally', () => {
    const a = t([NaN, NaN, Infinity, -Infinity], [4]);
    const b = t([NaN, 1, Infinity, 0], [4]);
    expectExact(equal([a, b], {}, spec([4], 'bool')), [0, 0, 1, 0]);
    expectExact(less([a, b], {}, spec([4], 'bool')), [0, 0, 0, 1]);
    expectExact(greaterEqual([a, b], {}, spec([4], 'bool')), [0, 0, 1, 0]);
  });

  it('logicalAnd/logicalOr on bools, and comparisons of bools', () => {
    check(logicalAnd, (x, y) => (x && y ? 1 : 0), 'bool', 'bool', 41);
    check(logicalOr, (x, y) => (x || y ? 1 : 0), 'bool', 'bool', 42);
    check(equal, (x, y) => (x === y ? 1 : 0), 'bool', 'bool', 43);
    check(less, (x, y) => (x < y ? 1 : 0), 'bool', 'bool', 44);
  });
});

describe('where', () => {
  it('broadcasts condition, a and b', () => {
    const cases: Array<[number[], number[], number[]]> = [
      [[3, 4], [3, 4], [3, 4]], [[4], [3, 4], []], [[3, 1], [1, 4], [3, 4]], [[2, 1, 5], [3, 1], [1]],
      [[], [2, 2], [2, 2]], [[0, 2], [2], []],
    ];
    cases.forEach(([sc, sa, sb], k) => {
      const c = randint(sc, 50 + k, 0, 2);
      const cond: Info = { data: Uint8Array.from(c.data), shape: sc, dtype: 'bool' };
      const a = randn(sa, 60 + k);
      const b = randn(sb, 70 + k);
      const shape = bshape(sc, sa, sb);
      const got = where([cond, a, b], {}, spec(shape));
      const want = new Float32Array(size(shape));
      for (let i = 0; i < want.length; i++) {
        const idx = unravel(i, shape);
        want[i] = cond.data[bcastOffset(idx, sc)] ? a.data[bcastOffset(idx, sa)] : b.data[bcastOffset(idx, sb)];
      }
      expectExact(got, want);
    });
  });

  it('works for int32 and bool values', () => {
    const cond = t([1, 0, 1], [3], 'bool');
    expectExact(where([cond, t([1, 2, 3], [3], 'int32'), t([-1], [], 'int32')], {}, spec([3], 'int32')), [1, -1, 3]);
    const got = where([cond, t([0, 0, 0], [3], 'bool'), t([1], [], 'bool')], {}, spec([3], 'bool'));
    expect(got).toBeInstanceOf(Uint8Array);
    expectExact(got, [0, 1, 0]);
  });
});
