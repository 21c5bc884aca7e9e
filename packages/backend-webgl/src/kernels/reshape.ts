/** Primitive `reshape`: same values, new shape (tfjs shares the texture). */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const reshape = kernel<PrimitiveAttrs['reshape']>(([x], { shape }) => tf.reshape(x.data, shape));
