/**
 * softplus (fused): x where beta*x > threshold (the product rounded to float32, as torch
 * compares it), else log1p(exp(beta*x)) / beta.
 */
import { allocFor } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const softplus: CpuFusedKernel<'softplus'> = ([x], { beta, threshold }, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    const bx = v * beta;
    o[i] = Math.fround(bx) > threshold ? v : Math.log1p(Math.exp(bx)) / beta;
  }
  return o;
};
