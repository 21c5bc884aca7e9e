/** Primitive `slice`: the block starting at `begin` with extent `size` (already validated by core). */
import * as tf from '@tensorflow/tfjs-core';
import type { PrimitiveAttrs } from '@tensorloom/core';
import { kernel } from '../kernel_util.js';

export const slice = kernel<PrimitiveAttrs['slice']>(([x], { begin, size }) => tf.slice(x.data, begin, size));
