/** Fused `sigmoid`: from z = exp(−|x|), 1/(1+z) for x ≥ 0 and z/(1+z) below (never overflows). */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';
import { elementwise } from '../kernels/elementwise.js';

const PRELUDE = `
fn sigmoid_f(v: f32) -> f32 {
  if (is_nan(v)) { return v; }
  let z = exp(-abs(v));
  return select(z / (1.0 + z), 1.0 / (1.0 + z), v >= 0.0);
}`;

export const sigmoid: NonNullable<FusedKernels<S>['sigmoid']> = (inputs, _attrs, out) =>
  elementwise('sigmoid', inputs, out, ([v]) => `sigmoid_f(${v})`, PRELUDE);
