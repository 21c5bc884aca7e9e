/**
 * The WebAssembly softmax family against float64 references: the vector exp's error bound
 * (≤ 3 ulp on [−87.3, 88.7], 0 below, NaN and ±∞ handled), softmax / logSoftmax / logsumexp /
 * cross-entropy on rows of 1, 3, 17, 255, 257 classes with −∞ masks, NaN and all −∞ rows.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { expectClose, randn, spec, t } from './helpers.js';

const b = new CpuBackend();
const rt = b.wasm!;

/** Distance in float32 ulps between `got` and the float64 `want`. */
function ulps(got: number, want: number): number {
  const f = Math.fround(want);
  const ulp = Math.abs(Math.fround(f * (1 + 2 ** -23)) - f) || 2 ** -149;
  return Math.abs(got - want) / ulp;
}

describe('vector exp (assembly/softmax.ts exp4)', () => {
  const expArray = rt.exports.expArray;
  const run = (xs: Float32Array): Float32Array => {
    const mark = rt.mark();
    const px = rt.put(xs);
    const po = rt.alloc(xs.length * 4);
    expArray(px, xs.length, po);
    const out = rt.take(po, xs.length);
    rt.release(mark);
    return out;
  };

  it('is within 3 ulp of Math.exp on 200,001 points of [−87.33, 88.72]', () => {
    const n = 200_001;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = -87.33 + (176.05 * i) / (n - 1);
    const got = run(xs);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, ulps(got[i], Math.exp(xs[i])));
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('maps −∞ and values below −87.34 to 0, above 88.73 to +∞, NaN to NaN, 0 to 1 (tails too)', () => {
    const got = run(Float32Array.from([-Infinity, -100, -88, NaN, 0, -1e30, 1, 2, 3, 89, Infinity]));
    expect(Array.from(got.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Number.isNaN(got[3])).toBe(true);
    expect(got[4]).toBe(1);
    expect(got[5]).toBe(0);
    for (const [i, x] of [[6, 1], [7, 2], [8, 3]]) expect(ulps(got[i], Math.exp(x))).toBeLessThanOrEqual(3);
    expect(Array.from(got.subarray(9))).toEqual([Infinity, Infinity]);
  });
});

function refSoftmax(x: Float32Array, rows: number, c: number, log: boolean): Float64Array {
  const o = new Float64Array(x.length);
  for (let q = 0; q < rows; q++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) { const v = x[q * c + k]; if (v > m || v !== v) m = v; }
    let s = 0;
    for (let k = 0; k < c; k++) s += Math.exp(x[q * c + k] - m);
    for (let k = 0; k < c; k++) o[q * c + k] = log ? x[q * c + k] - m - Math.log(s) : Math.exp(x[q * c + k] - m) / s;
  }
  return o;
}

describe('softmax family rows', () => {
  for (const c of [1, 3, 17, 255, 257]) {
    it(`softmax and logSoftmax over ${c} classes (with a −∞ mask), logsumexp, cross-entropy`, () => {
      const rows = 5;
      const x = randn([rows, c], c, -8, 8);
      const xd = x.data as Float32Array;
      if (c > 2) xd[1] = -Infinity;
      const sm = b.fused.softmax!([x], { axis: 1 }, spec([rows, c]));
      expectClose(sm, refSoftmax(xd, rows, c, false), 5e-7, 1e-9);
      const ls = b.fused.logSoftmax!([x], { axis: 1 }, spec([rows, c]));
      expectClose(ls, refSoftmax(xd, rows, c, true), 1e-6, 1e-6);
      const lse = b.fused.logsumexp!([x], { axes: [1], keepDims: false }, spec([rows]));
      const refL = refSoftmax(xd, rows, c, true);
      expectClose(lse, Array.from({ length: rows }, (_, q) => xd[q * c] - refL[q * c]), 1e-6, 1e-6);
      const target = t(Array.from({ length: rows }, (_, q) => (q * 7) % c), [rows], 'int32');
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        const ce = b.fused.softmaxCrossEntropy!([x, target], { axis: 1, reduction, labelSmoothing: 0, ignoreIndex: c > 1 ? 0 : null }, spec(reduction === 'none' ? [rows] : []));
        const per = Array.from({ length: rows }, (_, q) => (c > 1 && target.data[q] === 0 ? 0 : -refL[q * c + target.data[q]]));
        const kept = per.filter((_, q) => !(c > 1 && target.data[q] === 0)).length;
        const want = reduction === 'none' ? per : [per.reduce((s, v) => s + v, 0) / (reduction === 'mean' ? kept : 1)];
        expectClose(ce, want, 1e-6, 1e-6);
      }
    });
  }

  it('a NaN row and an all −∞ row give NaN (as torch); other rows are untouched', () => {
    const x = t([NaN, 1, 2, 3, 4, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, 0, 1, 2, 3, 4], [3, 5]);
    const sm = b.fused.softmax!([x], { axis: 1 }, spec([3, 5]));
    expect(Array.from(sm.subarray(0, 10)).every(Number.isNaN)).toBe(true);
    expectClose(sm.subarray(10), refSoftmax(x.data.subarray(10) as Float32Array, 1, 5, false), 5e-7, 1e-9);
  });
});

/**
 * The bound the kernels meet against the float64 softmax of the float32 inputs: the vector
 * exp's 3 ulp, the float32 rounding of 1/s and of the product (≈ 4.2·2⁻²³ relative in all),
 * plus the float32 rounding of x − m (≤ |x − m|·2⁻²⁴ absolute in the exponent, so as much
 * relative in the result); outputs below 2⁻¹²⁶ may be flushed to 0.
 */
