/**
 * Host copies of int32 tensors written from JS (class targets, gather indices), so that
 * gather and scatterAdd can reject out-of-range indices synchronously without a GPU read.
 * Indices computed on the GPU (argmax, casts…) are not checked: tfjs reads 0 for them.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { TensorloomError } from '@tensorloom/core';

/** Larger int32 writes are not mirrored on the host. */
const MAX_MIRRORED = 1 << 20;

const mirrors = new WeakMap<tf.Tensor, Int32Array>();

/** Remembers the host values of a freshly written int32 storage. */
export function mirrorInts(storage: tf.Tensor, values: Int32Array): void {
  if (values.length <= MAX_MIRRORED) mirrors.set(storage, values);
}

/** Throws a TensorloomError naming `op` if a known index is outside [0, n). */
export function checkIndices(op: string, storage: tf.Tensor, n: number): void {
  const values = mirrors.get(storage);
  if (!values) return;
  for (const i of values) {
    if (!(i >= 0 && i < n)) throw new TensorloomError(op, `index ${i} is out of range for a dimension of size ${n}`);
  }
}

/** The host copy of an int32 storage written from JS, if one was kept. */
export function hostIndices(storage: tf.Tensor): Int32Array | undefined {
  return mirrors.get(storage);
}
