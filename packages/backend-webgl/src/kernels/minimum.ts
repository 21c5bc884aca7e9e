/** Primitive `minimum`: elementwise with NumPy broadcasting, via tfjs `minimum`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const minimum = kernel<PrimitiveAttrs['minimum']>(([a, b]) => tf.minimum(a.data, b.data));
