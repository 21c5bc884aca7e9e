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
