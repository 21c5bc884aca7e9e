/**
 * Primitive `argmin`: the index of the min along `axis` (int32), the first one on ties. A NaN
 * counts as the min (its first index), as in PyTorch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const argmin = kernel<PrimitiveAttrs['argmin']>(([x], { axis }) => {
  const plain = tf.argMin(x.data, axis);
  if (x.dtype !== 'float32') return plain;
  const nan = tf.isNaN(x.data);
  return tf.where(tf.any(nan, axis), tf.argMax(tf.cast(nan, 'float32'), axis), plain);
});
