/**
 * Shared body of argmax and argmin: the index along `axis` of the best value, the first on
 * ties, and the first NaN if there is one (torch treats NaN as the max and the min).
 */
import type { TypedArray } from '@tensorloom/core';
import { splitAxis } from './array.js';

/**
 * Writes into `o` (x's shape without `axis`) the index along `axis` of the max (`greater`)
 * or the min of `s`; a size-0 axis leaves `o` as zeros (core rejects it).
 */
export function argReduce(
  s: TypedArray, shape: readonly number[], axis: number, o: Int32Array, greater: boolean,
): void {
  const { outer, size, inner } = splitAxis(shape, axis);
  if (size === 0) return;
  const best = new Float64Array(inner);
  const bestIdx = new Int32Array(inner);
  for (let q = 0; q < outer; q++) {
    const base = q * size * inner;
    for (let j = 0; j < inner; j++) best[j] = s[base + j];
    bestIdx.fill(0);
    for (let r = 1; r < size; r++) {
      const row = base + r * inner;
      for (let j = 0; j < inner; j++) {
        const v = s[row + j];
        const b = best[j];
        if (b !== b) continue;
        if ((greater ? v > b : v < b) || v !== v) {
          best[j] = v;
          bestIdx[j] = r;
        }
      }
    }
    o.set(bestIdx, q * inner);
  }
}
