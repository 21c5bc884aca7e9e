/**
 * Packed, register-tiled float32 gemm in WebAssembly SIMD128 (AssemblyScript):
 * C[i, j] (+)= Σ_p A[i, p] · B[p, j] with A and B given by element strides, so every
 * transpose variant is one call. GotoBLAS loop order: column blocks of NC, depth blocks of
 * KC (B packed into NR-wide panels), row blocks of MC (A packed into MR-tall panels), then a
 * 6 x 8 (relaxed SIMD) or 4 x 8 microkernel with 12 or 8 vector accumulators. Tails are
 * zero-padded in the packs; row tails of ≤ 4 rows use the 4-row kernel, other edge tiles go
 * through a scratch tile. Depth blocks are summed in one fixed order, so a caller that splits
 * the rows (or columns) of C between threads gets bitwise the same result.
 */

/**
 * Rows of the register tile: 6 with relaxed SIMD (fused multiply-add: 12 accumulators, 2 B
 * vectors and a splat fill the 15 vector registers V8 allocates on x64), 4 without (a
 * separate multiply needs a product register too, and 6 rows spilled an accumulator to the
 * stack in every iteration of V8's code; 4 rows leave room).
 */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;

/** MR, for the JavaScript side (its split units are MR rows). */
export function gemmMR(): i32 {
  return MR;
}
/** Columns of the register tile (two float32x4 vectors). */
export const NR: i32 = 8;
/** Depth block: one packed A panel and B panel of this depth stay in L1/L2. */
export const KC: i32 = 256;
/** Row block (a multiple of MR): a packed A block of MC x KC floats (~72 KB) stays in L2. */
export const MC: i32 = 72;
/** Column block (a multiple of NR): a packed B block of KC x NC floats (~512 KB). */
export const NC: i32 = 512;

/** Bytes of scratch one gemm call needs at `scratch` (packed A, packed B, one edge tile). */
export function gemmScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** Packs rows [i0, i0+mc) x depth [p0, p0+kc) of A into MR-tall panels, zero-padding rows. */
function packA(a: usize, rsa: i32, csa: i32, m: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + <usize>(ir * kc) * 4;
    for (let r = 0; r < MR; r++) {
      const i = i0 + ir + r;
      let d = panel + <usize>r * 4;
      if (r >= rows || i >= m) {
        for (let p = 0; p < kc; p++) { store<f32>(d, 0); d += MR * 4; }
        continue;
      }
      let s = a + (<usize>i * <usize>rsa + <usize>p0 * <usize>csa) * 4;
      const step = <usize>csa * 4;
      for (let p = 0; p < kc; p++) {
        store<f32>(d, load<f32>(s));
        s += step;
        d += MR * 4;
      }
    }
  }
}

/**
 * Stores the transpose of the 4 x 4 block whose columns are a, b, c, e (4 depths each) as 4
 * rows of 4 floats, NR floats apart, at d.
 */
// @ts-ignore: decorator
@inline function transpose4(d: usize, a: v128, b: v128, c: v128, e: v128): void {
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(c, e, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(c, e, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d + NR * 4, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d + 2 * NR * 4, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d + 3 * NR * 4, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** Packs depth [p0, p0+kc) x columns [j0, j0+nc) of B into NR-wide panels, zero-padding columns. */
function packB(b: usize, rsb: i32, csb: i32, n: i32, j0: i32, nc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, n - j0 - jr);
    let d = dst + <usize>(jr * kc) * 4;
    let s = b + (<usize>p0 * <usize>rsb + <usize>(j0 + jr) * <usize>csb) * 4;
    const rstep = <usize>rsb * 4;
    if (cols === NR && csb === 1) {
      for (let p = 0; p < kc; p++) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        s += rstep;
        d += NR * 4;
      }
    } else if (cols === NR && rsb === 1) {
      // B transposed (each column contiguous over depth): 4 depths of 8 columns per step,
      // two 4 x 4 transposes in registers.
      const cstep = <usize>csb * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const q = s + <usize>p * 4;
        transpose4(d, v128.load(q), v128.load(q + cstep), v128.load(q + 2 * cstep), v128.load(q + 3 * cstep));
        const q4 = q + 4 * cstep;
        transpose4(d + 16, v128.load(q4), v128.load(q4 + cstep), v128.load(q4 + 2 * cstep), v128.load(q4 + 3 * cstep));
        d += 4 * NR * 4;
      }
      for (; p < kc; p++) {
        let q = s + <usize>p * 4;
        for (let j = 0; j < NR; j++) {
          store<f32>(d + <usize>j * 4, load<f32>(q));
          q += cstep;
        }
        d += NR * 4;
      }
    } else {
      const cstep = <usize>csb * 4;
      for (let p = 0; p < kc; p++) {
        let q = s;
        for (let j = 0; j < NR; j++) {
          store<f32>(d + <usize>j * 4, j < cols ? load<f32>(q) : 0);
          q += cstep;
        }
        s += rstep;
        d += NR * 4;
      }
    }
  }
}

