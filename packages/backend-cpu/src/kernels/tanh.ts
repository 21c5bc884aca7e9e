/**
 * tanh: elementwise hyperbolic tangent (float32).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const tanh: CpuKernel<'tanh'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.tanh(s[i]);
  return o;
};
