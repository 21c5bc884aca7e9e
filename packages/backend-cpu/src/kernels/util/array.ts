/**
 * Allocation of output storage: a zeroed typed array of a dtype, recycled where the buffer
 * pool has one of that length (see buffer_pool.ts).
 */
import type { DType, TypedArray } from '@tensorloom/core';
import { sizeOf } from '@tensorloom/core';
import { reuse } from './buffer_pool.js';

/** A zeroed typed array for `dtype` with `size` elements (recycled where the pool has one). */
export function alloc(dtype: DType, size: number): TypedArray {
  const pooled = reuse(dtype, size);
  if (pooled) return pooled.fill(0);
  return fresh(dtype, size);
}

/** A new typed array for `dtype` with `size` elements, or a recycled one (contents undefined). */
export function allocUninit(dtype: DType, size: number): TypedArray {
  return reuse(dtype, size) ?? fresh(dtype, size);
}

function fresh(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

/** A new zeroed typed array for an output of `shape` and `dtype`. */
export function allocFor(out: { readonly shape: readonly number[]; readonly dtype: DType }): TypedArray {
  return alloc(out.dtype, sizeOf(out.shape));
}

/**
 * Splits `shape` around `axis` into (outer, size, inner): the element at
 * (o, i, j) lives at `(o * size + i) * inner + j`.
 */
export function splitAxis(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, size: shape[axis], inner };
}
