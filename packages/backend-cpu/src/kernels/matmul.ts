/**
 * matmul: batched [Ba, M, K] x [Bb, K, N] -> [max(Ba, Bb), M, N], either operand optionally
 * transposed, a batch of 1 broadcast. float32 packs A as [M, K] rows and B as [N, K] rows and
 * runs the blocked dot-product gemm (float64 accumulation); a few rows of A with an
 * untransposed B use the row-accumulator form instead. int32 wraps like int32 arithmetic.
 */
import { allocFor } from './util/array.js';
import { gemmNNSmall, gemmNT, transpose2d } from './util/gemm.js';
import type { CpuKernel } from './util/types.js';

/** Below this many rows of A, B is not packed (transposing it would cost more than the product). */
const SMALL_M = 8;

export const matmul: CpuKernel<'matmul'> = ([a, b], { transposeA, transposeB }, out) => {
  const o = allocFor(out);
  const [bOut, m, n] = out.shape;
  const ba = a.shape[0];
  const bb = b.shape[0];
  const k = transposeA ? a.shape[1] : a.shape[2];
  if (o.length === 0 || k === 0) return o;
  if (out.dtype === 'int32') {
    matmulInt(a.data as Int32Array, b.data as Int32Array, o as Int32Array, ba, bb, bOut, m, n, k, transposeA, transposeB);
    return o;
  }
  const c = o as Float32Array;
  // A as [Ba, M, K] rows.
  let ad = a.data as Float32Array;
  if (transposeA) {
    const t = new Float32Array(ad.length);
    for (let q = 0; q < ba; q++) transpose2d(ad, q * k * m, k, m, t, q * m * k);
    ad = t;
  }
  const bd = b.data as Float32Array;
  const aStride = ba === 1 ? 0 : m * k;
  const bStride = bb === 1 ? 0 : k * n;

  if (!transposeB && (bb === 1 ? bOut * m : m) < SMALL_M) {
    if (bb === 1) gemmNNSmall(ad, 0, k, bd, 0, n, c, 0, n, bOut * m, n, k);
    else for (let q = 0; q < bOut; q++) gemmNNSmall(ad, q * aStride, k, bd, q * bStride, n, c, q * m * n, n, m, n, k);
    return o;
  }
  // B as [Bb, N, K] rows.
  let bt = bd;
  if (!transposeB) {
    bt = new Float32Array(bd.length);
    for (let q = 0; q < bb; q++) transpose2d(bd, q * k * n, k, n, bt, q * n * k);
  }
  if (bb === 1) {
    // One B for every batch of A: fold the batch into the rows ([Ba*M, K] is contiguous).
    gemmNT(ad, 0, k, bt, 0, k, c, 0, n, ba * m, n, k);
    return o;
  }
  for (let q = 0; q < bOut; q++) gemmNT(ad, q * aStride, k, bt, q * n * k, k, c, q * m * n, n, m, n, k);
  return o;
};

function matmulInt(
  a: Int32Array, b: Int32Array, c: Int32Array, ba: number, bb: number, bOut: number,
  m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
): void {
  const row = new Int32Array(n);
  for (let q = 0; q < bOut; q++) {
    const aBase = ba === 1 ? 0 : q * m * k;
    const bBase = bb === 1 ? 0 : q * k * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const x = transposeA ? a[aBase + p * m + i] : a[aBase + i * k + p];
        if (transposeB) {
          for (let j = 0; j < n; j++) row[j] += Math.imul(x, b[bBase + j * k + p]);
        } else {
          const r = bBase + p * n;
          for (let j = 0; j < n; j++) row[j] += Math.imul(x, b[r + j]);
        }
      }
      c.set(row, q * m * n + i * n);
    }
  }
}
