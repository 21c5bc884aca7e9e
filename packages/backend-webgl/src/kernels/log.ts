/** Primitive `log`: elementwise, via tfjs `log` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const log = kernel<PrimitiveAttrs['log']>(([x]) => tf.log(toFloat(x.data)));
