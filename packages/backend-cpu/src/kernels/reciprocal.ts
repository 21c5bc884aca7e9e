/**
 * reciprocal: elementwise 1/x (float32; 1/0 = inf).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const reciprocal: CpuKernel<'reciprocal'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = 1 / s[i];
  return o;
};
