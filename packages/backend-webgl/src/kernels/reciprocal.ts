/** Primitive `reciprocal`: elementwise, via tfjs `reciprocal` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const reciprocal = kernel<PrimitiveAttrs['reciprocal']>(([x]) => tf.reciprocal(toFloat(x.data)));
