/** The WebGPU backend's fused kernels for composed ops (core composes the rest from primitives). */
import type { FusedKernels } from '@tensorloom/core';
import type { GpuTensorStorage } from '../storage.js';
import { softmax } from './softmax.js';
import { logSoftmax } from './log_softmax.js';
import { logsumexp } from './logsumexp.js';
import { softmaxCrossEntropy } from './softmax_cross_entropy.js';
import { conv2d } from './conv2d.js';
import { conv2dInputGrad } from './conv2d_input_grad.js';
import { conv2dFilterGrad } from './conv2d_filter_grad.js';
import { avgPool2d, maxPool2d } from './pool2d.js';
import { sigmoid } from './sigmoid.js';
import { softplus } from './softplus.js';

/**
 * Fused overrides of composed ops.
 *
 * @example
 * console.log(Object.keys(webgpuFused)); // ['softmax', 'logSoftmax', …, 'avgPool2d']
 */
export const webgpuFused: FusedKernels<GpuTensorStorage> = {
  softmax, logSoftmax, logsumexp, softmaxCrossEntropy, conv2d, conv2dInputGrad, conv2dFilterGrad, maxPool2d, avgPool2d, sigmoid, softplus,
};
