/**
 * mul: a * b with NumPy broadcasting. float32 rounds the exact float64 product once; int32
 * uses Math.imul so the product wraps modulo 2^32 like int32 arithmetic.
 */
import { binaryOp, type BinarySegment } from './util/broadcast.js';
import type { CpuKernel } from './util/types.js';

const floatSeg: BinarySegment = (o, oi, a, ai, as, b, bi, bs, n) => {
  if (as === 1 && bs === 1) {
    for (let j = 0; j < n; j++) o[oi + j] = a[ai + j] * b[bi + j];
    return;
  }
  for (let j = 0; j < n; j++) o[oi + j] = a[ai + j * as] * b[bi + j * bs];
};

const intSeg: BinarySegment = (o, oi, a, ai, as, b, bi, bs, n) => {
  for (let j = 0; j < n; j++) o[oi + j] = Math.imul(a[ai + j * as], b[bi + j * bs]);
};

export const mul: CpuKernel<'mul'> = ([a, b], _attrs, out) =>
  binaryOp(a, b, out, out.dtype === 'int32' ? intSeg : floatSeg);
