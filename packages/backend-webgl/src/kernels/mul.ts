/** Primitive `mul`: elementwise with NumPy broadcasting, via tfjs `mul`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const mul = kernel<PrimitiveAttrs['mul']>(([a, b]) => tf.mul(a.data, b.data));
