/**
 * The shared body of softmax and logSoftmax along one axis: subtract the max (NaN-propagating),
 * sum exponentials in float64, then normalise. A row of all -inf gives NaN (as torch), -inf
 * entries give 0 / -inf. Rows along the last axis are contiguous; for an inner axis the work
 * runs across the `inner` positions at once, so every pass reads memory in order.
 */
import type { TypedArray } from '@tensorloom/core';
import { splitAxis } from './array.js';

export function softmaxAlong(s: TypedArray, shape: readonly number[], axis: number, o: TypedArray, log: boolean): void {
  const { outer, size: c, inner } = splitAxis(shape, axis);
  if (c === 0 || outer === 0 || inner === 0) return;
  if (inner === 1) {
    const e = new Float64Array(c);
    for (let q = 0; q < outer; q++) {
      const base = q * c;
      let m = -Infinity;
      for (let k = 0; k < c; k++) {
        const v = s[base + k];
        if (v > m || v !== v) m = v;
      }
      let sum = 0;
      for (let k = 0; k < c; k++) {
        const t = Math.exp(s[base + k] - m);
        e[k] = t;
        sum += t;
      }
      if (log) {
        const ls = Math.log(sum);
        for (let k = 0; k < c; k++) o[base + k] = s[base + k] - m - ls;
      } else {
        for (let k = 0; k < c; k++) o[base + k] = e[k] / sum;
      }
    }
    return;
  }
  const m = new Float64Array(inner);
  const sum = new Float64Array(inner);
  const e = new Float64Array(c * inner);
  for (let q = 0; q < outer; q++) {
    const base = q * c * inner;
    m.fill(-Infinity);
    sum.fill(0);
    for (let k = 0; k < c; k++) {
      const row = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const v = s[row + j];
        if (v > m[j] || v !== v) m[j] = v;
      }
    }
    for (let k = 0; k < c; k++) {
      const row = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const t = Math.exp(s[row + j] - m[j]);
        e[k * inner + j] = t;
        sum[j] += t;
      }
    }
    if (log) {
      for (let j = 0; j < inner; j++) sum[j] = Math.log(sum[j]);
      for (let k = 0; k < c; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) o[row + j] = s[row + j] - m[j] - sum[j];
      }
    } else {
      for (let k = 0; k < c; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) o[row + j] = e[k * inner + j] / sum[j];
      }
    }
  }
}
