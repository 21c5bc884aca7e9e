/** Primitive `erf`: elementwise, via tfjs `erf` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const erf = kernel<PrimitiveAttrs['erf']>(([x]) => tf.erf(toFloat(x.data)));
