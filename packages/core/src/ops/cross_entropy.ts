/**
 * softmaxCrossEntropy: cross-entropy over logits as one composed op (ONNX
 * SoftmaxCrossEntropyLoss / PyTorch cross_entropy semantics) with the gradient (p − y)/N.
 *
 * Every option reduces to coefficients a[i, c] over log-probabilities: l_i = −Σ_c a_ic·logp_ic
 * (a term with a_ic = 0 contributes 0, even where logp = −∞) and dl_i/dz_i = A_i·p_i − a_i
 * with A_i = Σ_c a_ic.
 *  - class targets t:  a_ic = valid_i·((1 − ε)·w[t_i]·[c = t_i] + ε·w[c]/C); mean divides by Σ valid_i·w[t_i]
 *  - soft targets y:   a_ic = w[c]·((1 − ε)·y_ic + ε/C);                   mean divides by the count
 */
import { TensorloomError, fmt } from '../errors.js';
import { runComposite } from '../engine.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { CompositeAttrs } from '../primitives.js';
import { assertTensor } from './operand.js';
import { add, div, equal, mul, notEqual, sub, where } from './binary.js';
import { cast, exp, neg } from './unary.js';
import { sum } from './reduce.js';
import { permute, reshape, unsqueeze } from './movement.js';
import { oneHot, takeAlongAxis, gather } from './indexing.js';
import { logSoftmax } from './softmax.js';

type Attrs = CompositeAttrs['softmaxCrossEntropy'];

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
  const op = 'softmaxCrossEntropy';
  assertTensor(op, logits, 'logits');
  assertTensor(op, target, 'target');
  if (logits.dtype !== 'float32') throw new TensorloomError(op, `logits must be float32, got ${logits.dtype}`);
  if (logits.rank === 0) throw new TensorloomError(op, 'logits need a class axis; got a scalar');
  const axis = normalizeAxis(op, options.axis ?? (logits.rank === 1 ? 0 : 1), logits.rank);
  const reduction = options.reduction ?? 'mean';
  if (!['none', 'mean', 'sum'].includes(reduction)) throw new TensorloomError(op, `reduction must be 'none', 'mean' or 'sum', got '${reduction}'`);
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new TensorloomError(op, `labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  // PyTorch's default: class targets equal to -100 are skipped (pass null to skip none).
  const explicitIgnore = options.ignoreIndex !== undefined && options.ignoreIndex !== null;
  const ignoreIndex = target.dtype === 'int32' ? (options.ignoreIndex === undefined ? -100 : options.ignoreIndex) : null;
  const classes = logits.shape[axis];
  const rest = logits.shape.filter((_, i) => i !== axis);
  if (target.dtype === 'int32') {
    if (target.rank !== rest.length || target.shape.some((d, i) => d !== rest[i])) {
      throw new TensorloomError(op, `class targets must have the logits' shape without the class axis ${axis}: expected ${fmt(rest)}, got ${fmt(target.shape)}`);
    }
  } else if (target.dtype === 'float32') {
    if (target.rank !== logits.rank || target.shape.some((d, i) => d !== logits.shape[i])) {
      throw new TensorloomError(op, `probability targets must have the logits' shape ${fmt(logits.shape)}, got ${fmt(target.shape)}; for class indices pass an int32 tensor`);
    }
    if (explicitIgnore) throw new TensorloomError(op, 'ignoreIndex applies to int32 class targets only, not to probability targets');
  } else {
    throw new TensorloomError(op, `target must be int32 class indices or float32 probabilities, got ${target.dtype}`);
  }
  const inputs = [logits, target];
  if (options.weight !== undefined) {
    assertTensor(op, options.weight, 'weight');
    if (options.weight.dtype !== 'float32' || options.weight.rank !== 1 || options.weight.shape[0] !== classes) {
      throw new TensorloomError(op, `weight must be float32 with shape [${classes}] (one per class), got ${options.weight.dtype} ${fmt(options.weight.shape)}`);
    }
    inputs.push(options.weight);
  }
  const shape = reduction === 'none' ? rest : [];
  return runComposite(op, inputs, { axis, reduction, labelSmoothing, ignoreIndex }, { shape, dtype: 'float32' });
}

/** Logits as [M, C] with the class axis last, and a function that undoes it for a gradient. */
function toRows(logits: Tensor, axis: number): { z: Tensor; back: (g: Tensor) => Tensor } {
  const perm = [...logits.shape.keys()].filter((i) => i !== axis).concat(axis);
  const moved = perm.map((p) => logits.shape[p]);
  const classes = logits.shape[axis];
  const z = reshape(axis === logits.rank - 1 ? logits : permute(logits, perm), [sizeOf(moved) / Math.max(classes, 1) || 0, classes]);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return { z, back: (g) => (axis === logits.rank - 1 ? reshape(g, logits.shape) : permute(reshape(g, moved), inverse)) };
}

interface Coefficients { a: Tensor; denominator: Tensor | number; targetRows?: Tensor }

