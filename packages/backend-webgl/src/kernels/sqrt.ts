/** Primitive `sqrt`: elementwise, via tfjs `sqrt` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const sqrt = kernel<PrimitiveAttrs['sqrt']>(([x]) => tf.sqrt(toFloat(x.data)));
