/**
 * Loss functions (PyTorch's torch.nn.functional losses, camelCase): crossEntropy over
 * logits (core's fused softmaxCrossEntropy), nllLoss, binaryCrossEntropyWithLogits,
 * binaryCrossEntropy, mseLoss, l1Loss, huberLoss, smoothL1Loss and klDiv.
 */
import {
  Tensor, TensorloomError, abs, log, maximum, minimum, softmaxCrossEntropy, softplus, takeAlongAxis, tidy, where,
  type CrossEntropyOptions, formatShape, shapesEqual,
} from '@tensorloom/core';

export type Reduction = 'none' | 'mean' | 'sum';

function checkPair(op: string, input: unknown, target: unknown): asserts input is Tensor {
  if (!(input instanceof Tensor) || !(target instanceof Tensor)) throw new TensorloomError(op, 'input and target must be Tensors');
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new TensorloomError(op, `input ${formatShape(input.shape)} and target ${formatShape(target.shape)} must have the same shape`);
  }
}

/** Applies a reduction to elementwise losses. */
export function reduce(op: string, loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.mean();
  throw new TensorloomError(op, `reduction must be 'none', 'mean' or 'sum', got '${String(reduction)}'`);
}

/**
 * Cross-entropy over logits (class axis 1), with class-index or probability targets and
 * every option of core's softmaxCrossEntropy (labelSmoothing, weight, ignoreIndex, reduction).
 *
 * @example
 * crossEntropy(logits, tensor([2, 0], { dtype: 'int32' }), { labelSmoothing: 0.1 });
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  checkPair('crossEntropy', logits, target);
  return softmaxCrossEntropy(logits, target, options);
}

export interface NllOptions { weight?: Tensor; ignoreIndex?: number | null; reduction?: Reduction }

/**
 * Negative log-likelihood of int32 class targets given log-probabilities (class axis 1);
 * 'mean' divides by the total weight of the non-ignored targets, as in PyTorch.
 *
 * @example
 * nllLoss(logSoftmax(logits, 1), targets);
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  const op = 'nllLoss';
  checkPair(op, logProbs, target);
  if (target.dtype !== 'int32') throw new TensorloomError(op, `target must be int32 class indices, got ${target.dtype}`);
  const axis = logProbs.rank === 1 ? 0 : 1;
  const rest = logProbs.shape.filter((_, i) => i !== axis);
  if (!shapesEqual(target.shape, rest)) {
    throw new TensorloomError(op, `target must have shape ${formatShape(rest)} (input ${formatShape(logProbs.shape)} without the class axis), got ${formatShape(target.shape)}`);
  }
  const reduction = options.reduction ?? 'mean';
  const ignore = options.ignoreIndex ?? -100;
  return tidy(() => {
    const valid = target.notEqual(ignore);
    const safe = where(valid, target, 0);
    const picked = takeAlongAxis(logProbs, safe.unsqueeze(axis), axis).squeeze(axis);
    let w = valid.cast('float32');
    if (options.weight) w = w.mul(options.weight.gather(safe, 0));
    const loss = picked.neg().mul(w);
    if (reduction === 'none') return loss;
    if (reduction === 'sum') return loss.sum();
    return loss.sum().div(w.sum());
  });
}

export interface BceOptions { weight?: Tensor; reduction?: Reduction }
export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of positive examples, broadcast over the class dimension (PyTorch's pos_weight). */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy on logits, stable for any magnitude:
 * (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x).
 *
 * @example
 * binaryCrossEntropyWithLogits(logits, labels);
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkPair(op, logits, target);
  checkSameShape(op, logits, target);
  return tidy(() => {
    const sp = softplus(logits.neg());
    const lw = options.posWeight ? target.mul(options.posWeight.sub(1)).add(1) : null;
    let loss = target.neg().add(1).mul(logits).add(lw ? lw.mul(sp) : sp);
    if (options.weight) loss = loss.mul(options.weight);
    return reduce(op, loss, options.reduction ?? 'mean');
  });
}

/**
 * Binary cross-entropy on probabilities; log terms are clamped at −100 as in PyTorch.
 * Prefer binaryCrossEntropyWithLogits: it is exact for saturated inputs.
 *
 * @example
 * binaryCrossEntropy(sigmoid(logits), labels);
 */
export function binaryCrossEntropy(probs: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkPair(op, probs, target);
  checkSameShape(op, probs, target);
  return tidy(() => {
    const lp = maximum(log(probs), -100);
    const lq = maximum(log(probs.neg().add(1)), -100);
    let loss = target.mul(lp).add(target.neg().add(1).mul(lq)).neg();
    if (options.weight) loss = loss.mul(options.weight);
    return reduce(op, loss, options.reduction ?? 'mean');
  });
}

/** Mean squared error. @example mseLoss(pred, y) */
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkPair('mseLoss', input, target);
  checkSameShape('mseLoss', input, target);
  return tidy(() => reduce('mseLoss', input.sub(target).square(), options.reduction ?? 'mean'));
}

/** Mean absolute error. @example l1Loss(pred, y) */
export function l1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkPair('l1Loss', input, target);
  checkSameShape('l1Loss', input, target);
  return tidy(() => reduce('l1Loss', abs(input.sub(target)), options.reduction ?? 'mean'));
}

/**
 * Huber loss: ½d² for |d| ≤ delta, delta·(|d| − ½delta) beyond.
 *
 * @example
 * huberLoss(pred, y, { delta: 1 });
 */
export function huberLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction; delta?: number } = {}): Tensor {
  const op = 'huberLoss';
  checkPair(op, input, target);
  checkSameShape(op, input, target);
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new TensorloomError(op, `delta must be positive, got ${delta}`);
  return tidy(() => {
    const d = abs(input.sub(target));
    const small = minimum(d, delta);
    // ½·min(d,δ)² + δ·(d − min(d,δ)) equals both branches, with the right gradient.
    return reduce(op, small.square().mul(0.5).add(d.sub(small).mul(delta)), options.reduction ?? 'mean');
  });
}

/** Smooth L1 (Huber divided by beta). @example smoothL1Loss(pred, y, { beta: 1 }) */
export function smoothL1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction; beta?: number } = {}): Tensor {
  const beta = options.beta ?? 1;
  return tidy(() => huberLoss(input, target, { reduction: options.reduction, delta: beta }).div(beta));
}

export interface KlDivOptions {
  /** 'mean' averages over every element (PyTorch's default); 'batchmean' divides by the batch size. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/**
 * KL divergence KL(target ‖ input) with `input` as log-probabilities:
 * target·(log target − input), 0 where target is 0.
 *
 * @example
 * klDiv(logSoftmax(student, 1), softmax(teacher, 1), { reduction: 'batchmean' });
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const op = 'klDiv';
  checkPair(op, input, target);
  checkSameShape(op, input, target);
  const reduction = options.reduction ?? 'mean';
  return tidy(() => {
    let loss: Tensor;
    if (options.logTarget) loss = target.exp().mul(target.sub(input));
    else {
      const positive = target.greater(0);
      const safeLog = log(where(positive, target, 1));
      loss = where(positive, target.mul(safeLog), 0).sub(target.mul(input)); // xlogy(t, t) − t·input
    }
    if (reduction === 'batchmean') return loss.sum().div(input.rank > 0 ? input.shape[0] : 1);
    return reduce(op, loss, reduction);
  });
}
