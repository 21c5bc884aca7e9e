/**
 * Fused `softplus`: x where βx > threshold (as torch compares it, in float32), else
 * log1p(exp(βx))/β with an accurate log1p (log(u)·t/(u − 1), u = 1 + t). β and the threshold
 * are baked into the shader (one per setting; models use one or two).
 */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';
import { elementwise } from '../kernels/elementwise.js';
import { f32Bits } from '../gpu/wgsl.js';

function prelude(beta: number, threshold: number): string {
  return `
var<private> SP_BETA: u32 = ${f32Bits(beta)}u;
var<private> SP_THRESHOLD: u32 = ${f32Bits(threshold)}u;
fn log1p_f(t: f32) -> f32 {
  let u = 1.0 + t;
  if (u == 1.0) { return t; }
  if (is_inf(u)) { return u; }
  return log(u) * t / (u - 1.0);
}
fn softplus_f(v: f32) -> f32 {
  let beta = bitcast<f32>(SP_BETA);
  let bx = v * beta;
  if (bx > bitcast<f32>(SP_THRESHOLD)) { return v; }
  return log1p_f(exp(bx)) / beta;
}`;
}

export const softplus: NonNullable<FusedKernels<S>['softplus']> = (inputs, { beta, threshold }, out) =>
  elementwise('softplus', inputs, out, ([v]) => `softplus_f(${v})`, prelude(beta, threshold));
