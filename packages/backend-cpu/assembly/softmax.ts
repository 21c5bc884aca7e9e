/**
 * The softmax family along contiguous rows, in WebAssembly SIMD: a vector max (NaN
 * propagates), a vectorised float32 exp, and the sum of exponentials accumulated in float64
 * lanes (as the JavaScript kernels do). exp4 follows Cephes' expf: n = round(x·log2 e),
 * r = x − n·ln 2 (ln 2 split in two), a degree-6 polynomial for e^r, scaled by 2^n through the
 * exponent bits. Its error is at most 3 ulp for x in [−87.33, 88.72] (tested against Math.exp);
 * below −87.33 it returns 0 (true values there are < 1.2e-38, subnormal), above 88.72 +∞, and
 * NaN gives NaN.
 */

const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
const HI: f32 = 88.72283172607422;
const LO: f32 = -87.3365478515625;
/** 1.5·2^23: adding it rounds |t| < 2^22 to the nearest integer (ties to even, as f32x4.nearest). */
const MAGIC: f32 = 12582912.0;
/** The bits of MAGIC: bits(t + MAGIC) − MAGIC_BITS = round(t) as an integer. */
const MAGIC_BITS: i32 = 0x4b400000;

/**
 * e^r for the reduced argument r = xc − n·ln 2 (|r| ≤ ln 2 / 2): Cephes' degree-6 polynomial.
 * Returns the polynomial's value y (in [0.70, 1.42]); the caller scales it by 2^n.
 */
// @ts-ignore: decorator
@inline function expReduced(xc: v128, n: v128): v128 {
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  return f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
}

/**
 * e^x in each lane (see the file header for the error bound). The clamps are pmin/pmax (one
 * instruction each; NaN passes through them as the second operand is never NaN) and n is
 * rounded with the MAGIC addition rather than f32x4.nearest + trunc_sat (which V8 lowers to
 * long sequences); both give the same n, so the results are bitwise those of the original
 * nearest-based code.
 */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(HI)), f32x4.splat(LO));
  const j = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const n = f32x4.sub(j, f32x4.splat(MAGIC));
  const y = expReduced(xc, n);
  // 2^n in two halves, so that n = 128 (x near the top of the range) still scales exactly.
  const ni = i32x4.sub(j, i32x4.splat(MAGIC_BITS));
  const h = i32x4.shr_s(ni, 1);
  const s1 = i32x4.shl(i32x4.add(h, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(ni, h), i32x4.splat(127)), 23);
  const out = f32x4.mul(f32x4.mul(y, s1), s2);
  // Above HI: +∞; below LO (incl. −∞): 0. NaN compares false and stays NaN.
  const big = v128.bitselect(f32x4.splat(Infinity), out, f32x4.gt(x, f32x4.splat(HI)));
  return v128.andnot(big, f32x4.lt(x, f32x4.splat(LO)));
}

/**
 * e^x for x ≤ 88.37 (n ≤ 127), the softmax case where x = v − max ≤ 0: no upper clamp and
 * one scaling by 2^n, bitwise equal to exp4 there (a single product by 2^n rounds exactly as
 * the two halves do). −∞ and values below LO give 0, NaN gives NaN.
 */
// @ts-ignore: decorator
@inline export function expLow4(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(LO));
  const j = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const n = f32x4.sub(j, f32x4.splat(MAGIC));
  const y = expReduced(xc, n);
  // bits(j) << 23 is n << 23 (MAGIC's own bits shift out), plus the bias: the bits of 2^n.
  const s = i32x4.add(i32x4.shl(j, 23), i32x4.splat(127 << 23));
  return v128.andnot(f32x4.mul(y, s), f32x4.lt(x, f32x4.splat(LO)));
}

/** Scalar e^x through the same code path (for tails). */
// @ts-ignore: decorator
@inline function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

/** out[i] = e^x[i] for i < n (the elementwise exp kernel). */
export function expArray(x: usize, n: i32, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + <usize>i * 4, exp4(v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<f32>(out + <usize>i * 4, exp1(load<f32>(x + <usize>i * 4)));
}

/**
 * The max of row x[0..c) (NaN if any is NaN; −∞ for c = 0), and whether every x − max is at
 * least LO (so that expLow4 needs neither its clamp nor its flush: `fast`). f32x4.pmax is one
 * instruction where f32x4.max (NaN-propagating) is a long sequence in V8, so NaN lanes are
 * tracked apart.
 */
let fast = false;
function rowMax(x: usize, c: i32): f32 {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let lo0 = f32x4.splat(Infinity);
  let lo1 = lo0;
  let nan = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= c; i += 8) {
    const a = v128.load(x + <usize>i * 4);
    const b = v128.load(x + <usize>i * 4, 16);
    m0 = f32x4.pmax(m0, a);
    m1 = f32x4.pmax(m1, b);
    lo0 = f32x4.pmin(lo0, a);
    lo1 = f32x4.pmin(lo1, b);
    nan = v128.or(nan, v128.or(f32x4.ne(a, a), f32x4.ne(b, b)));
  }
  for (; i + 4 <= c; i += 4) {
    const a = v128.load(x + <usize>i * 4);
    m0 = f32x4.pmax(m0, a);
    lo0 = f32x4.pmin(lo0, a);
    nan = v128.or(nan, f32x4.ne(a, a));
  }
  m0 = f32x4.pmax(m0, m1);
  lo0 = f32x4.pmin(lo0, lo1);
  let m = max(max(f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1)), max(f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3)));
  let mn = min(min(f32x4.extract_lane(lo0, 0), f32x4.extract_lane(lo0, 1)), min(f32x4.extract_lane(lo0, 2), f32x4.extract_lane(lo0, 3)));
  fast = false;
  if (v128.any_true(nan)) return NaN;
  for (; i < c; i++) {
    const v = load<f32>(x + <usize>i * 4);
    m = v > m || v != v ? v : m;
    mn = v < mn ? v : mn;
  }
  // The vector loop then sees x − m in [LO, 0] only (m finite, no NaN): f32 subtraction is
  // monotone, so the smallest x gives the smallest x − m.
  fast = m != m ? false : mn - m >= LO;
  return m;
}

