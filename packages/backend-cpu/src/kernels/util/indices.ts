/**
 * Bounds checking of int32 indices for gather and scatterAdd.
 */
import { TensorloomError } from '@tensorloom/core';
import type { TypedArray } from '@tensorloom/core';

/** Throws a TensorloomError naming `op` if any index is outside [0, size). */
export function checkIndices(op: string, indices: TypedArray, axis: number, size: number): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!(v >= 0 && v < size)) {
      throw new TensorloomError(op, `index ${v} is out of range for axis ${axis} of size ${size}; indices must be in [0, ${size})`);
    }
  }
}
