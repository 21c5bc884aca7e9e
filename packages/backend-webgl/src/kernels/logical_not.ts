/** Primitive `logicalNot`: elementwise boolean negation. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';

export const logicalNot = kernel<PrimitiveAttrs['logicalNot']>(([x]) => tf.logicalNot(castTf(x.data, 'bool')));
