/** Primitive `sub`: elementwise with NumPy broadcasting, via tfjs `sub`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const sub = kernel<PrimitiveAttrs['sub']>(([a, b]) => tf.sub(a.data, b.data));
