/**
 * matmul against a naive float64 reference on random inputs: every transpose combination,
 * batch broadcasting either way, shapes that are not multiples of the register tile or the
 * blocks (incl. the long-k blocked path and the small-M path), empty dims, int32 wrapping.
 */
import { describe, expect, it } from 'vitest';
import { matmul } from '../src/kernels/matmul.js';
import { gemmNT } from '../src/kernels/util/gemm.js';
import { expectExact, randint, randn, spec, t, type Info } from './helpers.js';

/** Naive float64 reference; returns the values and a per-element error scale Σ|a||b|. */
function reference(a: Info, b: Info, ta: boolean, tb: boolean): { c: Float64Array; scale: Float64Array; shape: number[] } {
  const [ba] = a.shape;
  const [bb] = b.shape;
  const m = ta ? a.shape[2] : a.shape[1];
  const k = ta ? a.shape[1] : a.shape[2];
  const n = tb ? b.shape[1] : b.shape[2];
  const bo = Math.max(ba, bb);
  const c = new Float64Array(bo * m * n);
  const scale = new Float64Array(bo * m * n);
  for (let q = 0; q < bo; q++) {
    const qa = ba === 1 ? 0 : q;
    const qb = bb === 1 ? 0 : q;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let sa = 0;
        for (let p = 0; p < k; p++) {
          const x = ta ? a.data[(qa * k + p) * m + i] : a.data[(qa * m + i) * k + p];
          const y = tb ? b.data[(qb * n + j) * k + p] : b.data[(qb * k + p) * n + j];
          s += x * y;
          sa += Math.abs(x * y);
        }
        c[(q * m + i) * n + j] = s;
        scale[(q * m + i) * n + j] = sa;
      }
    }
  }
  return { c, scale, shape: [bo, m, n] };
}

function check(ba: number, bb: number, m: number, k: number, n: number, ta: boolean, tb: boolean, seed: number): void {
  const a = randn([ba, ta ? k : m, ta ? m : k], seed);
  const b = randn([bb, tb ? n : k, tb ? k : n], seed + 1);
  const ref = reference(a, b, ta, tb);
  const got = matmul([a, b], { transposeA: ta, transposeB: tb }, spec(ref.shape));
  expect(got).toBeInstanceOf(Float32Array);
  expect(got.length).toBe(ref.c.length);
  for (let i = 0; i < got.length; i++) {
    // float64 accumulation: only the final rounding to float32 (plus a hair) is allowed.
    const tol = 6e-8 * Math.abs(ref.c[i]) + 1e-12 * ref.scale[i] + 1e-30;
    if (!(Math.abs(got[i] - ref.c[i]) <= tol)) {
      throw new Error(`[${ba},${bb},${m},${k},${n},${ta},${tb}] element ${i}: got ${got[i]}, want ${ref.c[i]}`);
    }
  }
}

describe('matmul float32', () => {
  it('all transpose combinations on odd sizes', () => {
    let seed = 1;
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [9, 13, 11], [17, 33, 65], [2, 70, 3], [64, 64, 64], [1, 37, 19], [7, 3, 130]]) {
          check(1, 1, m, k, n, ta, tb, seed++);
        }
      }
    }
  });

  it('batches: equal, A broadcast, B broadcast (folded into rows), with transposes', () => {
    let seed = 100;
    for (const [ba, bb] of [[3, 3], [1, 4], [4, 1], [2, 1]]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          check(ba, bb, 5, 9, 6, ta, tb, seed++);
          check(ba, bb, 2, 9, 6, ta, tb, seed++); // small-M path when B is not transposed
          check(ba, bb, 11, 21, 10, ta, tb, seed++);
        }
      }
    }
  });

  it('larger sizes: beyond the column block, and k past the k-blocking threshold', () => {
    check(1, 1, 33, 300, 257, false, false, 200);
    check(1, 1, 5, 5000, 6, false, true, 201);
    check(2, 2, 9, 4500, 7, true, false, 202);
  });

  it('empty dims give empty or zero outputs', () => {
    expect(matmul([randn([1, 0, 3], 1), randn([1, 3, 4], 2)], { transposeA: false, transposeB: false }, spec([1, 0, 4])).length).toBe(0);
    expectExact(matmul([randn([1, 2, 0], 1), randn([1, 0, 3], 2)], { transposeA: false, transposeB: false }, spec([1, 2, 3])), [0, 0, 0, 0, 0, 0]);
    expect(matmul([randn([0, 2, 3], 1), randn([1, 3, 4], 2)], { transposeA: false, transposeB: false }, spec([0, 2, 4])).length).toBe(0);
  });

  it('propagates NaN and inf like the reference', () => {
    const a = t([NaN, 1, Infinity, 0, 1, 2], [1, 3, 2]);
    const b = t([1, 0, 0, 1], [1, 2, 2]);
    // [NaN, 1]·I = [NaN, NaN] (NaN*0 = NaN); [inf, 0]·I = [inf, NaN] (inf*0 = NaN); [1, 2]·I = [1, 2].
    const got = matmul([a, b], { transposeA: false, transposeB: false }, spec([1, 3, 2]));
    expectExact(got, [NaN, NaN, Infinity, NaN, 1, 2]);
  });

  it('gemmNT writes into a strided sub-block of C', () => {
    const a = randn([3, 4], 5).data as Float32Array;
    const bt = randn([2, 4], 6).data as Float32Array;
    const c = new Float32Array(4 * 5).fill(-1);
    gemmNT(a, 0, 4, bt, 0, 4, c, 6, 5, 3, 2, 4);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) {
        let s = 0;
        for (let p = 0; p < 4; p++) s += a[i * 4 + p] * bt[j * 4 + p];
        expect(c[6 + i * 5 + j]).toBe(Math.fround(s));
      }
    }
    expect(c[5]).toBe(-1);
    expect(c[8]).toBe(-1);
  });
});

describe('matmul int32', () => {
  it('is exact with transposes and batch broadcasting, and wraps like int32', () => {
    for (const [ba, bb] of [[1, 1], [3, 1], [1, 2], [2, 2]]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const [m, k, n] = [4, 5, 3];
          const a = randint([ba, ta ? k : m, ta ? m : k], 7, -50, 50);
          const b = randint([bb, tb ? n : k, tb ? k : n], 8, -50, 50);
          const ref = reference(a, b, ta, tb);
          const got = matmul([a, b], { transposeA: ta, transposeB: tb }, spec(ref.shape, 'int32'));
          expect(got).toBeInstanceOf(Int32Array);
          expectExact(got, ref.c);
        }
      }
    }
    const big = matmul([t([65536, 65536], [1, 1, 2], 'int32'), t([65536, 1], [1, 2, 1], 'int32')], { transposeA: false, transposeB: false }, spec([1, 1, 1], 'int32'));
    expectExact(big, [65536]);
  });
});
