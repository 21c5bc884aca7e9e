/**
 * Movement kernels against multi-index references: reshape and expand sharing storage,
 * transpose over every permutation (incl. tiled 2-D swaps), slice, pad, concat, expand,
 * gather/scatterAdd along every axis with round trips, repeats and bounds errors.
 */
import { describe, expect, it } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { concat } from '../src/kernels/concat.js';
import { expand } from '../src/kernels/expand.js';
import { gather } from '../src/kernels/gather.js';
import { pad } from '../src/kernels/pad.js';
import { reshape } from '../src/kernels/reshape.js';
import { scatterAdd } from '../src/kernels/scatter_add.js';
import { slice } from '../src/kernels/slice.js';
import { transpose } from '../src/kernels/transpose.js';
import { bcastOffset, expectExact, randint, randn, size, spec, strides, t, unravel, type Info } from './helpers.js';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

function at(x: Info, idx: readonly number[]): number {
  const s = strides(x.shape);
  return x.data[idx.reduce((a, v, d) => a + v * s[d], 0)];
}

describe('reshape / expand share storage when nothing changes', () => {
  it('reshape returns the input data', () => {
    const x = randn([2, 3], 1);
    expect(reshape([x], { shape: [3, 2] }, spec([3, 2]))).toBe(x.data);
  });
  it('expand to the same shape returns the input data', () => {
    const x = randn([2, 3], 1);
    expect(expand([x], { shape: [2, 3] }, spec([2, 3]))).toBe(x.data);
  });
});

