/**
 * crossEntropyLoss: the Trainer's cross-entropy over logits with label smoothing and class
 * weights (core's fused softmaxCrossEntropy, PyTorch's semantics: the weighted mean divides
 * by the targets' summed weights). Class weights given as numbers are made into a tensor on
 * each call, on the logits' backend, so the loss holds no tensor of its own.
 */
import { Tensor, TensorloomError, softmaxCrossEntropy, tensor } from '@tensorloom/core';
import type { LossFn } from './trainer/types.js';

export interface CrossEntropyConfig {
  /** ε in [0, 1]: targets become (1 − ε)·onehot + ε/C. */
  labelSmoothing?: number;
  /** One weight per class (e.g. inverse class frequencies). */
  classWeights?: readonly number[] | Float32Array | Tensor;
}

/**
 * A LossFn for class targets (int32) or probabilities (float32).
 *
 * @example
 * new Trainer({ model, optimizer, loss: crossEntropyLoss({ labelSmoothing: 0.1, classWeights: [1, 3] }) });
 * new Trainer({ model, optimizer, crossEntropy: { labelSmoothing: 0.1 } }); // the same, as Trainer config
 */
export function crossEntropyLoss(config: CrossEntropyConfig = {}): LossFn {
  const { labelSmoothing = 0, classWeights } = config;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new TensorloomError('crossEntropyLoss', `labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  let weights: Float32Array | null = null;
  if (classWeights !== undefined && !(classWeights instanceof Tensor)) {
    weights = Float32Array.from(classWeights as ArrayLike<number>);
    if (weights.length === 0 || weights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
      throw new TensorloomError('crossEntropyLoss', 'classWeights must be a non-empty list of finite non-negative numbers, one per class');
    }
  }
  return (output, target) => {
    const weight = classWeights instanceof Tensor ? classWeights : weights ? tensor(weights, { backend: output.backend.name }) : undefined;
    try {
      return softmaxCrossEntropy(output, target, { labelSmoothing, weight });
    } finally {
      if (weight && weight !== classWeights) weight.dispose();
    }
  };
}