/**
 * The 6 x 8 microkernel over packed panels: tile (+)= Ap[kc, 6] · Bp[kc, 8]. Writes to `c`
 * with row stride `ldc` floats; `add` != 0 adds onto what is there.
 */
function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, add: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(ap);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(ap, 4);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(ap, 8);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(ap, 12);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    x = v128.load32_splat(ap, 16);
    c40 = madd(x, b0, c40); c41 = madd(x, b1, c41);
    x = v128.load32_splat(ap, 20);
    c50 = madd(x, b0, c50); c51 = madd(x, b1, c51);
    ap += MR * 4;
    bp += NR * 4;
  }
  const ld = <usize>ldc * 4;
  let r = c;
  if (add) {
    v128.store(r, f32x4.add(v128.load(r), c00)); v128.store(r, f32x4.add(v128.load(r, 16), c01), 16); r += ld;
    v128.store(r, f32x4.add(v128.load(r), c10)); v128.store(r, f32x4.add(v128.load(r, 16), c11), 16); r += ld;
    v128.store(r, f32x4.add(v128.load(r), c20)); v128.store(r, f32x4.add(v128.load(r, 16), c21), 16); r += ld;
    v128.store(r, f32x4.add(v128.load(r), c30)); v128.store(r, f32x4.add(v128.load(r, 16), c31), 16); r += ld;
    v128.store(r, f32x4.add(v128.load(r), c40)); v128.store(r, f32x4.add(v128.load(r, 16), c41), 16); r += ld;
    v128.store(r, f32x4.add(v128.load(r), c50)); v128.store(r, f32x4.add(v128.load(r, 16), c51), 16);
  } else {
    v128.store(r, c00); v128.store(r, c01, 16); r += ld;
    v128.store(r, c10); v128.store(r, c11, 16); r += ld;
    v128.store(r, c20); v128.store(r, c21, 16); r += ld;
    v128.store(r, c30); v128.store(r, c31, 16); r += ld;
    v128.store(r, c40); v128.store(r, c41, 16); r += ld;
    v128.store(r, c50); v128.store(r, c51, 16);
  }
}

/** The depth block for depth k: k split into ceil(k / KC) blocks of equal size. */
// @ts-ignore: decorator
@inline function kcOf(k: i32): i32 {
  const blocks = (k + KC - 1) / KC;
  return (k + blocks - 1) / blocks;
}

/**
 * Packs column tiles [t0, t1) (NR columns each) of B [k, n] over the whole depth into
 * `dst`, tile t at dst + t·k·NR floats: the layout `gemm` reads as `packed` (threads that
 * split the rows of one gemm then share one packed B instead of each packing it again).
 */
export function packBPanels(b: usize, rsb: i32, csb: i32, n: i32, k: i32, t0: i32, t1: i32, dst: usize): void {
  const j0 = t0 * NR;
  const nc = min((t1 - t0) * NR, n - j0);
  if (nc > 0) packB(b, rsb, csb, n, j0, nc, 0, k, dst + <usize>(t0 * k * NR) * 4);
}

/** Stores (or adds onto) one row of 8 floats at r. */
// @ts-ignore: decorator
@inline function storeRow(r: usize, v0: v128, v1: v128, add: i32): void {
  if (add) {
    v128.store(r, f32x4.add(v128.load(r), v0));
    v128.store(r, f32x4.add(v128.load(r, 16), v1), 16);
  } else {
    v128.store(r, v0);
    v128.store(r, v1, 16);
  }
}

