/**
 * Fused `logsumexp` over `axes`: m + log Σ exp(x − m), with the shift m set to 0 where the
 * max is ±∞, as core's composition does. A group of all −∞ gives exactly −∞ (GPU exp(−∞)
 * need not be 0: SwiftShader's gives ~6e-39, whose log is −88).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';
import { maxFloat } from '../programs/max_program.js';

/** log Σ exp(x) over `axes`, keeping them as size 1 (tfjs ops; call inside a tidy). */
export function logsumexpKeep(x: tf.Tensor, axes: number[]): tf.Tensor {
  const m = maxFloat(x, axes, true);
  const shift = tf.where(tf.equal(tf.abs(m), Infinity), tf.zerosLike(m), m);
  const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(x, shift)), axes, true)), shift);
  return tf.where(tf.equal(m, -Infinity), m, lse);
}

export const logsumexp = kernel<ComposedOpAttrs['logsumexp']>(([x], { axes, keepDims }) => {
  if (axes.length === 0) return x.data;
  if (keepDims) return logsumexpKeep(x.data, axes);
  const m = maxFloat(x.data, axes, false);
  const lse = tf.reshape(logsumexpKeep(x.data, axes), m.shape);
  return tf.where(tf.equal(m, -Infinity), m, lse);
});
