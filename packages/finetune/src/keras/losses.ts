/**
 * Keras loss names → loss functions for the Trainer. When the model ends in softmax (or
 * sigmoid) and the loss takes probabilities, the activation is fused into the loss: the loss
 * gets the pre-activation logits and uses core's softmaxCrossEntropy (or BCE with logits),
 * which stays exact for logits far apart, where clip-then-log (tfjs-layers) is wrong.
 */
import { TensorloomError, softmaxCrossEntropy, takeAlongAxis, tidy, type Tensor } from '@tensorloom/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from '@tensorloom/nn';
import type { LossFn } from '../trainer/types.js';
import type { ActivationName } from './layer.js';

/** Keras's loss names. */
export type KerasLossName = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError';

const EPS = 1e-7;

/** A resolved loss: the function and whether it wants the pre-activation output. */
export interface ResolvedLoss { fn: LossFn; fromLogits: boolean }

/** Integer targets shaped like the logits without their last axis ([N, 1] → [N]). */
function classTargets(y: Tensor, z: Tensor): Tensor {
  const shape = z.shape.slice(0, -1);
  const t = y.rank !== shape.length && y.size === shape.reduce((a, b) => a * b, 1) ? y.reshape(shape) : y;
  return t.dtype === 'int32' ? t : t.cast('int32');
}

const matchShape = (y: Tensor, like: Tensor): Tensor => (y.size === like.size && y.rank !== like.rank ? y.reshape(like.shape) : y);

/**
 * Resolves a loss for a model whose last layer has activation `last`.
 *
 * @example
 * const { fn, fromLogits } = resolveLoss('sparseCategoricalCrossentropy', 'softmax'); // fromLogits: true
 */
export function resolveLoss(loss: KerasLossName | LossFn, last: ActivationName): ResolvedLoss {
  if (typeof loss === 'function') return { fn: loss, fromLogits: false };
  switch (loss) {
    case 'categoricalCrossentropy':
      if (last === 'softmax') return { fn: (z, y) => softmaxCrossEntropy(z, y.dtype === 'float32' ? y : y.cast('float32'), { axis: -1 }), fromLogits: true };
      return { fn: (p, y) => tidy(() => y.cast('float32').mul(p.clamp(EPS, 1 - EPS).log()).sum(-1).mean().neg()), fromLogits: false };
    case 'sparseCategoricalCrossentropy':
      if (last === 'softmax') return { fn: (z, y) => softmaxCrossEntropy(z, classTargets(y, z), { axis: -1 }), fromLogits: true };
      return {
        fn: (p, y) => tidy(() => {
          const labels = y.reshape([-1]).cast('int32');
          const flat = p.reshape([labels.shape[0], -1]).clamp(EPS, 1 - EPS).log();
          return takeAlongAxis(flat, labels.unsqueeze(1), 1).mean().neg();
        }),
        fromLogits: false,
      };
    case 'binaryCrossentropy':
      if (last === 'sigmoid') return { fn: (z, y) => binaryCrossEntropyWithLogits(z, matchShape(y, z).cast('float32')), fromLogits: true };
      return { fn: (p, y) => binaryCrossEntropy(p.clamp(EPS, 1 - EPS), matchShape(y, p).cast('float32')), fromLogits: false };
    case 'meanSquaredError':
      return { fn: (p, y) => mseLoss(p, matchShape(y, p).cast('float32')), fromLogits: false };
    default:
      throw new TensorloomError('compile', `unknown loss '${String(loss)}'; use categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy, meanSquaredError or a function`);
  }
}
