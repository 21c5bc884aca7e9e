/**
 * sigmoid (fused): 1 / (1 + e^-x), computed from z = exp(-|x|) so it never overflows:
 * 1/(1+z) for x >= 0 and z/(1+z) for x < 0.
 */
import { allocFor } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const sigmoid: CpuFusedKernel<'sigmoid'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    const z = Math.exp(-Math.abs(v));
    o[i] = v >= 0 ? 1 / (1 + z) : z / (1 + z);
  }
  return o;
};
