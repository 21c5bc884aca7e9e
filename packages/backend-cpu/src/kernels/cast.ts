/**
 * cast: converts between float32, int32 and bool. float -> int truncates toward zero (NaN
 * and ±inf give 0, out-of-range values wrap modulo 2^32, as Int32Array stores do);
 * anything -> bool is x != 0 (so NaN -> true); bool -> number is 0/1. Casting to the same
 * dtype returns the input storage (core shares the handle).
 */
import { allocFor } from './util/array.js';
import type { CpuKernel } from './util/types.js';

export const cast: CpuKernel<'cast'> = ([x], { dtype }, out) => {
  if (x.dtype === dtype) return x.data;
  const s = x.data;
  const o = allocFor(out);
  if (dtype === 'bool') {
    for (let i = 0; i < s.length; i++) o[i] = s[i] !== 0 ? 1 : 0;
  } else {
    // Typed-array stores convert: Int32Array applies ToInt32 (truncation, NaN -> 0),
    // Float32Array rounds to nearest.
    o.set(s);
  }
  return o;
};
