/**
 * logSoftmax (fused): x - max - log(sum(exp(x - max))) along `axis`, float64 accumulation.
 */
import { allocFor } from './util/array.js';
import { softmaxAlong } from './util/softmax.js';
import type { CpuFusedKernel } from './util/types.js';

export const logSoftmax: CpuFusedKernel<'logSoftmax'> = ([x], { axis }, out) => {
  const o = allocFor(out);
  softmaxAlong(x.data, x.shape, axis, o, true);
  return o;
};
