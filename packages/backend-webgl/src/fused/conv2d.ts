/**
 * Fused `conv2d` (NCHW, weight [O, C/groups, kh, kw]) on tfjs's conv2d, which is NHWC with
 * filters [kh, kw, C, O]: transpose in and out, split channels for groups, and where tfjs
 * refuses stride > 1 together with dilation > 1, convolve at stride 1 and subsample.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const conv2d = kernel<ComposedOpAttrs['conv2d']>(([x, w], { stride, padding, dilation, groups }) => {
  const xh = tf.transpose(x.data, [0, 2, 3, 1]) as tf.Tensor4D;
  const wh = tf.transpose(w.data, [2, 3, 1, 0]) as tf.Tensor4D;
  const both = (stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1);
  const strides: [number, number] = both ? [1, 1] : stride;
  const pad: [[number, number], [number, number], [number, number], [number, number]] =
    [[0, 0], [padding[0], padding[0]], [padding[1], padding[1]], [0, 0]];
  const one = (xs: tf.Tensor4D, ws: tf.Tensor4D): tf.Tensor4D => tf.conv2d(xs, ws, strides, pad, 'NHWC', dilation);
  let y: tf.Tensor4D;
  if (groups === 1) y = one(xh, wh);
  else {
    const xs = tf.split(xh, groups, 3);
    const ws = tf.split(wh, groups, 3);
    y = tf.concat(xs.map((xi, g) => one(xi as tf.Tensor4D, ws[g] as tf.Tensor4D)), 3) as tf.Tensor4D;
  }
  if (both) y = tf.stridedSlice(y, [0, 0, 0, 0], y.shape, [1, stride[0], stride[1], 1]) as tf.Tensor4D;
  return tf.transpose(y, [0, 3, 1, 2]);
});
