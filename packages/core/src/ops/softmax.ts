/**
 * The softmax family: softmax, logSoftmax and logsumexp over any axis. Each is one composed
 * op (a backend may fuse it) with a hand-written VJP:
 *   softmax:    dx = p ⊙ (g − Σ g⊙p)          (the Jacobian diag(p) − ppᵀ applied to g)
 *   logSoftmax: dx = g − softmax(x) · Σ g
 *   logsumexp:  dx = g · exp(x − lse)
 * Numerics: the row max is subtracted; −∞ entries give probability 0 and no NaN; a row of
 * all −∞ gives NaN, as in PyTorch.
 */
import { TensorloomError, publicOp } from '../errors.js';
import { checkAxes, checkAxis, checkBoolean } from '../validate.js';
import { runComposed } from '../engine.js';
import { reducedShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';

function assertFloat(op: string, x: Tensor): void {
  assertTensor(op, x);
  if (x.dtype !== 'float32') throw new TensorloomError(op, `expects float32 logits, got ${x.dtype}; cast(x, 'float32') first`);
}

/**
 * Softmax along `axis`: exp(x − max) / Σ exp(x − max).
 *
 * @example
 * softmax(tensor([[1000, -1000, 0]]), -1); // [[1, 0, 0]]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return publicOp('softmax', () => {
    assertFloat('softmax', x);
    if (x.rank === 0) throw new TensorloomError('softmax', 'needs at least one dimension; a scalar has no axis to normalise over');
    const ax = checkAxis('softmax', 'axis', axis, x.rank);
    return runComposed('softmax', [x], { axis: ax }, { shape: x.shape, dtype: 'float32' });
  });
}

/**
 * log(softmax(x)) computed as x − logsumexp(x): finite for logits far apart.
 *
 * @example
 * logSoftmax(tensor([1e4, 0, -1e4])); // [0, -1e4, -2e4]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return publicOp('logSoftmax', () => {
    assertFloat('logSoftmax', x);
    if (x.rank === 0) throw new TensorloomError('logSoftmax', 'needs at least one dimension; a scalar has no axis to normalise over');
    const ax = checkAxis('logSoftmax', 'axis', axis, x.rank);
    return runComposed('logSoftmax', [x], { axis: ax }, { shape: x.shape, dtype: 'float32' });
  });
}

/**
 * log Σ exp(x) over `axis` (all axes when absent), without overflow.
 *
 * @example
 * logsumexp(tensor([1000, 1000])); // 1000.6931
 */
export function logsumexp(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return publicOp('logsumexp', () => {
    assertFloat('logsumexp', x);
    const axes = checkAxes('logsumexp', 'axis', axis, x.rank);
    checkBoolean('logsumexp', 'keepDims', keepDims, false);
    return runComposed('logsumexp', [x], { axes, keepDims }, { shape: reducedShape(x.shape, axes, keepDims), dtype: 'float32' });
  });
}
