/**
 * abs: elementwise |x| (float32 or int32; int32 wraps, so |-2^31| = -2^31).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const abs: CpuKernel<'abs'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.abs(s[i]);
  return o;
};
