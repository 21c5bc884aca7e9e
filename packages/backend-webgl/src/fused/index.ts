/**
 * The fused kernels the WebGL backend overrides: the softmax family (own composition in one
 * tfjs tidy, IEEE division), conv2d and pooling (tfjs NHWC kernels), sigmoid and softplus.
 * softmaxCrossEntropy is deliberately absent: core's composition (on logits) is used, never
 * tfjs-layers' loss, which clips probabilities.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { FusedKernels } from '@tensorloom/core';
import { softmax } from './softmax.js';
import { logSoftmax } from './log_softmax.js';
import { logsumexp } from './logsumexp.js';
import { conv2d } from './conv2d.js';
import { maxPool2d } from './max_pool2d.js';
import { avgPool2d } from './avg_pool2d.js';
import { sigmoid } from './sigmoid.js';
import { softplus } from './softplus.js';

/** Every fused kernel of the WebGL backend. */
export const webglFused: FusedKernels<tf.Tensor> = {
  softmax, logSoftmax, logsumexp, conv2d, maxPool2d, avgPool2d, sigmoid, softplus,
};
