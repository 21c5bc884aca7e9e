/**
 * softmaxCrossEntropy (fused, forward): cross-entropy of logits with the class axis `axis`,
 * matching torch.nn.functional.cross_entropy. Per position i (every index but the class
 * axis), l_i = -Σ_c a_ic · logSoftmax(x)_ic, where a term with a_ic = 0 contributes 0:
 * - int32 class targets t: a_ic = valid_i · ((1-ε)·w[t_i]·[c = t_i] + ε·w[c]/C), valid_i =
 *   t_i ≠ ignoreIndex; 'mean' divides by Σ_i valid_i·w[t_i] (0/0 = NaN, as torch).
 * - float32 soft targets y (logits' shape): a_ic = w[c]·((1-ε)·y_ic + ε/C); 'mean' divides
 *   by the number of positions.
 * Inputs: logits, target, optional weight [C]. Float64 throughout.
 */
import { TensorloomError } from '@tensorloom/core';
import type { TypedArray } from '@tensorloom/core';
import { allocFor, splitAxis } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const softmaxCrossEntropy: CpuFusedKernel<'softmaxCrossEntropy'> = (inputs, attrs, out) => {
  const [logits, target, weight] = inputs;
  const { axis, reduction, labelSmoothing: eps, ignoreIndex } = attrs;
  const { outer, size: c, inner } = splitAxis(logits.shape, axis);
  const positions = outer * inner;
  const x = logits.data;
  const t = target.data;
  const w: TypedArray | null = weight ? weight.data : null;
  const hard = target.dtype === 'int32';
  if (hard) checkTargets(t, c, ignoreIndex);

  const losses = new Float64Array(positions);
  let denom = 0;
  const keep = 1 - eps;
  const smooth = eps / c;
  for (let q = 0; q < outer; q++) {
    for (let j = 0; j < inner; j++) {
      const i = q * inner + j;
      const base = q * c * inner + j;
      if (hard && ignoreIndex !== null && t[i] === ignoreIndex) continue;
      // log-sum-exp of this position's logits (stride `inner` along the class axis).
      let m = -Infinity;
      for (let k = 0; k < c; k++) {
        const v = x[base + k * inner];
        if (v > m || v !== v) m = v;
      }
      let se = 0;
      for (let k = 0; k < c; k++) se += Math.exp(x[base + k * inner] - m);
      const ls = Math.log(se);
      let l = 0;
      if (hard) {
        const ti = t[i];
        const wt = w ? w[ti] : 1;
        denom += wt;
        const a = keep * wt;
        if (a !== 0) l -= a * (x[base + ti * inner] - m - ls);
        if (smooth !== 0) {
          let sl = 0;
          for (let k = 0; k < c; k++) {
            const wk = w ? w[k] : 1;
            if (wk !== 0) sl += wk * (x[base + k * inner] - m - ls);
          }
          l -= smooth * sl;
        }
      } else {
        for (let k = 0; k < c; k++) {
          const a = (w ? w[k] : 1) * (keep * t[base + k * inner] + smooth);
          if (a !== 0) l -= a * (x[base + k * inner] - m - ls);
        }
      }
      losses[i] = l;
    }
  }

  const o = allocFor(out);
  if (reduction === 'none') {
    o.set(losses);
    return o;
  }
  let total = 0;
  for (let i = 0; i < positions; i++) total += losses[i];
  o[0] = reduction === 'sum' ? total : total / (hard ? denom : positions);
  return o;
};

function checkTargets(t: TypedArray, c: number, ignoreIndex: number | null): void {
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (ignoreIndex !== null && v === ignoreIndex) continue;
    if (!(v >= 0 && v < c)) {
      const also = ignoreIndex !== null ? ` (or equal ignoreIndex ${ignoreIndex})` : '';
      throw new TensorloomError(
        'softmaxCrossEntropy',
        `target ${v} is out of range for ${c} classes; class targets must be in [0, ${c})${also}`,
      );
    }
  }
}
