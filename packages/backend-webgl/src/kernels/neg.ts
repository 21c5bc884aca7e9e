/** Primitive `neg`: elementwise, via tfjs `neg`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const neg = kernel<PrimitiveAttrs['neg']>(([x]) => tf.neg(x.data));
