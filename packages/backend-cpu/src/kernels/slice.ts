/**
 * slice: the block x[begin[d] : begin[d] + size[d]] in every dim, copied contiguous.
 */
import { stridesOf } from '@tensorloom/core';
import { allocFor } from './util/array.js';
import { copyStrided } from './util/strided.js';
import type { CpuKernel } from './util/types.js';

export const slice: CpuKernel<'slice'> = ([x], { begin, size }, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const xStrides = stridesOf(x.shape);
  let off = 0;
  for (let d = 0; d < begin.length; d++) off += begin[d] * xStrides[d];
  copyStrided(x.data, off, xStrides, size, o, 0, stridesOf(size));
  return o;
};
