/**
 * Primitive `cast`. float32 → int32 truncates toward zero, NaN/±∞ give 0 and values outside
 * the int32 range wrap modulo 2^32 (reduced exactly in float32: the remainder of a float
 * modulo 2^32 is representable); anything → bool is `x != 0` (NaN → true, −0 → false);
 * bool → number is 0 or 1. A cast to the input's own dtype returns the input storage.
 */
import type { PrimitiveKernels } from '@tensorloom/core';
import { elementwise } from './elementwise.js';
import type { S } from '../kernel_util.js';

const F32_TO_I32 = `
fn f32_to_i32(x: f32) -> i32 {
  if (is_nan(x) || is_inf(x)) { return 0; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let r = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(r));
}`;

export const cast: PrimitiveKernels<S>['cast'] = (inputs, { dtype }, out) => {
  const x = inputs[0];
  if (x.dtype === dtype) return x.data;
  const from = x.dtype;
  let f: (v: string) => string;
  let prelude = '';
  if (dtype === 'bool') f = from === 'float32' ? (v) => `select(0u, 1u, (bitcast<u32>(${v}) & 0x7fffffffu) != 0u)` : (v) => `select(0u, 1u, ${v} != 0)`;
  else if (dtype === 'float32') f = from === 'int32' ? (v) => `f32(${v})` : (v) => `f32(${v})`;
  else if (from === 'float32') { f = (v) => `f32_to_i32(${v})`; prelude = F32_TO_I32; }
  else f = (v) => `i32(${v})`;
  return elementwise('cast', inputs, out, ([v]) => f(v), prelude);
};
