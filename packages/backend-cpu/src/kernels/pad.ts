/**
 * pad: constant padding, `pads[d] = [before, after]` per dim, filled with `value`.
 */
import { stridesOf } from '@tensorloom/core';
import { allocFor } from './util/array.js';
import { copyStrided } from './util/strided.js';
import type { CpuKernel } from './util/types.js';

export const pad: CpuKernel<'pad'> = ([x], { pads, value }, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  if (value !== 0) o.fill(out.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
  if (x.data.length === 0) return o;
  const oStrides = stridesOf(out.shape);
  let off = 0;
  for (let d = 0; d < pads.length; d++) off += pads[d][0] * oStrides[d];
  copyStrided(x.data, 0, stridesOf(x.shape), x.shape, o, off, oStrides);
  return o;
};