/** Σ of the exponentials t in float64 lanes: lanes 0, 1 to s0 and 2, 3 to s1. */
// @ts-ignore: decorator
@inline function acc0(s0: v128, t: v128): v128 { return f64x2.add(s0, f64x2.promote_low_f32x4(t)); }
// @ts-ignore: decorator
@inline function acc1(s1: v128, t: v128): v128 { return f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(t, t, 2, 3, 0, 1))); }

/** expLow4 without its clamp and flush, for x in [LO, 0] (bitwise equal to it there). */
// @ts-ignore: decorator
@inline function expIn4(x: v128): v128 {
  const j = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const n = f32x4.sub(j, f32x4.splat(MAGIC));
  const y = expReduced(x, n);
  return f32x4.mul(y, i32x4.add(i32x4.shl(j, 23), i32x4.splat(127 << 23)));
}

/**
 * Σ_k e^(x[k] − m) in float64 lanes; writes the exponentials to `e` when e != 0. x − m ≤ 0
 * (or NaN), the domain of expLow4; `fast` (from rowMax) says x − m ≥ LO too. The sums are
 * formed in the same order on every path.
 */
function rowSumExp(x: usize, c: i32, m: f32, e: usize): f64 {
  const m4 = f32x4.splat(m);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i = 0;
  if (fast) {
    for (; i + 8 <= c; i += 8) {
      const t = expIn4(f32x4.sub(v128.load(x + <usize>i * 4), m4));
      const u = expIn4(f32x4.sub(v128.load(x + <usize>i * 4, 16), m4));
      if (e) {
        v128.store(e + <usize>i * 4, t);
        v128.store(e + <usize>i * 4, u, 16);
      }
      s0 = acc0(acc0(s0, t), u);
      s1 = acc1(acc1(s1, t), u);
    }
  }
  for (; i + 4 <= c; i += 4) {
    const t = expLow4(f32x4.sub(v128.load(x + <usize>i * 4), m4));
    if (e) v128.store(e + <usize>i * 4, t);
    s0 = acc0(s0, t);
    s1 = acc1(s1, t);
  }
  let s = (f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s1, 0)) + (f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 1));
  for (; i < c; i++) {
    const t = f32x4.extract_lane(expLow4(f32x4.splat(load<f32>(x + <usize>i * 4) - m)), 0);
    if (e) store<f32>(e + <usize>i * 4, t);
    s += <f64>t;
  }
  return s;
}

/**
 * softmax (log = 0) or logSoftmax (log = 1) of `rows` contiguous rows of length c, x → out
 * (out may be x: each vector is read before it is written).
 */
export function softmaxRows(x: usize, rows: i32, c: i32, out: usize, log: i32): void {
  for (let q = 0; q < rows; q++) {
    const xr = x + <usize>(q * c) * 4;
    const orow = out + <usize>(q * c) * 4;
    const m = rowMax(xr, c);
    if (log) {
      // (x − m) − log s: x − m is exact where x is near m, so outputs near 0 keep their digits.
      const ls = <f32>Math.log(rowSumExp(xr, c, m, 0));
      const m4 = f32x4.splat(m);
      const l4 = f32x4.splat(ls);
      let i = 0;
      for (; i + 4 <= c; i += 4) v128.store(orow + <usize>i * 4, f32x4.sub(f32x4.sub(v128.load(xr + <usize>i * 4), m4), l4));
      for (; i < c; i++) store<f32>(orow + <usize>i * 4, (load<f32>(xr + <usize>i * 4) - m) - ls);
    } else {
      const s = rowSumExp(xr, c, m, orow);
      const inv = f32x4.splat(<f32>(1.0 / s));
      let i = 0;
      for (; i + 4 <= c; i += 4) v128.store(orow + <usize>i * 4, f32x4.mul(v128.load(orow + <usize>i * 4), inv));
      const iv = f32x4.extract_lane(inv, 0);
      for (; i < c; i++) store<f32>(orow + <usize>i * 4, load<f32>(orow + <usize>i * 4) * iv);
    }
  }
}

/**
 * Per row of `rows` contiguous rows of length c: maxOut[q] = max (float32) and
 * lseOut[q] = log Σ e^(x − max) (float64), the pieces of logsumexp and cross-entropy.
 */
export function rowLogSumExp(x: usize, rows: i32, c: i32, maxOut: usize, lseOut: usize): void {
  for (let q = 0; q < rows; q++) {
    const xr = x + <usize>(q * c) * 4;
    const m = rowMax(xr, c);
    store<f32>(maxOut + <usize>q * 4, m);
    store<f64>(lseOut + <usize>q * 8, Math.log(rowSumExp(xr, c, m, 0)));
  }
}
