/**
 * where: out = condition ? a : b elementwise, all three broadcast (condition is bool 0/1;
 * a and b share the output dtype).
 */
import { allocFor } from './util/array.js';
import { broadcastPlan, forEachRun, innerStride } from './util/broadcast.js';
import type { CpuKernel } from './util/types.js';

export const where: CpuKernel<'where'> = ([cond, a, b], _attrs, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const c = cond.data;
  const ad = a.data;
  const bd = b.data;
  const n = o.length;
  // Fast paths: every operand full-size (same layout once broadcasting is valid) or a scalar
  // branch (relu's gradient: where(x > 0, g, 0)).
  if (c.length === n && (ad.length === n || ad.length === 1) && (bd.length === n || bd.length === 1)) {
    if (ad.length === n && bd.length === n) {
      for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? ad[i] : bd[i];
    } else if (ad.length === n) {
      const y = bd[0];
      for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? ad[i] : y;
    } else if (bd.length === n) {
      const x = ad[0];
      for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? x : bd[i];
    } else {
      const x = ad[0];
      const y = bd[0];
      for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? x : y;
    }
    return o;
  }
  const plan = broadcastPlan([cond.shape, a.shape, b.shape], out.shape);
  const cs = innerStride(plan, 0);
  const as = innerStride(plan, 1);
  const bs = innerStride(plan, 2);
  forEachRun(plan, (oi, offs, n) => {
    const c0 = offs[0];
    const a0 = offs[1];
    const b0 = offs[2];
    for (let j = 0; j < n; j++) o[oi + j] = c[c0 + j * cs] !== 0 ? ad[a0 + j * as] : bd[b0 + j * bs];
  });
  return o;
};
