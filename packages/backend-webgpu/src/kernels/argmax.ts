/** Primitive `argmax`: int32 index of the first maximum along `axis` (a NaN counts as the maximum). */
import type { PrimitiveKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { argRows, asRows, releaseTemp } from './reduce_rows.js';

export const argmax: PrimitiveKernels<S>['argmax'] = ([x], { axis }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'argmax');
  const v = asRows('argmax', x, [axis]);
  argRows('argmax', rt, v.data, v.rows, v.len, x.dtype, o);
  if (v.temp) releaseTemp(rt, v.data);
  return o;
};
