/**
 * floor: elementwise round toward -inf (float32; int32 passes through unchanged).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const floor: CpuKernel<'floor'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.floor(s[i]);
  return o;
};