/**
 * The microkernel for a tile of at most 4 rows (the rest of a row block that is not a
 * multiple of MR, such as the last 2 of 32 filters): rows 0..3 of the 6-tall panel, the same
 * multiply-adds per element as `micro` (so the same result), `rows` rows stored.
 */
function micro4(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, add: i32, rows: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (rows <= 2) {
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      let x = v128.load32_splat(ap);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
      x = v128.load32_splat(ap, 4);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
      ap += MR * 4;
      bp += NR * 4;
    }
  } else {
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      let x = v128.load32_splat(ap);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
      x = v128.load32_splat(ap, 4);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
      x = v128.load32_splat(ap, 8);
      c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
      x = v128.load32_splat(ap, 12);
      c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
      ap += MR * 4;
      bp += NR * 4;
    }
  }
  const ld = <usize>ldc * 4;
  storeRow(c, c00, c01, add);
  if (rows > 1) storeRow(c + ld, c10, c11, add);
  if (rows > 2) storeRow(c + 2 * ld, c20, c21, add);
  if (rows > 3) storeRow(c + 3 * ld, c30, c31, add);
}

/**
 * C[i*ldc + j] (+)= Σ_p A[i*rsa + p*csa] · B[p*rsb + j*csb] for rows i in [r0, r1), all
 * j < n, p < k (pointers in bytes, strides in floats). `beta` = 0 overwrites C, 1 adds onto
 * it. `scratch` holds gemmScratchBytes() bytes owned by this call. `packed` (or 0) is B
 * already packed by packBPanels: the same values in the same order, so the same result.
 */
export function gemm(
  r0: i32, r1: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize, ldc: i32, beta: i32, scratch: usize, packed: usize,
): void {
  if (r1 <= r0 || n <= 0) return;
  const pa = scratch;
  const pb = pa + <usize>(MC * KC) * 4;
  const tile = pb + <usize>(KC * NC) * 4;
  if (k <= 0) {
    if (beta === 0) for (let i = r0; i < r1; i++) memory.fill(c + <usize>(i * ldc) * 4, 0, <usize>n * 4);
    return;
  }
  // Depth blocks of equal size (288 = 144 + 144, not 256 + 32: a short block pays the C
  // tile's loads and stores for little work). They depend on k alone, so every row or column
  // range sums each element in the same order.
  const kb = kcOf(k);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += kb) {
      const kc = min(kb, k - p0);
      const add = p0 > 0 || beta !== 0 ? 1 : 0;
      if (packed === 0) packB(b, rsb, csb, n, j0, nc, p0, kc, pb);
      // Where column tile jr's panel starts, and how far apart the tiles' panels are.
      const bBase = packed === 0 ? pb : packed + <usize>(j0 * k + p0 * NR) * 4;
      const bStep = packed === 0 ? kc : k;
      for (let i0 = r0; i0 < r1; i0 += MC) {
        const mc = min(MC, r1 - i0);
        packA(a, rsa, csa, r1, i0, mc, p0, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = bBase + <usize>(jr * bStep) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = pa + <usize>(ir * kc) * 4;
            const ct = c + (<usize>(i0 + ir) * <usize>ldc + <usize>(j0 + jr)) * 4;
            if (rows === MR && cols === NR && MR === 6) {
              micro(kc, ap, bp, ct, ldc, add);
            } else if (rows <= 4 && cols === NR) {
              micro4(kc, ap, bp, ct, ldc, add, rows);
            } else {
              if (MR === 6) micro(kc, ap, bp, tile, NR, 0);
              else micro4(kc, ap, bp, tile, NR, 0, 4);
              for (let r = 0; r < rows; r++) {
                const dst = ct + <usize>(r * ldc) * 4;
                const src = tile + <usize>(r * NR) * 4;
                for (let j = 0; j < cols; j++) {
                  const v = load<f32>(src + <usize>j * 4);
                  store<f32>(dst + <usize>j * 4, add ? load<f32>(dst + <usize>j * 4) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
