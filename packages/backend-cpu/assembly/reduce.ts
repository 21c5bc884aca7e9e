/**
 * Reductions in WebAssembly SIMD over a reduction plan (see src/kernels/util/reduce.ts): the
 * input is walked once in memory order as contiguous runs; a run either folds into one output
 * (`step` 0: reducing along the run) or adds elementwise into consecutive outputs (`step` 1).
 * sum accumulates in float64 lanes (as the JavaScript kernel does); max keeps float32 (it is
 * exact) and propagates NaN. argmax scans (outer, size, inner) blocks, first maximum or first
 * NaN wins.
 */

/** Σ of n contiguous floats in float64 (4 lanes of partial sums, then the tail). */
// @ts-ignore: decorator
@inline function foldSum(x: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + <usize>j * 4);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  let s = (f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1)) + (f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
  for (; j < n; j++) s += <f64>load<f32>(x + <usize>j * 4);
  return s;
}

/** acc[j] += x[j] for j < n (float64 acc). */
// @ts-ignore: decorator
@inline function addInto(acc: usize, x: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + <usize>j * 4);
    const p = acc + <usize>j * 8;
    v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
    v128.store(p + 16, f64x2.add(v128.load(p + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
  }
  for (; j < n; j++) {
    const p = acc + <usize>j * 8;
    store<f64>(p, load<f64>(p) + <f64>load<f32>(x + <usize>j * 4));
  }
}

/** The max of n contiguous floats, folded into m (NaN propagates). */
// @ts-ignore: decorator
@inline function foldMax(x: usize, n: i32, m: f32): f32 {
  let j = 0;
  if (n >= 4) {
    let m4 = f32x4.splat(m);
    for (; j + 4 <= n; j += 4) m4 = f32x4.max(m4, v128.load(x + <usize>j * 4));
    m = max(max(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)), max(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  }
  for (; j < n; j++) {
    const v = load<f32>(x + <usize>j * 4);
    m = v > m || v != v ? v : m;
  }
  return m;
}

/** acc[j] = max(acc[j], x[j]) for j < n (float32 acc, NaN propagates). */
// @ts-ignore: decorator
@inline function maxInto(acc: usize, x: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const p = acc + <usize>j * 4;
    v128.store(p, f32x4.max(v128.load(p), v128.load(x + <usize>j * 4)));
  }
  for (; j < n; j++) {
    const p = acc + <usize>j * 4;
    const v = load<f32>(x + <usize>j * 4);
    const m = load<f32>(p);
    store<f32>(p, v > m || v != v ? v : m);
  }
}

// @ts-ignore: decorator
@inline function run(op: i32, x: usize, acc: usize, n: i32, step: i32): void {
  if (op == 0) {
    if (step == 0) store<f64>(acc, load<f64>(acc) + foldSum(x, n));
    else addInto(acc, x, n);
  } else {
    if (step == 0) store<f32>(acc, foldMax(x, n, load<f32>(acc)));
    else maxInto(acc, x, n);
  }
}

// @ts-ignore: decorator
@inline function reducePlan(op: i32, x: usize, acc: usize, dims: usize, so: usize, rank: i32, idx: usize): void {
  const ab: i32 = op == 0 ? 8 : 4;
  if (rank == 0) {
    run(op, x, acc, 1, 0);
    return;
  }
  const last = <usize>(rank - 1) * 4;
  const n = load<i32>(dims + last);
  const step = load<i32>(so + last);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= load<i32>(dims + <usize>d * 4);
  if (n == 0 || rows == 0) return;
  for (let d = 0; d < rank; d++) store<i32>(idx + <usize>d * 4, 0);
  let oo = 0;
  for (let row = 0; row < rows; row++) {
    run(op, x + <usize>(row * n) * 4, acc + <usize>(oo * ab), n, step);
    for (let d = rank - 2; d >= 0; d--) {
      const p = idx + <usize>d * 4;
      const i = load<i32>(p) + 1;
      const s = load<i32>(so + <usize>d * 4);
      oo += s;
      const dim = load<i32>(dims + <usize>d * 4);
      if (i < dim) {
        store<i32>(p, i);
        break;
      }
      oo -= s * dim;
      store<i32>(p, 0);
    }
  }
}

/**
 * Reduces float32 x over the plan (dims and the output's strides, `rank` i32 each) into acc:
 * op 0 sums into float64 acc (zeroed by the caller), op 1 maxes into float32 acc (−∞ filled).
 * `idx` is scratch for rank i32.
 */
export function reduceF32(op: i32, x: usize, acc: usize, dims: usize, so: usize, rank: i32, idx: usize): void {
  if (op == 0) reducePlan(0, x, acc, dims, so, rank, idx);
  else reducePlan(1, x, acc, dims, so, rank, idx);
}

/** out[i] = <f32>acc[i] for i < n (float64 sums rounded once). */
export function demoteF64(acc: usize, n: i32, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const lo = f32x4.demote_f64x2_zero(v128.load(acc + <usize>i * 8));
    const hi = f32x4.demote_f64x2_zero(v128.load(acc + <usize>i * 8 + 16));
    v128.store(out + <usize>i * 4, v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
  }
  for (; i < n; i++) store<f32>(out + <usize>i * 4, <f32>load<f64>(acc + <usize>i * 8));
}

/**
 * argmax along the middle axis of float32 x [outer, size, inner] into int32 out [outer, inner]
 * (size ≥ 1): the first maximum, or the first NaN. `best` is scratch for inner f32.
 */
export function argmaxF32(x: usize, outer: i32, size: i32, inner: i32, out: usize, best: usize): void {
  for (let q = 0; q < outer; q++) {
    const base = x + <usize>(q * size * inner) * 4;
    const ob = out + <usize>(q * inner) * 4;
    if (inner == 1) {
      let b = load<f32>(base);
      let bi = 0;
      for (let r = 1; r < size && b == b; r++) {
        const v = load<f32>(base + <usize>r * 4);
        if (v > b || v != v) {
          b = v;
          bi = r;
        }
      }
      store<i32>(ob, bi);
      continue;
    }
    memory.copy(best, base, <usize>inner * 4);
    memory.fill(ob, 0, <usize>inner * 4);
    for (let r = 1; r < size; r++) {
      const row = base + <usize>(r * inner) * 4;
      for (let j = 0; j < inner; j++) {
        const b = load<f32>(best + <usize>j * 4);
        const v = load<f32>(row + <usize>j * 4);
        if (b == b && (v > b || v != v)) {
          store<f32>(best + <usize>j * 4, v);
          store<i32>(ob + <usize>j * 4, r);
        }
      }
    }
  }
}
