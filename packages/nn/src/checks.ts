/**
 * Input checks shared by layers: each throws a TensorloomError that names the layer, the
 * shape it got and what it expected.
 */
import { Tensor, TensorloomError, formatShape } from '@tensorloom/core';

/** Checks that `x` is a live float32 Tensor of one of the given ranks. */
export function checkInput(layer: string, x: unknown, ranks: readonly number[], expected: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TensorloomError(layer, `input must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  if (x.isDisposed) throw new TensorloomError(layer, 'input tensor was already disposed');
  if (!ranks.includes(x.rank)) throw new TensorloomError(layer, `expected input ${expected}, got shape ${formatShape(x.shape)}`);
}

/** Checks dimension `dim` of `x` equals `size`. */
export function checkDim(layer: string, x: Tensor, dim: number, size: number, what: string): void {
  const d = dim < 0 ? x.rank + dim : dim;
  if (x.shape[d] !== size) {
    throw new TensorloomError(layer, `expected ${what} = ${size} at dimension ${d}, got shape ${formatShape(x.shape)}`);
  }
}

/** Checks a positive integer option. */
export function checkPositiveInt(layer: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new TensorloomError(layer, `${name} must be a positive integer, got ${v}`);
}
