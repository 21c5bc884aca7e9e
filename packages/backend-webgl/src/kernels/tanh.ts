/** Primitive `tanh`: elementwise, via tfjs `tanh` in float32. */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel, toFloat } from '../kernel_util.js';

export const tanh = kernel<PrimitiveAttrs['tanh']>(([x]) => tf.tanh(toFloat(x.data)));
