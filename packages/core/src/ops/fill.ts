/**
 * Tensors filled with one value beside an existing tensor (`zerosLike`, `onesLike`,
 * `fullLike`), and the internal helpers that ops use to make constants and index tables on a
 * given backend. Nothing here needs a current backend.
 */
import type { Backend } from '../backend.js';
import type { DType } from '../dtype.js';
import { arrayFor } from '../dtype.js';
import { fromValues } from '../engine.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { TensorloomError, publicOp } from '../errors.js';
import { checkDType, describe } from '../validate.js';

/** A tensor of `shape` and `dtype` on `backend`, every element `value`. */
export function filled(backend: Backend, shape: readonly number[], value: number | boolean, dtype: DType): Tensor {
  const values = arrayFor(dtype, sizeOf(shape));
  values.fill(Number(value));
  return fromValues(backend, values, shape, dtype);
}

/** int32 [0, 1, …, n-1] on `backend`. */
export function rangeOn(backend: Backend, n: number): Tensor {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  return fromValues(backend, values, [n], 'int32');
}

/**
 * `value` with `x`'s shape and backend (and its dtype unless given).
 *
 * @example
 * fullLike(x, 0.5);
 */
export function fullLike(x: Tensor, value: number, dtype?: DType): Tensor {
  return publicOp('fullLike', () => fullLikeBody('fullLike', x, value, dtype));
}

function fullLikeBody(op: string, x: Tensor, value: number, dtype: DType | undefined): Tensor {
  assertTensor(op, x);
  checkDType(op, 'dtype', dtype, true);
  const dt = dtype ?? x.dtype;
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TensorloomError(op, `value must be a number or a boolean, got ${describe(value)}`);
  if (dt === 'int32' && (!Number.isFinite(value) || Math.abs(Math.trunc(value as number)) > 2 ** 31 - 1)) {
    throw new TensorloomError(op, `${value} cannot be stored as int32 (finite values in [−2^31, 2^31 − 1] only); pass dtype 'float32'`);
  }
  const v = dt === 'bool' ? ((value as unknown) !== 0 && (value as unknown) !== false) : dt === 'int32' ? Math.trunc(Number(value)) : value;
  return filled(x.backend, x.shape, v, dt);
}

/** Zeros with `x`'s shape, dtype and backend. @example zerosLike(w) */
export function zerosLike(x: Tensor, dtype?: DType): Tensor { return publicOp('zerosLike', () => fullLikeBody('zerosLike', x, 0, dtype)); }
/** Ones with `x`'s shape, dtype and backend. @example onesLike(loss) */
export function onesLike(x: Tensor, dtype?: DType): Tensor { return publicOp('onesLike', () => fullLikeBody('onesLike', x, 1, dtype)); }
