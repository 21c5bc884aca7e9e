/**
 * softmaxCrossEntropy's composition and VJP (the gradient (p − y)/N, generalised).
 *
 * Every option reduces to coefficients a[i, c] over log-probabilities: l_i = −Σ_c a_ic·logp_ic
 * (a term with a_ic = 0 contributes 0, even where logp = −∞) and dl_i/dz_i = A_i·p_i − a_i
 * with A_i = Σ_c a_ic.
 *  - class targets t:  a_ic = valid_i·((1 − ε)·w[t_i]·[c = t_i] + ε·w[c]/C); mean divides by Σ valid_i·w[t_i]
 *  - soft targets y:   a_ic = w[c]·((1 − ε)·y_ic + ε/C);                   mean divides by the count
 */
import { TensorloomError } from '../errors.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { ComposedOpAttrs } from '../primitives.js';
import { add, div, equal, mul, notEqual, sub, where } from '../ops/binary.js';
import { cast, exp, neg } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { permute, reshape, unsqueeze } from '../ops/movement.js';
import { oneHot, takeAlongAxis, gather } from '../ops/indexing.js';
import { logSoftmax } from '../ops/softmax.js';

type Attrs = ComposedOpAttrs['softmaxCrossEntropy'];

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
