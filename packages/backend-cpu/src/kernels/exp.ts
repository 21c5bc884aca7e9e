/**
 * exp: elementwise e^x (float32).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const exp: CpuKernel<'exp'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.exp(s[i]);
  return o;
};
