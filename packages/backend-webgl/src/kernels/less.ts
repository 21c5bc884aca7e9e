/** Primitive `less`: elementwise with NumPy broadcasting, via tfjs `less`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const less = kernel<PrimitiveAttrs['less']>(([a, b]) => tf.less(a.data, b.data));
