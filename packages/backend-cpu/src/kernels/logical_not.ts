/**
 * logicalNot: elementwise NOT of a bool tensor (stored 0/1).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const logicalNot: CpuKernel<'logicalNot'> = ([x], _attrs, out) => {
  const s = x.data;
  const o = allocFor(out);
  for (let i = 0; i < s.length; i++) o[i] = s[i] === 0 ? 1 : 0;
  return o;
};
