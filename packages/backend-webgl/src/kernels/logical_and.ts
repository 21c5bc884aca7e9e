/** Primitive `logicalAnd`: elementwise boolean `and` with broadcasting. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';

export const logicalAnd = kernel<PrimitiveAttrs['logicalAnd']>(([a, b]) => tf.logicalAnd(castTf(a.data, 'bool'), castTf(b.data, 'bool')));
