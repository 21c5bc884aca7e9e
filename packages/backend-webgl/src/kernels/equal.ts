/** Primitive `equal`: elementwise with NumPy broadcasting, via tfjs `equal`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const equal = kernel<PrimitiveAttrs['equal']>(([a, b]) => tf.equal(a.data, b.data));
