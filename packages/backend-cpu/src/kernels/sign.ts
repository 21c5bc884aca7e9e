/**
 * sign: -1, 0 or 1 elementwise (float32 or int32). sign(±0) = 0 and NaN stays NaN.
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const sign: CpuKernel<'sign'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    o[i] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN;
  }
  return o;
};
