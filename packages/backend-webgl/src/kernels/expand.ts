/** Primitive `expand`: broadcasts x to `shape` (NumPy rules; leading dims may be added). */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const expand = kernel<PrimitiveAttrs['expand']>(([x], { shape }) => tf.broadcastTo(x.data, shape));
