/**
 * Indexing: gather (ONNX Gather), its transpose scatterAdd, indexSelect, takeAlongAxis
 * and oneHot. Indices are int32; out-of-range indices are rejected by the backend.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkAxis, checkNumber, checkSize, describe } from '../validate.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import { shapesEqual, stridesOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { add, equal, greaterEqual, less, logicalOr, mul, where } from './binary.js';
import { rangeOn } from './fill.js';
import { cast } from './unary.js';
import { reshape, unsqueeze } from './movement.js';

function assertIndices(op: string, indices: Tensor): void {
  assertTensor(op, indices, 'indices');
  if (indices.dtype !== 'int32') {
    throw new TensorloomError(op, `indices must be int32, got ${indices.dtype}; make them with { dtype: 'int32' } or cast(idx, 'int32')`);
  }
}

/**
 * Takes slices of `x` along `axis` at `indices` (any shape), like ONNX Gather / tf.gather:
 * the output shape is `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 *
 * @example
 * gather(embeddings, tokenIds, 0); // [vocab, d] and [batch, seq] → [batch, seq, d]
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  return publicOp('gather', () => gatherBody(x, indices, axis));
}

function gatherBody(x: Tensor, indices: Tensor, axis: number): Tensor {
  assertTensor('gather', x);
  assertIndices('gather', indices);
  if (x.rank === 0) throw new TensorloomError('gather', 'cannot gather from a scalar');
  const ax = checkAxis('gather', 'axis', axis, x.rank);
  const shape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  return runPrimitive('gather', [x, indices], { axis: ax }, { shape, dtype: x.dtype });
}

/** Selects entries along `axis` by a 1-D index (PyTorch's `index_select`). @example indexSelect(x, 0, idx) */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  return publicOp('indexSelect', () => {
    assertTensor('indexSelect', x);
    assertIndices('indexSelect', indices);
    if (indices.rank !== 1) throw new TensorloomError('indexSelect', `indices must be 1-D, got ${formatShape(indices.shape)}`);
    return gatherBody(x, indices, axis);
  });
}

/**
 * Adds `updates` into a copy of `x` at `indices` along `axis` (the transpose of gather;
 * repeated indices accumulate): `out[..., indices[j], ...] += updates[..., j, ...]`.
 *
 * @example
 * scatterAdd(zeros([vocab, d]), tokenIds, grads, 0);
 */
export function scatterAdd(x: Tensor, indices: Tensor, updates: Tensor, axis = 0): Tensor {
  return publicOp('scatterAdd', () => scatterAddBody(x, indices, updates, axis));
}

function scatterAddBody(x: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor {
  assertTensor('scatterAdd', x);
  assertIndices('scatterAdd', indices);
  assertTensor('scatterAdd', updates, 'updates');
  if (x.rank === 0) throw new TensorloomError('scatterAdd', 'cannot scatter into a scalar');
  if (x.dtype === 'bool') throw new TensorloomError('scatterAdd', 'cannot add into a bool tensor; cast x and updates to int32 or float32');
  const ax = checkAxis('scatterAdd', 'axis', axis, x.rank);
  const expected = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  if (!shapesEqual(updates.shape, expected)) {
    throw new TensorloomError('scatterAdd', `updates must have shape x[:axis] + indices + x[axis+1:] = ${formatShape(expected)}, got ${formatShape(updates.shape)}`);
  }
  if (updates.dtype !== x.dtype) throw new TensorloomError('scatterAdd', `updates are ${updates.dtype} but x is ${x.dtype}; cast one`);
  return runPrimitive('scatterAdd', [x, indices, updates], { axis: ax }, { shape: x.shape, dtype: x.dtype });
}

/**
 * Picks one entry per position along `axis` (NumPy's take_along_axis, PyTorch's gather):
 * `indices` has x's shape except along `axis`.
 *
 * @example
 * takeAlongAxis(logProbs, targets.unsqueeze(1), 1); // [N, 1]
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor {
  return publicOp('takeAlongAxis', () => takeAlongAxisBody(x, indices, axis));
}

function takeAlongAxisBody(x: Tensor, indices: Tensor, axis: number): Tensor {
  assertTensor('takeAlongAxis', x);
  assertIndices('takeAlongAxis', indices);
  if (x.rank === 0) throw new TensorloomError('takeAlongAxis', 'cannot take from a scalar');
  const ax = checkAxis('takeAlongAxis', 'axis', axis, x.rank);
  if (indices.rank !== x.rank || indices.shape.some((d, i) => i !== ax && d !== x.shape[i])) {
    throw new TensorloomError('takeAlongAxis', `indices ${formatShape(indices.shape)} must match x ${formatShape(x.shape)} except along axis ${ax}`);
  }
  return tidy(() => {
    // flat index = sum over dims of coordinate * stride, with the axis coordinate from `indices`.
    const n = x.shape[ax];
    const strides = stridesOf(x.shape);
    let flat = mul(indices, strides[ax]);
    for (let d = 0; d < x.rank; d++) {
      if (d === ax || indices.shape[d] === 1) continue;
      const shape = indices.shape.map((_, i) => (i === d ? indices.shape[d] : 1));
      flat = add(flat, reshape(mul(rangeOn(x.backend, indices.shape[d]), strides[d]), shape));
    }
    // An index outside [0, n) along the axis must not land in another row: send it past the end.
    flat = where(logicalOr(less(indices, 0), greaterEqual(indices, n)), x.size, flat);
    try {
      return gather(reshape(x, [x.size]), flat, 0);
    } catch (e) {
      if (e instanceof TensorloomError) throw new TensorloomError('takeAlongAxis', `an index is out of range for axis ${ax} of size ${n}; indices must be in [0, ${n})`);
      throw e;
    }
  });
}

/**
 * One-hot encoding of int32 class indices along a new last axis. An index outside
 * [0, numClasses) is an error (as in PyTorch), found by the backend's gather.
 *
 * @example
 * oneHot(tensor([0, 2], { dtype: 'int32' }), 3); // [[1,0,0],[0,0,1]]
 */
export function oneHot(indices: Tensor, numClasses: number, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  return publicOp('oneHot', () => {
    assertIndices('oneHot', indices);
    checkNumber('oneHot', 'numClasses', numClasses, { integer: true, min: 1 });
    if (dtype !== 'float32' && dtype !== 'int32') throw new TensorloomError('oneHot', `dtype must be 'float32' or 'int32', got ${describe(dtype)}`);
    checkSize('oneHot', [...indices.shape, numClasses]); // before anything is allocated
    return tidy(() => {
      const classes = rangeOn(indices.backend, numClasses);
      let checked: Tensor;
      try {
        // gather rejects an index outside [0, numClasses): no all-zero rows for bad labels.
        checked = runPrimitive('gather', [classes, indices], { axis: 0 }, { shape: indices.shape, dtype: 'int32' });
      } catch (e) {
        if (e instanceof TensorloomError) throw new TensorloomError('oneHot', `an index is out of range; class indices must be in [0, ${numClasses}) (${e.message.replace(/^[^:]*: /, '')})`);
        throw e;
      }
      return cast(equal(unsqueeze(checked, -1), classes), dtype);
    });
  });
}
