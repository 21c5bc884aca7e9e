/**
 * logicalOr: a OR b elementwise with broadcasting (bool in, bool out).
 */
import { binaryOp, type BinarySegment } from './util/broadcast.js';
import type { CpuKernel } from './util/types.js';

const seg: BinarySegment = (o, oi, a, ai, as, b, bi, bs, n) => {
  if (as === 1 && bs === 1) {
    for (let j = 0; j < n; j++) {
      const x = a[ai + j];
      const y = b[bi + j];
      o[oi + j] = x !== 0 || y !== 0 ? 1 : 0;
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const x = a[ai + j * as];
    const y = b[bi + j * bs];
    o[oi + j] = x !== 0 || y !== 0 ? 1 : 0;
  }
};

export const logicalOr: CpuKernel<'logicalOr'> = ([a, b], _attrs, out) => binaryOp(a, b, out, seg);
