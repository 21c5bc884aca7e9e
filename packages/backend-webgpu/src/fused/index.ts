/** The WebGPU backend's fused kernels for composed ops (core composes the rest from primitives). */
import type { FusedKernels } from '@tensorloom/core';
import type { S } from '../kernel_util.js';
import { softmax } from './softmax.js';
import { logSoftmax } from './log_softmax.js';
import { logsumexp } from './logsumexp.js';
import { softmaxCrossEntropy } from './softmax_cross_entropy.js';

/**
 * Fused overrides of composed ops.
 *
 * @example
 * console.log(Object.keys(webgpuFused)); // ['softmax', 'logSoftmax', 'logsumexp', 'softmaxCrossEntropy']
 */
export const webgpuFused: FusedKernels<S> = { softmax, logSoftmax, logsumexp, softmaxCrossEntropy };