function expectSoftmaxBound(got: ArrayLike<number>, x: Float32Array, rows: number, c: number): void {
  const want = refSoftmax(x, rows, c, false);
  for (let q = 0; q < rows; q++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) { const v = x[q * c + k]; if (v > m || v !== v) m = v; }
    for (let k = 0; k < c; k++) {
      const i = q * c + k;
      const w = want[i], g = got[i];
      if (Number.isNaN(w)) {
        if (!Number.isNaN(g)) throw new Error(`row ${q} class ${k}: got ${g}, want NaN`);
        continue;
      }
      const rel = w === 0 ? 0 : 4.2 * 2 ** -23 + Math.abs(x[i] - m) * 2 ** -24;
      if (!(Math.abs(g - w) <= 2 ** -126 + rel * w)) throw new Error(`row ${q} class ${k} (x ${x[i]}, max ${m}): got ${g}, want ${w}`);
    }
  }
}

describe('softmax family on odd sizes and hostile inputs', () => {
  for (const rows of [1, 3, 17, 257]) {
    it(`${rows} rows of 1, 3, 17, 255, 257 and 10000 classes against the float64 reference`, () => {
      for (const c of [1, 3, 17, 255, 257, 10000]) {
        const x = randn([rows, c], rows * 7 + c, -8, 8);
        const xd = x.data as Float32Array;
        expectSoftmaxBound(b.fused.softmax!([x], { axis: 1 }, spec([rows, c])), xd, rows, c);
        expectClose(b.fused.logSoftmax!([x], { axis: 1 }, spec([rows, c])), refSoftmax(xd, rows, c, true), 1e-6, 1e-6);
        const refL = refSoftmax(xd, rows, c, true);
        const lse = b.fused.logsumexp!([x], { axes: [1], keepDims: false }, spec([rows]));
        expectClose(lse, Array.from({ length: rows }, (_, q) => xd[q * c] - refL[q * c]), 1e-6, 1e-6);
        const target = t(Array.from({ length: rows }, (_, q) => (q * 5 + 1) % c), [rows], 'int32');
        const ce = b.fused.softmaxCrossEntropy!([x, target], { axis: 1, reduction: 'none', labelSmoothing: 0, ignoreIndex: null }, spec([rows]));
        expectClose(ce, Array.from({ length: rows }, (_, q) => -refL[q * c + target.data[q]]), 1e-6, 1e-6);
      }
    });
  }

  it('±huge logits, ±∞ entries, values about the exp cutoff (−87.34), subnormals, −0, all-equal rows', () => {
    const hostile: number[][] = [
      [3e38, 3e38, -3e38, 0, 1e30],                      // two tied maxima, an overflowing x − m
      [-3e38, -3e38, -3e38, -3e38, -3e38],               // all equal (huge and negative)
      [5.5, 5.5, 5.5, 5.5, 5.5],                         // all equal
      [1e4, 1e4 - 1, 1e4 - 2, 1e4 - 40, -1e4],           // large, close logits
      [-Infinity, 2, -Infinity, 1, -Infinity],           // masked
      [-Infinity, -Infinity, 7, -Infinity, -Infinity],   // one unmasked
      [Infinity, 1, 2, 3, 4],                            // +∞: NaN (∞ − ∞), as torch
      [0, -87.3, -87.34, -87.4, -88],                    // about the cutoff
      [1e-45, -1e-45, 1.2e-38, -0, 0],                   // subnormals and zeros
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity], // all −∞: NaN, as torch
    ];
    // Each row alone, and all of them as one batch with the rows padded to 257 classes by −∞.
    const c = 5;
    const xd = Float32Array.from(hostile.flat());
    const rows = hostile.length;
    const x = t(xd, [rows, c]);
    expectSoftmaxBound(b.fused.softmax!([x], { axis: 1 }, spec([rows, c])), xd, rows, c);
    // (Rounded to float32: −6e38 is −∞ there.)
    expectClose(b.fused.logSoftmax!([x], { axis: 1 }, spec([rows, c])), refSoftmax(xd, rows, c, true).map(Math.fround), 1e-6, 1e-6);
    const wide = new Float32Array(rows * 257).fill(-Infinity);
    for (let q = 0; q < rows; q++) wide.set(xd.subarray(q * c, q * c + c), q * 257 + 100);
    const xw = t(wide, [rows, 257]);
    expectSoftmaxBound(b.fused.softmax!([xw], { axis: 1 }, spec([rows, 257])), wide, rows, 257);
    expectClose(b.fused.logSoftmax!([xw], { axis: 1 }, spec([rows, 257])), refSoftmax(wide, rows, 257, true).map(Math.fround), 1e-6, 1e-6);
    // Spot checks of the exact values torch gives.
    const sm = b.fused.softmax!([x], { axis: 1 }, spec([rows, c]));
    expect(Array.from(sm.subarray(0, 5))).toEqual([0.5, 0.5, 0, 0, 0]);
    expect(Array.from(sm.subarray(5, 10))).toEqual(new Array(5).fill(Math.fround(1 / 5)));
    expect(Array.from(sm.subarray(25, 30))).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(sm.subarray(30, 35)).every(Number.isNaN)).toBe(true);
    expect(Array.from(sm.subarray(45, 50)).every(Number.isNaN)).toBe(true);
    const lse = b.fused.logsumexp!([x], { axes: [1], keepDims: false }, spec([rows]));
    const refLse = (q: number): number => {
      const r = Array.from(xd.subarray(q * c, q * c + c));
      const m = Math.max(...r);
      return m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
    };
    expectClose(lse.subarray(0, 6), Array.from({ length: 6 }, (_, q) => Math.fround(refLse(q))), 1e-6, 1e-6);
    expect(lse[6]).toBe(Infinity); // torch: a +∞ entry gives +∞
    expect(lse[9]).toBe(-Infinity); // and an all −∞ row −∞
  });
});
