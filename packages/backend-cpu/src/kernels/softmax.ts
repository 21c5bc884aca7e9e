/**
 * softmax (fused): exp(x - max) / sum along `axis`, float64 accumulation.
 */
import { allocFor } from './util/array.js';
import { softmaxAlong } from './util/softmax.js';
import type { CpuFusedKernel } from './util/types.js';

export const softmax: CpuFusedKernel<'softmax'> = ([x], { axis }, out) => {
  const o = allocFor(out);
  softmaxAlong(x.data, x.shape, axis, o, false);
  return o;
};
