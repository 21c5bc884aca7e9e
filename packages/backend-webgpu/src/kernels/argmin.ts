/** Primitive `argmin`: int32 index of the first minimum along `axis` (a NaN counts as the minimum). */
import type { PrimitiveKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { argRows, asRows, releaseTemp } from './reduce_rows.js';

export const argmin: PrimitiveKernels<S>['argmin'] = ([x], { axis }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'argmin');
  const v = asRows('argmin', x, [axis]);
  argRows('argmin', rt, v.data, v.rows, v.len, x.dtype, o);
  if (v.temp) releaseTemp(rt, v.data);
  return o;
};
