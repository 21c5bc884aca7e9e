/** Primitive `lessEqual`: elementwise with NumPy broadcasting, via tfjs `lessEqual`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const lessEqual = kernel<PrimitiveAttrs['lessEqual']>(([a, b]) => tf.lessEqual(a.data, b.data));
