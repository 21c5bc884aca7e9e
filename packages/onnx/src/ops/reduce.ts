/**
 * Reductions (ReduceSum/Mean/Max/Min/Prod/LogSumExp/L1/L2/SumSquare/LogSum, ArgMax/ArgMin)
 * with ONNX's keepdims, empty-axes and opset-13/18 axes-as-input rules.
 */
import {
  abs, argmax, argmin, clone, flip, log, logsumexp, max, mean, min, mul, sqrt, sub, sum, type Tensor,
} from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';

/** Opset where each reduction took axes as an input instead of an attribute. */
const AXES_INPUT_FROM: Record<string, number> = { ReduceSum: 13 };

function reduction(f: (x: Tensor, axes: number[], keep: boolean) => Tensor): (ctx: NodeContext) => Tensor {
  return (ctx) => {
    const x = ctx.tensor(0);
    const r = x.shape.length;
    const fromInput = ctx.opset >= (AXES_INPUT_FROM[ctx.opType] ?? 18);
    let axes = fromInput ? ctx.ints(1) : ctx.attrs.ints('axes');
    const keep = ctx.attrs.int('keepdims', 1) === 1;
    if (!axes || axes.length === 0) {
      if (ctx.attrs.int('noop_with_empty_axes', 0) === 1) return clone(x);
      axes = [...Array(r).keys()];
    }
    const norm = [...new Set(axes.map((a) => ctx.axis(a, r)))];
    if (r === 0) return f(x.reshape([1]), [0], false);
    return f(x, norm, keep);
  };
}

function argReduce(ctx: NodeContext, which: 'max' | 'min'): Tensor {
  const x = ctx.tensor(0);
  const axis = ctx.axis(ctx.attrs.int('axis', 0), x.shape.length);
  const keep = ctx.attrs.int('keepdims', 1) === 1;
  const f = which === 'max' ? argmax : argmin;
  if (ctx.attrs.int('select_last_index', 0) === 1) {
    const n = x.shape[axis];
    return sub(n - 1, f(flip(x, axis), axis, keep));
  }
  return f(x, axis, keep);
}

export const reduceOps: Record<string, OpImpl> = {
  ReduceSum: reduction((x, a, k) => sum(x, a, k)),
  ReduceMean: reduction((x, a, k) => mean(x, a, k)),
  ReduceMax: reduction((x, a, k) => max(x, a, k)),
  ReduceMin: reduction((x, a, k) => min(x, a, k)),
  ReduceLogSumExp: reduction((x, a, k) => logsumexp(x, a, k)),
  ReduceL1: reduction((x, a, k) => sum(abs(x), a, k)),
  ReduceL2: reduction((x, a, k) => sqrt(sum(mul(x, x), a, k))),
  ReduceSumSquare: reduction((x, a, k) => sum(mul(x, x), a, k)),
  ReduceLogSum: reduction((x, a, k) => log(sum(x, a, k))),
  ArgMax: (ctx) => argReduce(ctx, 'max'),
  ArgMin: (ctx) => argReduce(ctx, 'min'),
};

