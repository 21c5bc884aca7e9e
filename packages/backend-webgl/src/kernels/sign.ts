/** Primitive `sign`: −1, 0 or 1 elementwise; NaN stays NaN (tfjs gives 0 for NaN). */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const sign = kernel<PrimitiveAttrs['sign']>(([x]) =>
  x.dtype === 'float32' ? tf.where(tf.isNaN(x.data), x.data, tf.sign(x.data)) : tf.sign(x.data));
