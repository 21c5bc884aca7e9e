/**
 * Primitive `matmul`: batched [B, M, K] x [B, K, N] (B may be 1 on either side), with
 * transpose flags; int32 operands are multiplied in float32 (exact below 2^24).
 * Transposes are done explicitly, not by tfjs's matMul flags: on packed textures made by
 * earlier ops, tfjs 4.22's packed matMul with transposeB read wrong values (the MLP's
 * backward pass, dh = dlogits @ w2ᵀ, was wrong after one SGD step; see test/training).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const matmul = kernel<PrimitiveAttrs['matmul']>(([a, b], { transposeA, transposeB }, out) => {
  const k = transposeA ? a.shape[1] : a.shape[2];
  if (k === 0) return tf.zeros(out.shape as number[], out.dtype); // an empty sum (tfjs cannot compile it)
  const a2 = transposeA ? tf.transpose(toFloat(a.data), [0, 2, 1]) : toFloat(a.data);
  const b2 = transposeB ? tf.transpose(toFloat(b.data), [0, 2, 1]) : toFloat(b.data);
  return tf.matMul(a2, b2);
});
