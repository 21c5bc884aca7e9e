/**
 * concat: joins n inputs along `axis` (all other dims equal). For each outer index, each
 * input contributes one contiguous chunk of size[axis] * inner elements.
 */
import { allocFor, splitAxis } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const concat: CpuKernel<'concat'> = (inputs, { axis }, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const { outer, inner } = splitAxis(out.shape, axis);
  const rowLen = out.shape[axis] * inner;
  let col = 0;
  for (const x of inputs) {
    const chunk = x.shape[axis] * inner;
    if (chunk > 0) {
      const s = x.data;
      for (let q = 0; q < outer; q++) {
        const from = q * chunk;
        const to = q * rowLen + col;
        if (chunk >= 16) o.set(s.subarray(from, from + chunk), to);
        else for (let j = 0; j < chunk; j++) o[to + j] = s[from + j];
      }
    }
    col += chunk;
  }
  return o;
};
