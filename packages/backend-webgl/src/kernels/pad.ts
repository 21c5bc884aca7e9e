/** Primitive `pad`: constant padding, `pads[d] = [before, after]`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const pad = kernel<PrimitiveAttrs['pad']>(([x], { pads, value }, out) => {
  if (x.data.size === 0) return tf.fill(out.shape as number[], value, out.dtype);
  return tf.pad(x.data, pads, value);
});
