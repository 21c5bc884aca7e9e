/**
 * The unary elementwise kernels (neg … logicalNot), each a WGSL formula per dtype run by the
 * elementwise generator. IEEE specials are handled explicitly with bit tests (log(0) = −∞,
 * log(x < 0) = NaN, tanh(±∞) = ±1, sign(NaN) = NaN); sin and cos are our own (trig_wgsl.ts); int32 negation and abs wrap.
 */
import type { PrimitiveKernels } from '@tensorloom/core';
import { elementwise } from './elementwise.js';
import { ERF_WGSL } from './erf_wgsl.js';
import { TRIG_WGSL } from './trig_wgsl.js';
import type { S } from '../kernel_util.js';

type Unary = 'neg' | 'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'erf' | 'abs' | 'sign' | 'floor' | 'reciprocal' | 'logicalNot';

/** Formula per op: float32 (or bool for logicalNot) and, where the op takes it, int32. */
const F: Record<Unary, { f: (x: string) => string; i?: (x: string) => string; prelude?: string }> = {
  neg: { f: (x) => `-${x}`, i: (x) => `bitcast<i32>(0u - bitcast<u32>(${x}))` },
  exp: { f: (x) => `select(exp(${x}), ${x}, is_nan(${x}))` },
  log: { f: (x) => `select(select(select(log(${x}), -inf_f(), ${x} == 0.0), nan_f(), ${x} < 0.0 || is_nan(${x})), inf_f(), ${x} == inf_f())` },
  sqrt: { f: (x) => `select(select(sqrt(${x}), ${x}, ${x} == 0.0 || ${x} == inf_f()), nan_f(), ${x} < 0.0 || is_nan(${x}))` },
  sin: { f: (x) => `sin_f(${x})`, prelude: TRIG_WGSL },
  cos: { f: (x) => `cos_f(${x})`, prelude: TRIG_WGSL },
  tanh: { f: (x) => `tanh_f(${x})`, prelude: `
fn tanh_f(x: f32) -> f32 {
  // Cephes tanhf: a minimax polynomial below 0.625, 1 - 2t/(1 + t) with t = e^(-2|x|) above
  // (one final rounding, so 1 + tanh and 1 - tanh^2 keep their digits near +-1).
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax > 10.0) { return sign(x); }
  if (ax < 0.625) {
    let z = x * x;
    return ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z - 3.33332819422e-1) * z * x + x;
  }
  let t = exp(-2.0 * ax);
  return sign(x) * (1.0 - 2.0 * t / (1.0 + t));
}` },
  erf: { f: (x) => `erf_f(${x})`, prelude: ERF_WGSL },
  abs: { f: (x) => `abs(${x})`, i: (x) => `select(${x}, bitcast<i32>(0u - bitcast<u32>(${x})), ${x} < 0)` },
  sign: { f: (x) => `select(select(select(0.0, -1.0, ${x} < 0.0), 1.0, ${x} > 0.0), ${x}, is_nan(${x}))`, i: (x) => `sign(${x})` },
  floor: { f: (x) => `floor(${x})` },
  reciprocal: { f: (x) => `select(1.0 / ${x}, select(inf_f(), -inf_f(), (bitcast<u32>(${x}) & 0x80000000u) != 0u), ${x} == 0.0)` },
  logicalNot: { f: (x) => `select(0u, 1u, ${x} == 0u)` },
};

function make(op: Unary): PrimitiveKernels<S>[Unary] {
  const spec = F[op];
  return (inputs, _attrs, out) => {
    const x = inputs[0];
    if (op === 'floor' && x.dtype === 'int32') return x.data;
    const f = x.dtype === 'int32' && spec.i ? spec.i : spec.f;
    return elementwise(op, inputs, out, ([a]) => f(a), spec.prelude ?? '');
  };
}

export const neg = make('neg');
export const exp = make('exp');
export const log = make('log');
export const sqrt = make('sqrt');
export const sin = make('sin');
export const cos = make('cos');
export const tanh = make('tanh');
export const erf = make('erf');
export const abs = make('abs');
export const sign = make('sign');
export const floor = make('floor');
export const reciprocal = make('reciprocal');
export const logicalNot = make('logicalNot');
