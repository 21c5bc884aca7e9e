/** Primitive `transpose`: out.shape[i] = x.shape[perm[i]], a strided read of x. */
import type { PrimitiveKernels } from '@tensorloom/core';
import { indexMap } from './index_map.js';
import { stridesOf } from '../gpu/wgsl.js';
import type { S } from '../kernel_util.js';

export const transpose: PrimitiveKernels<S>['transpose'] = ([x], { perm }, out) => {
  const st = stridesOf(x.shape);
  return indexMap('transpose', x, out, perm.map((p) => st[p]), 0);
};
