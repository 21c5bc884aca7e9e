/**
 * softmaxCrossEntropy: cross-entropy over logits as one composed op (ONNX
 * SoftmaxCrossEntropyLoss / PyTorch cross_entropy semantics) with the gradient (p − y)/N. The
 * composition and the VJP are in composed/cross_entropy.ts.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkAxis, checkNumber, checkOneOf, checkOptionalNumber, checkOptions } from '../validate.js';
import { runComposed } from '../engine.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';

/** Options of `softmaxCrossEntropy`. */
export interface CrossEntropyOptions {
  /** The class axis of the logits (default 1, as in PyTorch; the last axis for 1-D logits). */
  axis?: number;
  /** 'mean' (default), 'sum' or 'none' (one loss per position). */
  reduction?: 'none' | 'mean' | 'sum';
  /** ε in [0, 1]: the target becomes (1 − ε)·y + ε/C. */
  labelSmoothing?: number;
  /** A class weight per class, float32 [C]. */
  weight?: Tensor;
  /** Class targets equal to this are skipped (class targets only; default -100 as in PyTorch, null for none). */
  ignoreIndex?: number | null;
}

/**
 * Cross-entropy between logits and targets: int32 class indices (the logits' shape without the
 * class axis) or float32 probabilities (the logits' shape). Takes logits, never probabilities.
 *
 * @example
 * const loss = softmaxCrossEntropy(logits, tensor([2, 0], { dtype: 'int32' }));   // mean over the batch
 * const perItem = softmaxCrossEntropy(logits, soft, { reduction: 'none', labelSmoothing: 0.1 });
 */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  return publicOp('softmaxCrossEntropy', () => crossEntropyBody(logits, target, options));
}

function crossEntropyBody(logits: Tensor, target: Tensor, opts: CrossEntropyOptions): Tensor {
  const op = 'softmaxCrossEntropy';
  const options = checkOptions(op, 'options', opts);
  assertTensor(op, logits, 'logits');
  assertTensor(op, target, 'target');
  if (logits.dtype !== 'float32') throw new TensorloomError(op, `logits must be float32, got ${logits.dtype}`);
  if (logits.rank === 0) throw new TensorloomError(op, 'logits need a class axis; got a scalar');
  const axis = checkAxis(op, 'axis', options.axis ?? (logits.rank === 1 ? 0 : 1), logits.rank);
  const reduction = checkOneOf(op, 'reduction', options.reduction, ['none', 'mean', 'sum'], 'mean');
  const labelSmoothing = checkOptionalNumber(op, 'labelSmoothing', options.labelSmoothing, { min: 0, max: 1 }) ?? 0;
  if (options.ignoreIndex !== undefined && options.ignoreIndex !== null) checkNumber(op, 'ignoreIndex', options.ignoreIndex, { integer: true });
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new TensorloomError(op, `labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  // PyTorch's default: class targets equal to -100 are skipped (pass null to skip none).
  const explicitIgnore = options.ignoreIndex !== undefined && options.ignoreIndex !== null;
  const ignoreIndex = target.dtype === 'int32' ? (options.ignoreIndex === undefined ? -100 : options.ignoreIndex) : null;
  const classes = logits.shape[axis];
  const rest = logits.shape.filter((_, i) => i !== axis);
  if (target.dtype === 'int32') {
    if (!shapesEqual(target.shape, rest)) {
      throw new TensorloomError(op, `class targets must have the logits' shape without the class axis ${axis}: expected ${formatShape(rest)}, got ${formatShape(target.shape)}`);
    }
  } else if (target.dtype === 'float32') {
    if (!shapesEqual(target.shape, logits.shape)) {
      throw new TensorloomError(op, `probability targets must have the logits' shape ${formatShape(logits.shape)}, got ${formatShape(target.shape)}; for class indices pass an int32 tensor`);
    }
    if (explicitIgnore) throw new TensorloomError(op, 'ignoreIndex applies to int32 class targets only, not to probability targets');
  } else {
    throw new TensorloomError(op, `target must be int32 class indices or float32 probabilities, got ${target.dtype}`);
  }
  const inputs = [logits, target];
  if (options.weight !== undefined) {
    assertTensor(op, options.weight, 'weight');
    if (options.weight.dtype !== 'float32' || options.weight.rank !== 1 || options.weight.shape[0] !== classes) {
      throw new TensorloomError(op, `weight must be float32 with shape [${classes}] (one per class), got ${options.weight.dtype} ${formatShape(options.weight.shape)}`);
    }
    inputs.push(options.weight);
  }
  const shape = reduction === 'none' ? rest : [];
  return runComposed(op, inputs, { axis, reduction, labelSmoothing, ignoreIndex }, { shape, dtype: 'float32' });
}
