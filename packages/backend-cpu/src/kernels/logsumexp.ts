/**
 * logsumexp (fused) over sorted `axes`: log(sum(exp(x - m))) + m with m the max, or 0 where
 * the max is ±inf (torch), so an all -inf group gives -inf and a +inf entry gives +inf.
 * NaN propagates. Two passes over x in memory order, float64 accumulation.
 */
import { allocFor } from './util/array.js';
import { forEachReduceRun } from './util/reduce.js';
import type { CpuFusedKernel } from './util/types.js';

export const logsumexp: CpuFusedKernel<'logsumexp'> = ([x], { axes }, out) => {
  const o = allocFor(out);
  const n = o.length;
  const s = x.data;
  const m = new Float64Array(n).fill(-Infinity);
  const acc = new Float64Array(n);
  if (s.length > 0) {
    forEachReduceRun(x.shape, axes, (i0, o0, len, step) => {
      for (let j = 0; j < len; j++) {
        const v = s[i0 + j];
        const t = o0 + j * step;
        if (v > m[t] || v !== v) m[t] = v;
      }
    });
    for (let i = 0; i < n; i++) if (m[i] === Infinity || m[i] === -Infinity) m[i] = 0;
    forEachReduceRun(x.shape, axes, (i0, o0, len, step) => {
      if (step === 0) {
        const shift = m[o0];
        let t = 0;
        for (let j = 0; j < len; j++) t += Math.exp(s[i0 + j] - shift);
        acc[o0] += t;
      } else {
        for (let j = 0; j < len; j++) acc[o0 + j] += Math.exp(s[i0 + j] - m[o0 + j]);
      }
    });
  }
  for (let i = 0; i < n; i++) {
    const shift = m[i] === -Infinity ? 0 : m[i];
    o[i] = Math.log(acc[i]) + shift;
  }
  return o;
};
