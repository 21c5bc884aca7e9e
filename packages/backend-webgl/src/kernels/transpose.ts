/** Primitive `transpose`: permutes dimensions; out.shape[d] = x.shape[perm[d]]. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const transpose = kernel<PrimitiveAttrs['transpose']>(([x], { perm }) =>
  perm.every((p, i) => p === i) ? x.data : tf.transpose(x.data, perm));
