/** Primitive `concat`: joins inputs along `axis`; empty inputs contribute nothing. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const concat = kernel<PrimitiveAttrs['concat']>((inputs, { axis }) => {
  const parts = inputs.filter((t) => t.data.size > 0).map((t) => t.data);
  return parts.length === 1 ? parts[0] : tf.concat(parts, axis);
});
