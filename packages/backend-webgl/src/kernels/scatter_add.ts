/**
 * Primitive `scatterAdd` (the transpose of gather): out = x, then
 * out[..., indices[j], ...] += updates[..., j, ...] along `axis`, duplicates summed.
 * With x viewed as [pre, n, post] and updates as [pre, J, post]: where the indices are known
 * on the host (written from JS: im2col tables, token ids), a GLSL program reads each target's
 * updates through a CSR table; otherwise one batched matmul with a one-hot matrix,
 * out = x + onehot(indices, n)ᵀ @ updates (whose size is J × n: fine for small J and n).
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf, type PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel, toFloat } from '../kernel_util.js';
import { checkIndices, hostIndices } from '../host_indices.js';
import { scatterAddByTable } from '../programs/scatter_add_program.js';

export const scatterAdd = kernel<PrimitiveAttrs['scatterAdd']>(([x, idx, upd], { axis }) => {
  const pre = sizeOf(x.shape.slice(0, axis));
  const n = x.shape[axis];
  const post = sizeOf(x.shape.slice(axis + 1));
  const j = sizeOf(idx.shape);
  checkIndices('scatterAdd', idx.data, n);
  const base = tf.reshape(toFloat(x.data), [pre, n, post]);
  if (j === 0) return base;
  const updates = tf.reshape(toFloat(upd.data), [pre, j, post]);
  const host = hostIndices(idx.data);
  const byTable = host ? scatterAddByTable(base as tf.Tensor3D, updates as tf.Tensor3D, host) : null;
  if (byTable) return byTable;
  const oneHot = tf.reshape(tf.oneHot(tf.reshape(castTf(idx.data, 'int32'), [j]), n, 1, 0, 'float32'), [1, j, n]);
  return tf.add(base, tf.matMul(oneHot, updates, true, false));
});
