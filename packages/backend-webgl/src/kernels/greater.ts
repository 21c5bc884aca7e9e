/** Primitive `greater`: elementwise with NumPy broadcasting, via tfjs `greater`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const greater = kernel<PrimitiveAttrs['greater']>(([a, b]) => tf.greater(a.data, b.data));
