/** Primitive `logicalOr`: elementwise boolean `or` with broadcasting. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { castTf, kernel } from '../kernel_util.js';

export const logicalOr = kernel<PrimitiveAttrs['logicalOr']>(([a, b]) => tf.logicalOr(castTf(a.data, 'bool'), castTf(b.data, 'bool')));
