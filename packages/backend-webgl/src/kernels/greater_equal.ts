/** Primitive `greaterEqual`: elementwise with NumPy broadcasting, via tfjs `greaterEqual`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const greaterEqual = kernel<PrimitiveAttrs['greaterEqual']>(([a, b]) => tf.greaterEqual(a.data, b.data));
