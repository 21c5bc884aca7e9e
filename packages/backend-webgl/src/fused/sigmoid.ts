/** Fused `sigmoid`: 1 / (1 + e^−x) without overflow: e = e^−|x|, then 1/(1+e) or e/(1+e). */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const sigmoid = kernel<ComposedOpAttrs['sigmoid']>(([x]) => {
  const e = tf.exp(tf.neg(tf.abs(x.data)));
  const r = tf.div(1, tf.add(e, 1));
  return tf.where(tf.greater(x.data, 0), r, tf.mul(e, r));
});
