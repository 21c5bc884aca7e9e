/**
 * Primitive `scatterAdd` (the transpose of gather): out = x, then
 * out[..., indices[j], ...] += updates[..., j, ...] along `axis`, duplicates summed.
 * On the GPU this is one batched matmul with a one-hot matrix: with x viewed as
 * [pre, n, post] and updates as [pre, J, post], out = x + onehot(indices, n)ᵀ @ updates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf, type PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel, toFloat } from '../kernel_util.js';
import { checkIndices } from '../host_indices.js';

export const scatterAdd = kernel<PrimitiveAttrs['scatterAdd']>(([x, idx, upd], { axis }) => {
  const pre = sizeOf(x.shape.slice(0, axis));
  const n = x.shape[axis];
  const post = sizeOf(x.shape.slice(axis + 1));
  const j = sizeOf(idx.shape);
  checkIndices('scatterAdd', idx.data, n);
  const base = tf.reshape(toFloat(x.data), [pre, n, post]);
  if (j === 0) return base;
  const oneHot = tf.reshape(tf.oneHot(tf.reshape(castTf(idx.data, 'int32'), [j]), n, 1, 0, 'float32'), [1, j, n]);
  const updates = tf.reshape(toFloat(upd.data), [pre, j, post]);
  return tf.add(base, tf.matMul(oneHot, updates, true, false));
});
