/**
 * The softmax family: Softmax, LogSoftmax, Hardmax (opset < 13: the input is coerced to 2-D
 * at `axis`, default 1; opset ≥ 13: one axis, default -1), SoftmaxCrossEntropyLoss and
 * NegativeLogLikelihoodLoss (reductions none/sum/mean, class weights, ignore_index, any number
 * of spatial dimensions), on core's fused softmax and cross-entropy.
 */
import {
  argmax, cast, div, equal, gather, logSoftmax, mul, neg, oneHot, reshape, softmax, softmaxCrossEntropy, sum,
  takeAlongAxis, unsqueeze, where, squeeze, type Tensor,
} from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';

function hardmax(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis];
  const hot = oneHot(argmax(x, axis), n);
  // oneHot appends the class axis last; move it to `axis`.
  const r = x.shape.length;
  const perm = [...Array(r - 1).keys()];
  perm.splice(axis, 0, r - 1);
  return hot.transpose(perm);
}

function softmaxLike(f: (x: Tensor, axis: number) => Tensor): OpImpl {
  return (ctx) => {
    const x = ctx.tensor(0);
    const r = x.shape.length;
    if (ctx.opset >= 13) return f(x, ctx.axis(ctx.attrs.int('axis', -1), r));
    const axis = r === 0 ? 0 : ctx.axis(ctx.attrs.int('axis', 1), r);
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(axis).reduce((a, b) => a * b, 1);
    return reshape(f(reshape(x, [outer, inner]), 1), x.shape);
  };
}

type Reduction = 'none' | 'mean' | 'sum';

function reductionOf(ctx: NodeContext): Reduction {
  const r = ctx.attrs.string('reduction', 'mean');
  if (r !== 'none' && r !== 'mean' && r !== 'sum') ctx.fail(`reduction '${r}' is not one of none, mean, sum`);
  return r;
}

/** Class targets as int32, with ignored ones replaced by 0 and a 0/1 mask of the kept ones. */
function targets(labels: Tensor, ignore: number | undefined): { safe: Tensor; keep: Tensor | null } {
  const t = labels.dtype === 'int32' ? labels : cast(labels, 'int32');
  if (ignore === undefined) return { safe: t, keep: null };
  const ignored = equal(t, ignore);
  return { safe: where(ignored, 0, t), keep: where(ignored, 0, 1).cast('float32') };
}

/** NLL of log-probabilities `logp` [N, C, d...] at class targets, ONNX semantics. */
function nll(ctx: NodeContext, logp: Tensor, labels: Tensor, weight: Tensor | undefined, reduction: Reduction, ignore: number | undefined): Tensor {
  if (logp.shape.length < 2) ctx.fail(`input must be [N, C, ...], got [${logp.shape.join(',')}]`);
  const { safe, keep } = targets(labels, ignore);
  const picked = squeeze(takeAlongAxis(logp, unsqueeze(safe, 1), 1), 1);
  let w: Tensor | null = weight ? gather(weight, safe, 0) : null;
  if (keep) w = w ? mul(w, keep) : keep;
  const loss = w ? mul(neg(picked), w) : neg(picked);
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return w ? div(sum(loss), sum(w)) : div(sum(loss), loss.size);
}

/**
 * Flattens [N, C, d1, ..., dk] to [N, C, d1·…·dk] (and labels to [N, d1·…·dk]) so losses
 * over many spatial dims run at rank 3 on every backend; `restore` gives a per-position result
 * its spatial shape back.
 */
function flattenSpatial(scores: Tensor, labels: Tensor): { scores: Tensor; labels: Tensor; restore: (t: Tensor) => Tensor } {
  if (scores.shape.length <= 3) return { scores, labels, restore: (t) => t };
  const [n, c, ...spatial] = scores.shape;
  const d = spatial.reduce((a, b) => a * b, 1);
  return {
    scores: reshape(scores, [n, c, d]), labels: reshape(labels, [n, d]),
    restore: (t) => (t.shape.length === 0 ? t : reshape(t, [n, ...spatial])),
  };
}

function sceOp(ctx: NodeContext): Array<Tensor | undefined> {
  const flat = flattenSpatial(ctx.tensor(0), ctx.tensor(1));
  const { scores, labels } = flat;
  const weight = ctx.optTensor(2);
  const reduction = reductionOf(ctx);
  const ignore = ctx.attrs.int('ignore_index');
  const logp = ctx.numOutputs > 1 ? logSoftmax(scores, 1) : undefined;
  const needsOwn = ignore !== undefined && weight !== undefined && reduction === 'mean';
  let loss: Tensor;
  if (!needsOwn && ignore === undefined) {
    loss = softmaxCrossEntropy(scores, labels.dtype === 'int32' ? labels : cast(labels, 'int32'), { axis: 1, reduction, weight, ignoreIndex: null });
  } else {
    loss = nll(ctx, logp ?? logSoftmax(scores, 1), labels, weight, reduction, ignore);
  }
  const logpOut = logp && ctx.tensor(0).shape.length > 3 ? reshape(logp, ctx.tensor(0).shape) : logp;
  return [flat.restore(loss), logpOut];
}

export const softmaxOps: Record<string, OpImpl> = {
  Softmax: softmaxLike(softmax),
  LogSoftmax: softmaxLike(logSoftmax),
  Hardmax: softmaxLike(hardmax),
  SoftmaxCrossEntropyLoss: sceOp,
  NegativeLogLikelihoodLoss: (ctx) => {
    const flat = flattenSpatial(ctx.tensor(0), ctx.tensor(1));
    return flat.restore(nll(ctx, flat.scores, flat.labels, ctx.optTensor(2), reductionOf(ctx), ctx.attrs.int('ignore_index')));
  },
};


