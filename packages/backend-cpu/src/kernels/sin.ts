/**
 * sin: elementwise sine (float32).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const sin: CpuKernel<'sin'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.sin(s[i]);
  return o;
};
