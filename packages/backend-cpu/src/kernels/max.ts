/**
 * max over sorted `axes`; NaN propagates (any NaN in a reduced group gives NaN). An empty
 * group gives -inf (core rejects that case for public calls).
 */
import { allocFor } from './util/array.js';
import { forEachReduceRun } from './util/reduce.js';
import type { CpuKernel } from './util/types.js';

export const max: CpuKernel<'max'> = ([x], { axes }, out) => {
  const o = allocFor(out);
  const acc = new Float64Array(o.length).fill(-Infinity);
  const s = x.data;
  if (s.length > 0) {
    forEachReduceRun(x.shape, axes, (i0, o0, n, step) => {
      if (step === 0) {
        let m = acc[o0];
        for (let j = 0; j < n; j++) {
          const v = s[i0 + j];
          if (v > m || v !== v) m = v;
        }
        acc[o0] = m;
      } else {
        for (let j = 0; j < n; j++) {
          const v = s[i0 + j];
          if (v > acc[o0 + j] || v !== v) acc[o0 + j] = v;
        }
      }
    });
  }
  o.set(acc);
  return o;
};
