/** Primitive `slice`: the block begin[d] .. begin[d] + size[d] of each dimension (a strided read). */
import type { PrimitiveKernels } from '@tensorloom/core';
import { indexMap } from './index_map.js';
import { stridesOf } from '../gpu/wgsl.js';
import type { S } from '../kernel_util.js';

export const slice: PrimitiveKernels<S>['slice'] = ([x], { begin }, out) => {
  const st = stridesOf(x.shape);
  const base = begin.reduce((acc, b, d) => acc + b * st[d], 0);
  return indexMap('slice', x, out, st, base);
};
