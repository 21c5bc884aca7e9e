/**
 * cos: elementwise cosine (float32).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const cos: CpuKernel<'cos'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = Math.cos(s[i]);
  return o;
};
