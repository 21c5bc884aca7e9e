/** Fused `softmax` along `axis` (one workgroup per row, online max-and-sum). */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';
import { softmaxRows } from './softmax_rows.js';

export const softmax: NonNullable<FusedKernels<S>['softmax']> = ([x], { axis }, out) => softmaxRows('softmax', x, axis, out);
