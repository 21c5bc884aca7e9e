/** Primitive `sum` over sorted axes (float32 or int32, int32 wraps; an empty group sums to 0). */
import type { PrimitiveKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { asRows, reduceRows, releaseTemp } from './reduce_rows.js';

export const sum: PrimitiveKernels<S>['sum'] = ([x], { axes }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'sum');
  const v = asRows('sum', x, axes);
  reduceRows('sum', rt, v.data, v.rows, v.len, x.dtype, o);
  if (v.temp) releaseTemp(rt, v.data);
  return o;
};
