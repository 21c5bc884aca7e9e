/**
 * sum over sorted `axes` (keepDims only changes the output shape, which core gives). Sums
 * accumulate in float64, so long float32 sums keep their error small; int32 sums wrap
 * modulo 2^32 on store.
 */
import { allocFor } from './util/array.js';
import { forEachReduceRun } from './util/reduce.js';
import type { CpuKernel } from './util/types.js';

export const sum: CpuKernel<'sum'> = ([x], { axes }, out) => {
  const o = allocFor(out);
  const acc = new Float64Array(o.length);
  const s = x.data;
  if (s.length > 0) {
    forEachReduceRun(x.shape, axes, (i0, o0, n, step) => {
      if (step === 0) {
        let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        let j = 0;
        for (; j + 4 <= n; j += 4) {
          t0 += s[i0 + j]; t1 += s[i0 + j + 1]; t2 += s[i0 + j + 2]; t3 += s[i0 + j + 3];
        }
        for (; j < n; j++) t0 += s[i0 + j];
        acc[o0] += (t0 + t1) + (t2 + t3);
      } else {
        for (let j = 0; j < n; j++) acc[o0 + j] += s[i0 + j];
      }
    });
  }
  if (out.dtype === 'bool') for (let i = 0; i < acc.length; i++) o[i] = acc[i] !== 0 ? 1 : 0;
  else o.set(acc);
  return o;
};
