/** Primitive `maximum`: elementwise with NumPy broadcasting, via tfjs `maximum`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const maximum = kernel<PrimitiveAttrs['maximum']>(([a, b]) => tf.maximum(a.data, b.data));
