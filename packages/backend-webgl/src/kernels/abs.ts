/** Primitive `abs`: elementwise, via tfjs `abs`. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const abs = kernel<PrimitiveAttrs['abs']>(([x]) => tf.abs(x.data));
