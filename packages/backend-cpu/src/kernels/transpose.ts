/**
 * transpose: permutes dims, out.shape[i] = x.shape[perm[i]]. A strided copy; a swap of the
 * innermost dims is copied in cache-sized tiles.
 */
import { stridesOf } from '@tensorloom/core';
import { allocFor } from './util/array.js';
import { copyStrided } from './util/strided.js';
import type { CpuKernel } from './util/types.js';

export const transpose: CpuKernel<'transpose'> = ([x], { perm }, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const xStrides = stridesOf(x.shape);
  copyStrided(x.data, 0, perm.map((p) => xStrides[p]), out.shape, o, 0, stridesOf(out.shape));
  return o;
};
