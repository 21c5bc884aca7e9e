/**
 * Elementwise kernels in WebAssembly SIMD: float32 unary ops that are exact in float32 (neg,
 * abs, sqrt, floor, reciprocal: correctly rounded, so bitwise the JavaScript kernels' results),
 * the broadcasting binary ops (arithmetic to float32, comparisons to bool bytes) and `where`.
 * Broadcasting comes as a plan (see src/kernels/util/broadcast.ts): collapsed dims and each
 * operand's element strides over them; an odometer walks the output's contiguous innermost
 * runs, in each of which an operand is contiguous (stride 1) or one repeated element (0).
 */

/** Op codes, as BinaryOp in src/kernels/binary.ts (pow and the logical ops stay JavaScript). */
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 5, MINIMUM = 6;
const EQ = 7, LT = 8, LE = 9, GT = 10, GE = 11;

/** Unary op codes: neg, abs, sqrt, floor, reciprocal. */
const NEG = 0, ABS = 1, SQRT = 2, FLOOR = 3, RECIP = 4;

// @ts-ignore: decorator
@inline function unaryV(op: i32, x: v128): v128 {
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == FLOOR) return f32x4.floor(x);
  return f32x4.div(f32x4.splat(1), x);
}

// @ts-ignore: decorator
@inline function unaryS(op: i32, x: f32): f32 {
  return f32x4.extract_lane(unaryV(op, f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline function unaryRun(op: i32, x: usize, n: i32, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + <usize>i * 4, unaryV(op, v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<f32>(out + <usize>i * 4, unaryS(op, load<f32>(x + <usize>i * 4)));
}

/** out[i] = op(x[i]) for i < n, float32. */
export function unaryF32(op: i32, x: usize, n: i32, out: usize): void {
  switch (op) {
    case NEG: unaryRun(NEG, x, n, out); break;
    case ABS: unaryRun(ABS, x, n, out); break;
    case SQRT: unaryRun(SQRT, x, n, out); break;
    case FLOOR: unaryRun(FLOOR, x, n, out); break;
    default: unaryRun(RECIP, x, n, out); break;
  }
}

/**
 * The arithmetic ops on 4 lanes. maximum/minimum are `x > y || x is NaN ? x : y` (and `<`),
 * as the JavaScript formulas, so NaN propagates and the sign of equal zeros matches too.
 */
// @ts-ignore: decorator
@inline function arithV(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
}

/** The comparisons on 4 lanes: all-ones lanes where true. */
// @ts-ignore: decorator
@inline function compareV(op: i32, x: v128, y: v128): v128 {
  if (op == EQ) return f32x4.eq(x, y);
  if (op == LT) return f32x4.lt(x, y);
  if (op == LE) return f32x4.le(x, y);
  if (op == GT) return f32x4.gt(x, y);
  return f32x4.ge(x, y);
}

/** Lane `j` of 4 operand lanes: contiguous (s = 1) or one element repeated (s = 0). */
// @ts-ignore: decorator
@inline function ld4(p: usize, s: i32, j: i32): v128 {
  return s ? v128.load(p + <usize>j * 4) : v128.load32_splat(p);
}

// @ts-ignore: decorator
@inline function ld1(p: usize, s: i32, j: i32): f32 {
  return load<f32>(p + <usize>(j * s) * 4);
}

/** One run of an arithmetic op: o[j] = op(a[j·as], b[j·bs]), float32 out. */
// @ts-ignore: decorator
@inline function arithRun(op: i32, o: usize, a: usize, as: i32, b: usize, bs: i32, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(o + <usize>j * 4, arithV(op, ld4(a, as, j), ld4(b, bs, j)));
  for (; j < n; j++) {
    const r = arithV(op, f32x4.splat(ld1(a, as, j)), f32x4.splat(ld1(b, bs, j)));
    store<f32>(o + <usize>j * 4, f32x4.extract_lane(r, 0));
  }
}

/** One run of a comparison: o[j] = op(a[j·as], b[j·bs]) ? 1 : 0, one byte each. */
// @ts-ignore: decorator
@inline function compareRun(op: i32, o: usize, a: usize, as: i32, b: usize, bs: i32, n: i32): void {
  const one = i8x16.splat(1);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const m0 = compareV(op, ld4(a, as, j), ld4(b, bs, j));
    const m1 = compareV(op, ld4(a, as, j + 4), ld4(b, bs, j + 4));
    const m2 = compareV(op, ld4(a, as, j + 8), ld4(b, bs, j + 8));
    const m3 = compareV(op, ld4(a, as, j + 12), ld4(b, bs, j + 12));
    const lo = i16x8.narrow_i32x4_s(m0, m1);
    const hi = i16x8.narrow_i32x4_s(m2, m3);
    v128.store(o + <usize>j, v128.and(i8x16.narrow_i16x8_s(lo, hi), one));
  }
  for (; j < n; j++) {
    const r = compareV(op, f32x4.splat(ld1(a, as, j)), f32x4.splat(ld1(b, bs, j)));
    store<u8>(o + <usize>j, <u8>(i32x4.extract_lane(r, 0) & 1));
  }
}

/** A run of op `op` (a compile-time constant where inlined). */
// @ts-ignore: decorator
@inline function binaryRun(op: i32, o: usize, a: usize, as: i32, b: usize, bs: i32, n: i32): void {
  if (op >= EQ) compareRun(op, o, a, as, b, bs, n);
  else arithRun(op, o, a, as, b, bs, n);
}

/** Runs of one op over the plan (dims, aStrides, bStrides: i32 arrays of `rank`). */
// @ts-ignore: decorator
@inline function binaryPlan(op: i32, o: usize, a: usize, b: usize, dims: usize, sa: usize, sb: usize, rank: i32, idx: usize): void {
  const ob: i32 = op >= EQ ? 1 : 4;
  if (rank == 0) {
    binaryRun(op, o, a, 0, b, 0, 1);
    return;
  }
  const n = load<i32>(dims + <usize>(rank - 1) * 4);
  const as = load<i32>(sa + <usize>(rank - 1) * 4);
  const bs = load<i32>(sb + <usize>(rank - 1) * 4);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= load<i32>(dims + <usize>d * 4);
  if (n == 0 || rows == 0) return;
  for (let d = 0; d < rank; d++) store<i32>(idx + <usize>d * 4, 0);
  let ao = 0, bo = 0;
  for (let row = 0; row < rows; row++) {
    binaryRun(op, o + <usize>(row * n * ob), a + <usize>ao * 4, as, b + <usize>bo * 4, bs, n);
    for (let d = rank - 2; d >= 0; d--) {
      const p = idx + <usize>d * 4;
      const i = load<i32>(p) + 1;
      const sad = load<i32>(sa + <usize>d * 4);
      const sbd = load<i32>(sb + <usize>d * 4);
      ao += sad;
      bo += sbd;
      const dim = load<i32>(dims + <usize>d * 4);
      if (i < dim) {
        store<i32>(p, i);
        break;
      }
      ao -= sad * dim;
      bo -= sbd * dim;
      store<i32>(p, 0);
    }
  }
}

/**
 * o = op(a, b) broadcast over the plan: float32 a and b, float32 o (arithmetic) or bool bytes
 * (comparisons). `idx` is scratch for `rank` i32.
 */
export function binaryF32(op: i32, o: usize, a: usize, b: usize, dims: usize, sa: usize, sb: usize, rank: i32, idx: usize): void {
  switch (op) {
    case ADD: binaryPlan(ADD, o, a, b, dims, sa, sb, rank, idx); break;
    case SUB: binaryPlan(SUB, o, a, b, dims, sa, sb, rank, idx); break;
    case MUL: binaryPlan(MUL, o, a, b, dims, sa, sb, rank, idx); break;
    case DIV: binaryPlan(DIV, o, a, b, dims, sa, sb, rank, idx); break;
    case MAXIMUM: binaryPlan(MAXIMUM, o, a, b, dims, sa, sb, rank, idx); break;
    case MINIMUM: binaryPlan(MINIMUM, o, a, b, dims, sa, sb, rank, idx); break;
    case EQ: binaryPlan(EQ, o, a, b, dims, sa, sb, rank, idx); break;
    case LT: binaryPlan(LT, o, a, b, dims, sa, sb, rank, idx); break;
    case LE: binaryPlan(LE, o, a, b, dims, sa, sb, rank, idx); break;
    case GT: binaryPlan(GT, o, a, b, dims, sa, sb, rank, idx); break;
    default: binaryPlan(GE, o, a, b, dims, sa, sb, rank, idx); break;
  }
}

/** 4 condition bytes (contiguous, or one repeated) as all-ones lanes where nonzero. */
// @ts-ignore: decorator
@inline function cond4(c: usize, s: i32, j: i32): v128 {
  const bytes = s ? v128.load32_zero(c + <usize>j) : i32x4.splat(<i32>load<u8>(c));
  const wide = s ? i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)) : bytes;
  return v128.not(i32x4.eq(wide, i32x4.splat(0)));
}

/** One run of where: o[j] = c[j·cs] ? a[j·as] : b[j·bs] (32-bit elements, moved as bits). */
// @ts-ignore: decorator
@inline function whereRun(o: usize, c: usize, cs: i32, a: usize, as: i32, b: usize, bs: i32, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(o + <usize>j * 4, v128.bitselect(ld4(a, as, j), ld4(b, bs, j), cond4(c, cs, j)));
  for (; j < n; j++) {
    const v = load<u8>(c + <usize>(j * cs)) ? load<u32>(a + <usize>(j * as) * 4) : load<u32>(b + <usize>(j * bs) * 4);
    store<u32>(o + <usize>j * 4, v);
  }
}

/**
 * o = where(c, a, b) broadcast over the plan: c bool bytes, a, b and o 32-bit (float32 or
 * int32). `strides` holds rank i32 per operand (c, a, b); `idx` is scratch for rank i32.
 */
export function whereF32(o: usize, c: usize, a: usize, b: usize, dims: usize, strides: usize, rank: i32, idx: usize): void {
  if (rank == 0) {
    whereRun(o, c, 0, a, 0, b, 0, 1);
    return;
  }
  const sc = strides;
  const sa = strides + <usize>rank * 4;
  const sb = strides + <usize>rank * 8;
  const last = <usize>(rank - 1) * 4;
  const n = load<i32>(dims + last);
  const cs = load<i32>(sc + last), as = load<i32>(sa + last), bs = load<i32>(sb + last);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= load<i32>(dims + <usize>d * 4);
  if (n == 0 || rows == 0) return;
  for (let d = 0; d < rank; d++) store<i32>(idx + <usize>d * 4, 0);
  let co = 0, ao = 0, bo = 0;
  for (let row = 0; row < rows; row++) {
    whereRun(o + <usize>(row * n) * 4, c + <usize>co, cs, a + <usize>ao * 4, as, b + <usize>bo * 4, bs, n);
    for (let d = rank - 2; d >= 0; d--) {
      const p = idx + <usize>d * 4;
      const i = load<i32>(p) + 1;
      const dd = <usize>d * 4;
      co += load<i32>(sc + dd);
      ao += load<i32>(sa + dd);
      bo += load<i32>(sb + dd);
      const dim = load<i32>(dims + dd);
      if (i < dim) {
        store<i32>(p, i);
        break;
      }
      co -= load<i32>(sc + dd) * dim;
      ao -= load<i32>(sa + dd) * dim;
      bo -= load<i32>(sb + dd) * dim;
      store<i32>(p, 0);
    }
  }
}
