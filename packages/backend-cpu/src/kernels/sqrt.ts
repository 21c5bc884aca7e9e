/**
 * sqrt: elementwise square root (float32; sqrt(x < 0) = NaN).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const sqrt: CpuKernel<'sqrt'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.sqrt(s[i]);
  return o;
};
