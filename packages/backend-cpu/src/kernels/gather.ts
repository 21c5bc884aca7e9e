/**
 * gather (ONNX Gather): out[o, j, i] = x[o, indices[j], i] where o runs over x's dims before
 * `axis`, j over the (flattened) indices and i over the dims after; out shape =
 * x[:axis] + indices.shape + x[axis+1:]. Out-of-range or negative indices throw.
 */
import { allocFor, splitAxis } from './util/array.js';
import { checkIndices } from './util/indices.js';
import type { CpuKernel } from './util/types.js';

export const gather: CpuKernel<'gather'> = ([x, indices], { axis }, out) => {
  const idx = indices.data;
  const { outer, size, inner } = splitAxis(x.shape, axis);
  checkIndices('gather', idx, axis, size);
  const o = allocFor(out);
  if (o.length === 0) return o;
  const s = x.data;
  const ni = idx.length;
  let to = 0;
  for (let q = 0; q < outer; q++) {
    const base = q * size * inner;
    if (inner === 1) {
      for (let j = 0; j < ni; j++) o[to++] = s[base + idx[j]];
    } else {
      for (let j = 0; j < ni; j++) {
        const from = base + idx[j] * inner;
        if (inner >= 16) o.set(s.subarray(from, from + inner), to);
        else for (let t = 0; t < inner; t++) o[to + t] = s[from + t];
        to += inner;
      }
    }
  }
  return o;
};
