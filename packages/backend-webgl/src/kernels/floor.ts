/** Primitive `floor`: elementwise, via tfjs `floor`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const floor = kernel<PrimitiveAttrs['floor']>(([x]) => tf.floor(x.data));
