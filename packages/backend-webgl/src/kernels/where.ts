/** Primitive `where(cond, a, b)`: picks a where cond is true, else b; all three broadcast. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';

export const where = kernel<PrimitiveAttrs['where']>(([c, a, b]) => tf.where(castTf(c.data, 'bool'), a.data, b.data));
