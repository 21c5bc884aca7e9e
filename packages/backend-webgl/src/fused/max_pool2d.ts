/** Fused `maxPool2d` (NCHW): pad with −∞, then tfjs's NHWC maxPool with 'valid' windows. */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const maxPool2d = kernel<ComposedOpAttrs['maxPool2d']>(([x], { kernelSize, stride, padding }) => {
  let xh = tf.transpose(x.data, [0, 2, 3, 1]) as tf.Tensor4D;
  if (padding[0] || padding[1]) xh = tf.pad(xh, [[0, 0], [padding[0], padding[0]], [padding[1], padding[1]], [0, 0]], -Infinity);
  return tf.transpose(tf.maxPool(xh, kernelSize, stride, 'valid'), [0, 3, 1, 2]);
});
