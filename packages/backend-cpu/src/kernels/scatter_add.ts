/**
 * scatterAdd, the transpose of gather: out = copy of x, then out[o, indices[j], i] +=
 * updates[o, j, i]; repeated indices accumulate (in index order). Out-of-range or negative
 * indices throw. bool tensors OR instead of adding.
 */
import { allocFor, splitAxis } from './util/array.js';
import { checkIndices } from './util/indices.js';
import type { CpuKernel } from './util/types.js';

export const scatterAdd: CpuKernel<'scatterAdd'> = ([x, indices, updates], { axis }, out) => {
  const idx = indices.data;
  const { outer, size, inner } = splitAxis(x.shape, axis);
  checkIndices('scatterAdd', idx, axis, size);
  const o = allocFor(out);
  o.set(x.data);
  const u = updates.data;
  const ni = idx.length;
  const isBool = out.dtype === 'bool';
  let from = 0;
  for (let q = 0; q < outer; q++) {
    const base = q * size * inner;
    for (let j = 0; j < ni; j++) {
      const to = base + idx[j] * inner;
      if (isBool) for (let t = 0; t < inner; t++) o[to + t] |= u[from + t];
      else for (let t = 0; t < inner; t++) o[to + t] += u[from + t];
      from += inner;
    }
  }
  return o;
};
