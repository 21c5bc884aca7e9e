/**
 * pow: a ** b with NumPy broadcasting. float32 follows C's pow (so pow(1, NaN) = 1 and
 * pow(-1, ±inf) = 1, where JS's Math.pow gives NaN). int32 is exact integer power by
 * squaring, wrapping modulo 2^32; a negative exponent gives the truncated 1 / a^-b (1 for
 * a = 1, ±1 for a = -1, else 0; 0 for a = 0, where torch raises).
 */
import { binaryOp, type BinarySegment } from './util/broadcast.js';
import type { CpuKernel } from './util/types.js';

const floatSeg: BinarySegment = (o, oi, a, ai, as, b, bi, bs, n) => {
  for (let j = 0; j < n; j++) {
    const x = a[ai + j * as];
    const y = b[bi + j * bs];
    o[oi + j] = x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
  }
};

/** x ** e for int32 x and e, wrapping like int32. */
export function intPow(x: number, e: number): number {
  if (e < 0) {
    if (x === 1) return 1;
    if (x === -1) return (e & 1) === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let base = x | 0;
  let k = e;
  while (k > 0) {
    if (k & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    k >>>= 1;
  }
  return r;
}

const intSeg: BinarySegment = (o, oi, a, ai, as, b, bi, bs, n) => {
  for (let j = 0; j < n; j++) o[oi + j] = intPow(a[ai + j * as], b[bi + j * bs]);
};

export const pow: CpuKernel<'pow'> = ([a, b], _attrs, out) =>
  binaryOp(a, b, out, out.dtype === 'int32' ? intSeg : floatSeg);
