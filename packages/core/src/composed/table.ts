/**
 * The table of composed ops that backends may override with fused kernels: each has its
 * composition (used where a backend has no fused kernel) and its VJP, hand-written where one
 * is needed for exact or cheap gradients, else the composition's own gradient. Typed against
 * ComposedOpName, so a new composed op without an entry fails to compile.
 */
import type { ComposedOpAttrs, ComposedOpName } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import type { VjpFn } from '../autograd/node.js';
import type { ComposedOps } from '../engine.js';
import { vjpOfComposition } from '../autograd/composition_vjp.js';
import { composeLogSoftmax, composeLogsumexp, composeSoftmax, logSoftmaxVjp, logsumexpVjp, softmaxVjp } from './softmax.js';
import { composeSoftmaxCrossEntropy, softmaxCrossEntropyVjp } from './cross_entropy.js';
import { composeConv2d, composeConv2dFilterGrad, composeConv2dInputGrad, conv2dVjp } from './conv2d.js';
import { composeAvgPool2d, composeMaxPool2d, composeMaxPool2dGrad, maxPool2dVjp } from './pool.js';
import { composeSigmoid, composeSoftplus, sigmoidVjp, softplusVjp } from './activations.js';

interface Entry<A> {
  compose: (inputs: readonly Tensor[], attrs: A) => Tensor;
  /** A hand-written VJP; absent: differentiate the composition. */
  vjp?: VjpFn<A>;
}

const entries: { [C in ComposedOpName]: Entry<ComposedOpAttrs[C]> } = {
  softmax: { compose: composeSoftmax, vjp: softmaxVjp },
  logSoftmax: { compose: composeLogSoftmax, vjp: logSoftmaxVjp },
  logsumexp: { compose: composeLogsumexp, vjp: logsumexpVjp },
  softmaxCrossEntropy: { compose: composeSoftmaxCrossEntropy, vjp: softmaxCrossEntropyVjp },
  conv2d: { compose: composeConv2d, vjp: conv2dVjp },
  conv2dInputGrad: { compose: composeConv2dInputGrad },
  conv2dFilterGrad: { compose: composeConv2dFilterGrad },
  maxPool2d: { compose: composeMaxPool2d, vjp: maxPool2dVjp },
  maxPool2dGrad: { compose: composeMaxPool2dGrad },
  avgPool2d: { compose: composeAvgPool2d },
  sigmoid: { compose: composeSigmoid, vjp: sigmoidVjp },
  softplus: { compose: composeSoftplus, vjp: softplusVjp },
};

function resolve<A>(e: Entry<A>): { compose: Entry<A>['compose']; vjp: VjpFn<A> } {
  return { compose: e.compose, vjp: e.vjp ?? vjpOfComposition(e.compose) };
}

/** Every composed op with its composition and its VJP, for the engine (wiring.ts installs it). */
export function composedOps(): ComposedOps {
  const out = {} as Record<ComposedOpName, unknown>;
  for (const name of Object.keys(entries) as ComposedOpName[]) out[name] = resolve(entries[name] as Entry<unknown>);
  return out as ComposedOps;
}