/** The coefficients a [M, C] and the mean's denominator, for either kind of target. */
function coefficients(inputs: readonly Tensor[], attrs: Attrs, z: Tensor): Coefficients {
  const [, target, weight] = inputs;
  const [m, classes] = z.shape;
  const eps = attrs.labelSmoothing;
  if (target.dtype === 'int32') {
    const t = reshape(target, [m]);
    const valid = attrs.ignoreIndex === null ? null : notEqual(t, attrs.ignoreIndex);
    const tSafe = valid ? where(valid, t, 0) : t;
    const wt = weight ? gather(weight, tSafe, 0) : null; // [M]
    let rowScale: Tensor | number = wt ?? 1;
    if (valid) rowScale = mul(cast(valid, 'float32'), rowScale);
    const hot = oneHot(tSafe, classes);
    let a = mul(hot, typeof rowScale === 'number' ? 1 - eps : unsqueeze(mul(rowScale, 1 - eps), 1));
    if (eps > 0) {
      const smooth = weight ? reshape(mul(weight, eps / classes), [1, classes]) : eps / classes;
      const smoothRows = valid ? mul(unsqueeze(cast(valid, 'float32'), 1), smooth) : smooth;
      a = add(a, smoothRows);
    }
    const denominator = typeof rowScale === 'number' ? m : sum(rowScale);
    return { a, denominator, targetRows: tSafe };
  }
  const y = toRows(target, attrs.axis).z;
  let a = eps > 0 ? add(mul(y, 1 - eps), eps / classes) : y;
  if (weight) a = mul(a, reshape(weight, [1, classes]));
  return { a, denominator: m };
}

/** The composition: per-position losses from logSoftmax, then the reduction. */
/** Picks logp[i, t_i]; an out-of-range class index is a TensorloomError where the backend checks indices. */
function pickTargets(logp: Tensor, targetRows: Tensor): Tensor {
  try {
    return takeAlongAxis(logp, unsqueeze(targetRows, 1), 1);
  } catch (e) {
    if (!(e instanceof TensorloomError)) throw e;
    throw new TensorloomError('softmaxCrossEntropy', `a class target is out of range: targets must be in [0, ${logp.shape[1]}) or equal ignoreIndex`);
  }
}

export function composeSoftmaxCrossEntropy(inputs: readonly Tensor[], attrs: Attrs): Tensor {
  const [logits, target] = inputs;
  const { z } = toRows(logits, attrs.axis);
  const logp = logSoftmax(z, 1);
  const { a, denominator, targetRows } = coefficients(inputs, attrs, z);
  let losses: Tensor;
  if (targetRows && attrs.labelSmoothing === 0) {
    // One log-probability per row: gathering it also rejects out-of-range class indices.
    const picked = reshape(pickTargets(logp, targetRows), [z.shape[0]]);
    const scale = sum(a, 1);
    losses = neg(where(equal(scale, 0), 0, mul(picked, scale)));
  } else {
    if (targetRows) pickTargets(logp, targetRows); // range check
    losses = neg(sum(where(equal(a, 0), 0, mul(a, logp)), 1));
  }
  const restShape = target.dtype === 'int32' ? target.shape : logits.shape.filter((_, i) => i !== attrs.axis);
  if (attrs.reduction === 'none') return reshape(losses, restShape);
  const total = sum(losses);
  return attrs.reduction === 'sum' ? total : div(total, denominator);
}

/** The VJP: dlogits = (A·p − a)·g_i, with g_i the per-position share of the upstream gradient. */
export function softmaxCrossEntropyVjp(g: Tensor, inputs: Tensor[], _out: Tensor, attrs: Attrs): Array<Tensor | null> {
  const [logits, target] = inputs;
  const { z, back } = toRows(logits, attrs.axis);
  const logp = logSoftmax(z, 1);
  const { a, denominator } = coefficients(inputs, attrs, z);
  const [m] = z.shape;
  let gRows: Tensor; // [M, 1]
  if (attrs.reduction === 'none') gRows = reshape(g, [m, 1]);
  else if (attrs.reduction === 'sum') gRows = reshape(g, [1, 1]);
  else {
    const d = denominator;
    // All positions ignored: the loss is 0/0 = NaN (as PyTorch) but the gradient is 0.
    const share = typeof d === 'number' ? (d === 0 ? mul(g, 0) : div(g, d)) : where(equal(d, 0), 0, div(g, d));
    gRows = reshape(share, [1, 1]);
  }
  const dz = mul(sub(mul(exp(logp), sum(a, 1, true)), a), gRows);
  const dLogits = back(dz);
  let dTarget: Tensor | null = null;
  if (target.dtype === 'float32' && target.node) {
    const weight = inputs[2];
    const [, classes] = z.shape;
    let coef = mul(logp, -(1 - attrs.labelSmoothing));
    if (weight) coef = mul(coef, reshape(weight, [1, classes]));
    dTarget = toRows(target, attrs.axis).back(mul(coef, gRows));
  }
  return [dLogits, dTarget, null];
}
