/**
 * The 14 broadcasting binary kernels, built by one factory from a table of scalar formulas
 * (NumPy broadcasting through util/broadcast.ts). The factory compiles each formula into its
 * own loop function (`new Function` over the constant formula text below, never user input),
 * so every op's loops are monomorphic: one shared loop that calls or switches on the op is
 * 2-3x slower in V8, as bench/binary_ops.ts showed. Where code generation is forbidden (a
 * Content-Security-Policy without 'unsafe-eval') the shared switching loop is the fallback.
 * float32 stores round the float64 result once; int32 stores wrap modulo 2^32 (mul uses
 * Math.imul, pow exact integer powers); comparisons and logical ops give bool 0/1.
 */
import { binaryOp, type BinarySegment } from './util/broadcast.js';
import type { CpuKernel } from './util/types.js';

/** The binary primitives, as codes the factory's loops switch on. */
export const BinaryOp = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6,
  equal: 7, less: 8, lessEqual: 9, greater: 10, greaterEqual: 11, logicalAnd: 12, logicalOr: 13,
  /** int32 variants (picked by the output dtype). */
  mulInt: 14, powInt: 15,
} as const;
type Code = (typeof BinaryOp)[keyof typeof BinaryOp];
type Name = Exclude<keyof typeof BinaryOp, 'mulInt' | 'powInt'>;

/** x ** e for int32 x and e, wrapping like int32; a negative e gives the truncated 1 / x^-e. */
export function intPow(x: number, e: number): number {
  if (e < 0) {
    if (x === 1) return 1;
    if (x === -1) return (e & 1) === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let base = x | 0;
  let k = e;
  while (k > 0) {
    if (k & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    k >>>= 1;
  }
  return r;
}

/** Each op's formula as an expression in x and y (the same as `apply`'s cases). */
const FORMULAS: readonly string[] = [
  'x + y', 'x - y', 'x * y', 'x / y',
  'x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y)',
  'x > y || x !== x ? x : y', 'x < y || x !== x ? x : y',
  'x === y ? 1 : 0', 'x < y ? 1 : 0', 'x <= y ? 1 : 0', 'x > y ? 1 : 0', 'x >= y ? 1 : 0',
  'x !== 0 && y !== 0 ? 1 : 0', 'x !== 0 || y !== 0 ? 1 : 0', 'Math.imul(x, y)', 'intPow(x, y)',
];

/** The loops of `segment` with op `c`'s formula inlined, or null where code generation is off. */
function compiled(c: Code): BinarySegment | null {
  const f = FORMULAS[c];
  const body = `return function seg(o, oi, a, ai, as, b, bi, bs, n) {
    if (as === 1 && bs === 1) { for (let j = 0; j < n; j++) { const x = a[ai + j], y = b[bi + j]; o[oi + j] = ${f}; } }
    else if (bs === 0) { const y = b[bi]; for (let j = 0; j < n; j++) { const x = a[ai + j * as]; o[oi + j] = ${f}; } }
    else if (as === 0) { const x = a[ai]; for (let j = 0; j < n; j++) { const y = b[bi + j * bs]; o[oi + j] = ${f}; } }
    else { for (let j = 0; j < n; j++) { const x = a[ai + j * as], y = b[bi + j * bs]; o[oi + j] = ${f}; } }
  };`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return (new Function('intPow', body) as (p: typeof intPow) => BinarySegment)(intPow);
  } catch {
    return null;
  }
}

/** The scalar formula of op `c` (C's pow: pow(1, NaN) = 1, pow(-1, ±inf) = 1). */
function apply(c: Code, x: number, y: number): number {
  switch (c) {
    case 0: return x + y;
    case 1: return x - y;
    case 2: return x * y;
    case 3: return x / y;
    case 4: return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
    case 5: return x > y || x !== x ? x : y;
    case 6: return x < y || x !== x ? x : y;
    case 7: return x === y ? 1 : 0;
    case 8: return x < y ? 1 : 0;
    case 9: return x <= y ? 1 : 0;
    case 10: return x > y ? 1 : 0;
    case 11: return x >= y ? 1 : 0;
    case 12: return x !== 0 && y !== 0 ? 1 : 0;
    case 13: return x !== 0 || y !== 0 ? 1 : 0;
    case 14: return Math.imul(x, y);
    default: return intPow(x, y);
  }
}

/** The run loop of op `c`: contiguous, scalar-operand and strided forms. */
function segment(c: Code): BinarySegment {
  return compiled(c) ?? switching(c);
}

/** The shared loops, switching on the op per element (the fallback of `compiled`). */
export function switching(c: Code): BinarySegment {
  return (o, oi, a, ai, as, b, bi, bs, n) => {
    if (as === 1 && bs === 1) {
      for (let j = 0; j < n; j++) o[oi + j] = apply(c, a[ai + j], b[bi + j]);
    } else if (bs === 0) {
      const y = b[bi];
      for (let j = 0; j < n; j++) o[oi + j] = apply(c, a[ai + j * as], y);
    } else if (as === 0) {
      const x = a[ai];
      for (let j = 0; j < n; j++) o[oi + j] = apply(c, x, b[bi + j * bs]);
    } else {
      for (let j = 0; j < n; j++) o[oi + j] = apply(c, a[ai + j * as], b[bi + j * bs]);
    }
  };
}

/**
 * The kernel of binary primitive `name` (int32 outputs of mul and pow use their integer forms).
 *
 * @example
 * const add = binaryKernel('add');
 */
export function binaryKernel<P extends Name>(name: P): CpuKernel<P> {
  const seg = segment(BinaryOp[name]);
  const intSeg = name === 'mul' ? segment(BinaryOp.mulInt) : name === 'pow' ? segment(BinaryOp.powInt) : seg;
  const kernel: CpuKernel<Name> = ([a, b], _attrs, out) => binaryOp(a, b, out, out.dtype === 'int32' ? intSeg : seg);
  return kernel as CpuKernel<P>;
}

export const add = binaryKernel('add');
export const sub = binaryKernel('sub');
export const mul = binaryKernel('mul');
export const div = binaryKernel('div');
export const pow = binaryKernel('pow');
export const maximum = binaryKernel('maximum');
export const minimum = binaryKernel('minimum');
export const equal = binaryKernel('equal');
export const less = binaryKernel('less');
export const lessEqual = binaryKernel('lessEqual');
export const greater = binaryKernel('greater');
export const greaterEqual = binaryKernel('greaterEqual');
export const logicalAnd = binaryKernel('logicalAnd');
export const logicalOr = binaryKernel('logicalOr');
