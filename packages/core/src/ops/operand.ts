/**
 * Helpers shared by ops: turning JS numbers into tensors beside a tensor operand, and
 * running an op body on operands that it disposes afterwards.
 */
import type { DType } from '../dtype.js';
import { arrayFor } from '../dtype.js';
import { TensorloomError } from '../errors.js';
import { fromValues } from '../engine.js';
import { Tensor } from '../tensor.js';
import { checkTensor, checkTensorLike } from '../validate.js';

export type TensorLike = Tensor | number | boolean;

/** The dtype a JS scalar takes beside a tensor of dtype `other`. */
export function scalarDType(value: number | boolean, other: DType): DType {
  if (typeof value === 'boolean') return 'bool';
  if (other === 'float32' || !Number.isInteger(value)) return 'float32';
  return 'int32';
}

/** A rank-0 tensor holding `value`, on `like`'s backend. */
export function scalarLike(value: number | boolean, like: Tensor, dtype?: DType): Tensor {
  const dt = dtype ?? scalarDType(value, like.dtype);
  const values = arrayFor(dt, 1);
  values[0] = Number(value);
  return fromValues(like.backend, values, [], dt);
}

/** Checks `x` is a live Tensor, naming the op and argument otherwise. */
export function assertTensor(op: string, x: unknown, what = 'input'): asserts x is Tensor {
  checkTensor(op, what, x);
}

/**
 * Turns two operands (at least one a Tensor) into tensors; numbers become scalars beside the
 * tensor. Returns the tensors and a function that disposes the ones made here.
 */
export function tensorPair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor, () => void] {
  checkTensorLike(op, 'first operand', a);
  checkTensorLike(op, 'second operand', b);
  const made: Tensor[] = [];
  const ta = a instanceof Tensor ? a : b instanceof Tensor ? scalarLike(a, b) : null;
  if (!ta) throw new TensorloomError(op, 'at least one operand must be a Tensor; make one with tensor(...)');
  if (ta !== a) made.push(ta);
  const tb = b instanceof Tensor ? b : scalarLike(b, ta);
  if (tb !== b) made.push(tb);
  assertTensor(op, ta, 'first operand');
  assertTensor(op, tb, 'second operand');
  return [ta, tb, () => made.forEach((t) => t.dispose())];
}
