/**
 * The table of composed ops that backends may fuse: each has its composition (used where a
 * backend has no fused kernel) and, where one is needed for exact or cheap gradients, a
 * hand-written VJP. Without one, the gradient is the composition's. Typed against
 * CompositeName, so a new composed op without an entry fails to compile.
 */
import type { CompositeAttrs, CompositeName } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import type { VjpFn } from '../autograd/node.js';
import { composeLogSoftmax, composeLogsumexp, composeSoftmax, logSoftmaxVjp, logsumexpVjp, softmaxVjp } from './softmax.js';
import { composeSoftmaxCrossEntropy, softmaxCrossEntropyVjp } from './cross_entropy.js';
import { composeConv2d, composeConv2dFilterGrad, composeConv2dInputGrad, conv2dVjp } from './conv.js';
import { composeAvgPool2d, composeMaxPool2d, maxPool2dVjp } from './pool.js';
import { composeSigmoid, composeSoftplus, sigmoidVjp, softplusVjp } from './activations.js';

export interface CompositeDef<A> {
  compose: (inputs: readonly Tensor[], attrs: A) => Tensor;
  vjp?: VjpFn<A>;
}

export const composites: { [C in CompositeName]: CompositeDef<CompositeAttrs[C]> } = {
  softmax: { compose: composeSoftmax, vjp: softmaxVjp },
  logSoftmax: { compose: composeLogSoftmax, vjp: logSoftmaxVjp },
  logsumexp: { compose: composeLogsumexp, vjp: logsumexpVjp },
  softmaxCrossEntropy: { compose: composeSoftmaxCrossEntropy, vjp: softmaxCrossEntropyVjp },
  conv2d: { compose: composeConv2d, vjp: conv2dVjp },
  conv2dInputGrad: { compose: composeConv2dInputGrad },
  conv2dFilterGrad: { compose: composeConv2dFilterGrad },
  maxPool2d: { compose: composeMaxPool2d, vjp: maxPool2dVjp },
  avgPool2d: { compose: composeAvgPool2d },
  sigmoid: { compose: composeSigmoid, vjp: sigmoidVjp },
  softplus: { compose: composeSoftplus, vjp: softplusVjp },
};
