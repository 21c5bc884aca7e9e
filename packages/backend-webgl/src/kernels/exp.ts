/** Primitive `exp`: elementwise, via tfjs `exp` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const exp = kernel<PrimitiveAttrs['exp']>(([x]) => tf.exp(toFloat(x.data)));