describe('transpose', () => {
  it('matches the reference for every permutation of ranks 1-4', () => {
    const shapes = [[5], [3, 4], [2, 3, 4], [2, 1, 3, 5], [40, 37], [3, 33, 70]];
    shapes.forEach((shape, k) => {
      const x = randn(shape, 10 + k);
      for (const perm of permutations(shape.length)) {
        const os = perm.map((p) => shape[p]);
        const got = transpose([x], { perm }, spec(os));
        const want = new Float32Array(size(os));
        for (let i = 0; i < want.length; i++) {
          const oi = unravel(i, os);
          const xi = new Array<number>(shape.length);
          perm.forEach((p, d) => { xi[p] = oi[d]; });
          want[i] = at(x, xi);
        }
        expectExact(got, want);
      }
    });
  });

  it('keeps int32 and bool dtypes; empty stays empty', () => {
    const xi = t([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const got = transpose([xi], { perm: [1, 0] }, spec([3, 2], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [1, 4, 2, 5, 3, 6]);
    expectExact(transpose([t([1, 0, 0, 1], [2, 2], 'bool')], { perm: [1, 0] }, spec([2, 2], 'bool')), [1, 0, 0, 1]);
    expect(transpose([t([], [0, 3])], { perm: [1, 0] }, spec([3, 0])).length).toBe(0);
  });
});

describe('slice', () => {
  it('matches the reference for assorted windows', () => {
    const x = randn([4, 5, 6], 3);
    const cases: Array<[number[], number[]]> = [
      [[0, 0, 0], [4, 5, 6]], [[1, 2, 3], [2, 3, 3]], [[3, 0, 0], [1, 5, 6]], [[0, 4, 1], [4, 1, 5]],
      [[2, 1, 0], [0, 2, 6]], [[0, 0, 5], [4, 5, 1]],
    ];
    for (const [begin, sz] of cases) {
      const got = slice([x], { begin, size: sz }, spec(sz));
      const want = Array.from({ length: size(sz) }, (_, i) => at(x, unravel(i, sz).map((v, d) => v + begin[d])));
      expectExact(got, want);
    }
    expectExact(slice([t([7], [])], { begin: [], size: [] }, spec([])), [7]);
    expectExact(slice([t([1, 2, 3, 4], [4], 'int32')], { begin: [1], size: [2] }, spec([2], 'int32')), [2, 3]);
  });
});

describe('pad', () => {
  it('pads with a constant on both sides of every dim', () => {
    const x = randn([2, 3, 4], 4);
    const pads: Array<[number, number]> = [[1, 0], [0, 2], [3, 1]];
    const os = x.shape.map((d, i) => d + pads[i][0] + pads[i][1]);
    const got = pad([x], { pads, value: -7.5 }, spec(os));
    const want = Array.from({ length: size(os) }, (_, i) => {
      const idx = unravel(i, os).map((v, d) => v - pads[d][0]);
      return idx.every((v, d) => v >= 0 && v < x.shape[d]) ? at(x, idx) : -7.5;
    });
    expectExact(got, want);
  });

  it('handles zero pads, empty inputs, -inf values and int32', () => {
    const x = randn([3, 2], 5);
    expectExact(pad([x], { pads: [[0, 0], [0, 0]], value: 1 }, spec([3, 2])), x.data);
    expectExact(pad([t([], [0, 2])], { pads: [[1, 1], [0, 0]], value: -Infinity }, spec([2, 2])), [-Infinity, -Infinity, -Infinity, -Infinity]);
    const got = pad([t([1, 2], [2], 'int32')], { pads: [[2, 1]], value: 9 }, spec([5], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [9, 9, 1, 2, 9]);
  });
});

describe('concat', () => {
  it('joins along each axis, incl. empty parts', () => {
    for (let axis = 0; axis < 3; axis++) {
      const shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]].map((s, k) => s.map((d, i) => (i === axis ? [1, 0, 5][k] : d)));
      const xs = shapes.map((s, k) => randn(s, 20 + k));
      const os = shapes[0].map((d, i) => (i === axis ? shapes.reduce((a, s) => a + s[axis], 0) : d));
      const got = concat(xs, { axis }, spec(os));
      const want = Array.from({ length: size(os) }, (_, i) => {
        const idx = unravel(i, os);
        let k = 0;
        let v = idx[axis];
        while (v >= shapes[k][axis]) v -= shapes[k++][axis];
        return at(xs[k], idx.map((q, d) => (d === axis ? v : q)));
      });
      expectExact(got, want);
    }
  });

  it('int32 and bool, long rows', () => {
    const a = randint([3, 40], 1, -5, 5);
    const b = randint([3, 2], 2, -5, 5);
    const got = concat([a, b], { axis: 1 }, spec([3, 42], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got.subarray(40, 44), [b.data[0], b.data[1], a.data[40], a.data[41]]);
    expectExact(concat([t([1], [1], 'bool'), t([0, 1], [2], 'bool')], { axis: 0 }, spec([3], 'bool')), [1, 0, 1]);
  });
});

describe('expand', () => {
  it('broadcasts to larger shapes, adding leading dims', () => {
    const cases: Array<[number[], number[]]> = [[[3], [2, 3]], [[2, 1], [2, 5]], [[1, 3, 1], [4, 2, 3, 20]], [[], [3, 2]], [[1], [0]], [[5, 1], [2, 5, 40]]];
    cases.forEach(([from, to], k) => {
      const x = randn(from, 30 + k);
      const got = expand([x], { shape: to }, spec(to));
      const want = Array.from({ length: size(to) }, (_, i) => x.data[bcastOffset(unravel(i, to), from)]);
      expectExact(got, want);
    });
  });
});

describe('gather / scatterAdd', () => {
  it('gather along every axis with multi-dim indices matches the reference', () => {
    const x = randn([4, 5, 6], 40);
    for (let axis = 0; axis < 3; axis++) {
      const idx = randint([2, 3], 41 + axis, 0, x.shape[axis]);
      const os = [...x.shape.slice(0, axis), 2, 3, ...x.shape.slice(axis + 1)];
      const got = gather([x, idx], { axis }, spec(os));
      const want = Array.from({ length: size(os) }, (_, i) => {
        const o = unravel(i, os);
        const j = idx.data[o[axis] * 3 + o[axis + 1]];
        return at(x, [...o.slice(0, axis), j, ...o.slice(axis + 2)]);
      });
      expectExact(got, want);
    }
  });

  it('gather with scalar and empty indices, int32 data, long rows', () => {
    const x = randn([3, 50], 42);
    expectExact(gather([x, t([2], [], 'int32')], { axis: 0 }, spec([50])), x.data.subarray(100, 150));
    expect(gather([x, t([], [0], 'int32')], { axis: 0 }, spec([0, 50])).length).toBe(0);
    const e = t([10, 20, 30], [3], 'int32');
    const got = gather([e, t([2, 2, 0], [3], 'int32')], { axis: 0 }, spec([3], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [30, 30, 10]);
  });

  it('gather and scatterAdd reject out-of-range and negative indices', () => {
    const x = randn([5, 2], 43);
    const bad = (v: number): Info => t([0, v], [2], 'int32');
    expect(() => gather([x, bad(7)], { axis: 0 }, spec([2, 2]))).toThrow(TensorloomError);
    expect(() => gather([x, bad(7)], { axis: 0 }, spec([2, 2]))).toThrow(
      'gather: index 7 is out of range for axis 0 of size 5; indices must be in [0, 5)',
    );
    expect(() => gather([x, bad(-1)], { axis: 0 }, spec([2, 2]))).toThrow('index -1 is out of range');
    expect(() => gather([x, bad(2)], { axis: 1 }, spec([5, 2]))).toThrow('axis 1 of size 2');
    const u = randn([2, 2], 44);
    expect(() => scatterAdd([x, bad(5), u], { axis: 0 }, spec([5, 2]))).toThrow(
      'scatterAdd: index 5 is out of range for axis 0 of size 5; indices must be in [0, 5)',
    );
    expect(() => scatterAdd([x, bad(-3), u], { axis: 0 }, spec([5, 2]))).toThrow(TensorloomError);
  });

  it('scatterAdd accumulates repeated indices along every axis', () => {
    const x = randn([3, 4, 5], 50);
    for (let axis = 0; axis < 3; axis++) {
      const idx = randint([2, 3], 51 + axis, 0, x.shape[axis]);
      const us = [...x.shape.slice(0, axis), 2, 3, ...x.shape.slice(axis + 1)];
      const u = randn(us, 60 + axis);
      const got = scatterAdd([x, idx, u], { axis }, spec(x.shape));
      const want = Float64Array.from(x.data);
      const xs = strides(x.shape);
      for (let i = 0; i < u.data.length; i++) {
        const o = unravel(i, us);
        const j = idx.data[o[axis] * 3 + o[axis + 1]];
        const target = [...o.slice(0, axis), j, ...o.slice(axis + 2)];
        want[target.reduce((a, v, d) => a + v * xs[d], 0)] += u.data[i];
      }
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
      expect(x.data).toEqual(randn([3, 4, 5], 50).data); // x is not modified
    }
  });

  it('round trip: scatterAdd of ones counts index occurrences; gather after scatter into zeros', () => {
    const idx = t([0, 2, 2, 4, 2], [5], 'int32');
    const counts = scatterAdd([t([0, 0, 0, 0, 0], [5]), idx, t([1, 1, 1, 1, 1], [5])], { axis: 0 }, spec([5]));
    expectExact(counts, [1, 0, 3, 0, 1]);
    const emb = randn([6, 3], 70);
    const perm = t([3, 0, 5, 1], [4], 'int32');
    const rows = gather([emb, perm], { axis: 0 }, spec([4, 3]));
    const back = scatterAdd([t(new Array(18).fill(0), [6, 3]), perm, { data: rows, shape: [4, 3], dtype: 'float32' }], { axis: 0 }, spec([6, 3]));
    for (const r of [3, 0, 5, 1]) expectExact(back.subarray(r * 3, r * 3 + 3), emb.data.subarray(r * 3, r * 3 + 3));
    for (const r of [2, 4]) expectExact(back.subarray(r * 3, r * 3 + 3), [0, 0, 0]);
    const ints = scatterAdd([t([1, 1], [2], 'int32'), t([1, 1, 1], [3], 'int32'), t([5, 6, 7], [3], 'int32')], { axis: 0 }, spec([2], 'int32'));
    expect(ints).toBeInstanceOf(Int32Array);
    expectExact(ints, [1, 19]);
  });
});
