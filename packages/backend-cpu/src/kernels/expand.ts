/**
 * expand: broadcasts x to `shape` (NumPy rules; the output may add leading dims). Expanding
 * to the same shape returns the input storage.
 */
import { stridesOf } from '@tensorloom/core';
import { allocFor } from './util/array.js';
import { copyStrided } from './util/strided.js';
import type { CpuKernel } from './util/types.js';

export const expand: CpuKernel<'expand'> = ([x], _attrs, out) => {
  const shape = out.shape;
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x.data;
  const o = allocFor(out);
  if (o.length === 0) return o;
  const rank = shape.length;
  const xStrides = stridesOf(x.shape);
  const src = new Array<number>(rank).fill(0);
  for (let i = rank - 1, j = x.shape.length - 1; j >= 0; i--, j--) src[i] = x.shape[j] === 1 ? 0 : xStrides[j];
  copyStrided(x.data, 0, src, shape, o, 0, stridesOf(shape));
  return o;
};
