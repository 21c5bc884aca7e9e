/** Primitive `max` over sorted axes (float32 or int32); any NaN in a group gives NaN. */
import type { PrimitiveKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { asRows, reduceRows, releaseTemp } from './reduce_rows.js';

export const max: PrimitiveKernels<S>['max'] = ([x], { axes }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'max');
  const v = asRows('max', x, axes);
  reduceRows('max', rt, v.data, v.rows, v.len, x.dtype, o);
  if (v.temp) releaseTemp(rt, v.data);
  return o;
};
