/**
 * log: elementwise natural logarithm (float32; log(0) = -inf, log(x < 0) = NaN).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const log: CpuKernel<'log'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.log(s[i]);
  return o;
};
