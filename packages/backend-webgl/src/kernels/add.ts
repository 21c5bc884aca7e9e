/** Primitive `add`: elementwise with NumPy broadcasting, via tfjs `add`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const add = kernel<PrimitiveAttrs['add']>(([a, b]) => tf.add(a.data, b.data));
