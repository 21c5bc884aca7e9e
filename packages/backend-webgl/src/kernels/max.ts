/** Primitive `max`: reduces over sorted `axes` (none: identity); NaN propagates; empty gives −∞. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';
import { maxFloat } from '../programs/max_program.js';

export const max = kernel<PrimitiveAttrs['max']>(([x], { axes, keepDims }, out) => {
  if (axes.length === 0) return x.data;
  if (x.data.size === 0) return tf.fill(out.shape as number[], -Infinity, out.dtype);
  // Own program: tfjs's max starts at −1e20 (see programs/max_program); ints go through float32.
  return maxFloat(toFloat(x.data), axes, keepDims);
});
