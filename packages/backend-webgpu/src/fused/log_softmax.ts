/** Fused `logSoftmax` along `axis`: x − max − log Σ exp(x − max), finite for logits far apart. */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';
import { softmaxRows } from './softmax_rows.js';

export const logSoftmax: NonNullable<FusedKernels<S>['logSoftmax']> = ([x], { axis }, out) => softmaxRows('logSoftmax', x, axis, out);
