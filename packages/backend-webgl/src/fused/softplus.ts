/** Fused `softplus`: (max(βx, 0) + log1p(e^−|βx|)) / β, and x itself where βx > threshold. */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const softplus = kernel<ComposedOpAttrs['softplus']>(([x], { beta, threshold }) => {
  const bx = tf.mul(x.data, beta);
  const soft = tf.div(tf.add(tf.relu(bx), tf.log1p(tf.exp(tf.neg(tf.abs(bx))))), beta);
  return tf.where(tf.greater(bx, threshold), x.data, soft);
});
