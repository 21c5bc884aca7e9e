/** Primitive `pow`: a ** b with broadcasting, via tfjs `pow` (negative bases need integer exponents). */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const pow = kernel<PrimitiveAttrs['pow']>(([a, b]) => tf.pow(a.data, b.data));
