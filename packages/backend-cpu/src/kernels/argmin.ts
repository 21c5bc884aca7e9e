/**
 * argmin along one axis → int32: the first index of the minimum, or of the first NaN.
 */
import { argReduce } from './util/arg_reduce.js';
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const argmin: CpuKernel<'argmin'> = ([x], { axis }, out) => {
  const o = allocFor(out) as Int32Array;
  if (o.length > 0) argReduce(x.data, x.shape, axis, o, false);
  return o;
};
