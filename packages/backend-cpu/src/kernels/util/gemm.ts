/**
 * Blocked float32 matrix multiply (float64 accumulation), shared by matmul and conv2d.
 *
 * `gemmNT` computes C = A · Btᵀ with A [m, k] and Bt [n, k] both row-major: every output is a
 * dot product of two contiguous rows, computed in 2 x 4 register tiles (6 loads per 8
 * multiply-adds). Columns are blocked so a block of Bt stays in L2 while the rows of A pass
 * over it; very long k is blocked too, with a float64 accumulator. `gemmNNSmall` is the
 * i-k-j (row accumulator) form for a few rows of A, where packing B would cost more than the
 * product itself.
 */

/** Floats of Bt kept hot per column block (~256 KB). */
const L2_FLOATS = 1 << 16;
/** k beyond which the inner dimension is blocked. */
const K_MAX = 4096;
const K_BLOCK = 2048;

/**
 * C[cOff + i*ldc + j] = Σ_p A[aOff + i*lda + p] · Bt[bOff + j*ldb + p] for i < m, j < n.
 * Overwrites C; accumulates in float64.
 */
export function gemmNT(
  a: Float32Array, aOff: number, lda: number,
  bt: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
  m: number, n: number, k: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    return;
  }
  const kb = k > K_MAX ? K_BLOCK : k;
  const nb = Math.max(4, Math.floor(L2_FLOATS / kb) & ~3);
  const acc = kb < k ? new Float64Array(m * n) : null;
  const put = (i: number, j: number, v: number): void => {
    if (acc) acc[i * n + j] += v;
    else c[cOff + i * ldc + j] = v;
  };
  for (let k0 = 0; k0 < k; k0 += kb) {
    const k1 = Math.min(k, k0 + kb);
    for (let j0 = 0; j0 < n; j0 += nb) {
      const j1 = Math.min(n, j0 + nb);
      for (let i = 0; i < m; i += 2) {
        const a0 = aOff + i * lda;
        if (i + 1 < m) {
          const a1 = a0 + lda;
          let j = j0;
          for (; j + 4 <= j1; j += 4) {
            const b0 = bOff + j * ldb;
            const b1 = b0 + ldb;
            const b2 = b1 + ldb;
            const b3 = b2 + ldb;
            let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
            for (let p = k0; p < k1; p++) {
              const x0 = a[a0 + p];
              const x1 = a[a1 + p];
              const y0 = bt[b0 + p];
              const y1 = bt[b1 + p];
              const y2 = bt[b2 + p];
              const y3 = bt[b3 + p];
              s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
              s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            }
            put(i, j, s00); put(i, j + 1, s01); put(i, j + 2, s02); put(i, j + 3, s03);
            put(i + 1, j, s10); put(i + 1, j + 1, s11); put(i + 1, j + 2, s12); put(i + 1, j + 3, s13);
          }
          for (; j < j1; j++) {
            const b0 = bOff + j * ldb;
            let s0 = 0, s1 = 0;
            for (let p = k0; p < k1; p++) {
              const y = bt[b0 + p];
              s0 += a[a0 + p] * y;
              s1 += a[a1 + p] * y;
            }
            put(i, j, s0); put(i + 1, j, s1);
          }
        } else {
          let j = j0;
          for (; j + 4 <= j1; j += 4) {
            const b0 = bOff + j * ldb;
            const b1 = b0 + ldb;
            const b2 = b1 + ldb;
            const b3 = b2 + ldb;
            let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (let p = k0; p < k1; p++) {
              const x = a[a0 + p];
              s0 += x * bt[b0 + p]; s1 += x * bt[b1 + p]; s2 += x * bt[b2 + p]; s3 += x * bt[b3 + p];
            }
            put(i, j, s0); put(i, j + 1, s1); put(i, j + 2, s2); put(i, j + 3, s3);
          }
          for (; j < j1; j++) {
            const b0 = bOff + j * ldb;
            let s = 0;
            for (let p = k0; p < k1; p++) s += a[a0 + p] * bt[b0 + p];
            put(i, j, s);
          }
        }
      }
    }
  }
  if (acc) {
    for (let i = 0; i < m; i++) {
      const r = cOff + i * ldc;
      for (let j = 0; j < n; j++) c[r + j] = acc[i * n + j];
    }
  }
}

/**
 * C = A · B with B [k, n] row-major, in i-k-j order with a float64 row accumulator (four
 * rows of B per pass). For small m, where transposing B first would not pay off.
 */
export function gemmNNSmall(
  a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
  m: number, n: number, k: number,
): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const ai = aOff + i * lda;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x0 = a[ai + p], x1 = a[ai + p + 1], x2 = a[ai + p + 2], x3 = a[ai + p + 3];
      const r0 = bOff + p * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
      for (let j = 0; j < n; j++) row[j] += x0 * b[r0 + j] + x1 * b[r1 + j] + x2 * b[r2 + j] + x3 * b[r3 + j];
    }
    for (; p < k; p++) {
      const x = a[ai + p];
      const r = bOff + p * ldb;
      for (let j = 0; j < n; j++) row[j] += x * b[r + j];
    }
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) c[ci + j] = row[j];
  }
}

/** dst[dOff + j*rows + i] = src[sOff + i*cols + j]: a tiled transpose of one [rows, cols] matrix. */
export function transpose2d(
  src: Float32Array, sOff: number, rows: number, cols: number, dst: Float32Array, dOff: number,
): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let j = j0; j < j1; j++) {
        const d = dOff + j * rows;
        for (let i = i0; i < i1; i++) dst[d + i] = src[sOff + i * cols + j];
      }
    }
  }
}
