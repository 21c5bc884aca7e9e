/**
 * Fused `avgPool2d` (NCHW) on tfjs's NHWC avgPool over zero-padded input; without
 * `countIncludePad`, divides by the average of a padded ones-mask instead (the window's
 * count of real pixels over its size).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const avgPool2d = kernel<ComposedOpAttrs['avgPool2d']>(([x], { kernelSize, stride, padding, countIncludePad }) => {
  const xh = tf.transpose(x.data, [0, 2, 3, 1]) as tf.Tensor4D;
  const padded = !!(padding[0] || padding[1]);
  const pads: Array<[number, number]> = [[0, 0], [padding[0], padding[0]], [padding[1], padding[1]], [0, 0]];
  const pool = (t: tf.Tensor4D): tf.Tensor4D => tf.avgPool(padded ? tf.pad(t, pads) : t, kernelSize, stride, 'valid');
  let y = pool(xh);
  if (padded && !countIncludePad) {
    y = tf.div(y, pool(tf.ones([1, xh.shape[1], xh.shape[2], 1]) as tf.Tensor4D));
  }
  return tf.transpose(y, [0, 3, 1, 2]);
});
