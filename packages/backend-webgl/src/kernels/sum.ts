/** Primitive `sum`: reduces over sorted `axes` (none: identity), optionally keeping them as size 1. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const sum = kernel<PrimitiveAttrs['sum']>(([x], { axes, keepDims }, out) => {
  if (axes.length === 0) return x.data;
  if (x.data.size === 0) return tf.zeros(out.shape as number[], out.dtype);
  return tf.sum(x.data, axes, keepDims);
});
