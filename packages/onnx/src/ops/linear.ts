/**
 * Gemm, MatMul and the normalizations: BatchNormalization (inference), LayerNormalization,
 * InstanceNormalization.
 */
import { add, div, matmul, mean, mul, reshape, sqrt, sub, transpose, rsqrt, type Tensor } from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';

function gemm(ctx: NodeContext): Tensor {
  let a = ctx.tensor(0);
  let b = ctx.tensor(1);
  if (a.shape.length !== 2 || b.shape.length !== 2) ctx.fail(`A and B must be matrices, got [${a.shape.join(',')}] and [${b.shape.join(',')}]`);
  if (ctx.attrs.int('transA', 0) === 1) a = transpose(a, [1, 0]);
  if (ctx.attrs.int('transB', 0) === 1) b = transpose(b, [1, 0]);
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  let y = matmul(a, b);
  if (alpha !== 1) y = mul(y, alpha);
  const c = ctx.optTensor(2);
  if (c && beta !== 0) y = add(y, beta === 1 ? c : mul(c, beta));
  return y;
}

/** Reshapes a per-channel vector [C] to broadcast against x [N, C, ...]. */
function perChannel(v: Tensor, x: Tensor): Tensor {
  return reshape(v, [v.size, ...x.shape.slice(2).map(() => 1)]);
}

function batchNorm(ctx: NodeContext): Tensor {
  if (ctx.attrs.int('training_mode', 0) === 1) ctx.fail('training_mode=1 is not supported (inference only); export the model in eval mode');
  if (ctx.opset < 9 && ctx.attrs.int('spatial', 1) === 0) ctx.fail('spatial=0 is not supported');
  const x = ctx.tensor(0);
  const [scale, bias, m, v] = [1, 2, 3, 4].map((i) => perChannel(ctx.tensor(i), x));
  const eps = ctx.attrs.float('epsilon', 1e-5);
  return add(mul(mul(sub(x, m), rsqrt(add(v, eps))), scale), bias);
}

function layerNorm(ctx: NodeContext): Array<Tensor | undefined> {
  const x = ctx.tensor(0);
  const r = x.shape.length;
  const axis = ctx.axis(ctx.attrs.int('axis', -1), r);
  const axes = Array.from({ length: r - axis }, (_, i) => axis + i);
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const mu = mean(x, axes, true);
  const centered = sub(x, mu);
  const inv = rsqrt(add(mean(mul(centered, centered), axes, true), eps));
  let y = mul(centered, inv);
  y = mul(y, ctx.tensor(1));
  const b = ctx.optTensor(2);
  if (b) y = add(y, b);
  return [y, ctx.numOutputs > 1 ? mu : undefined, ctx.numOutputs > 2 ? inv : undefined];
}

function instanceNorm(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axes = x.shape.slice(2).map((_, i) => i + 2);
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const mu = mean(x, axes, true);
  const c = sub(x, mu);
  const y = div(c, sqrt(add(mean(mul(c, c), axes, true), eps)));
  return add(mul(y, perChannel(ctx.tensor(1), x)), perChannel(ctx.tensor(2), x));
}

export const linearOps: Record<string, OpImpl> = {
  Gemm: gemm,
  MatMul: (ctx) => matmul(ctx.tensor(0), ctx.tensor(1)),
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  InstanceNormalization: instanceNorm,
};
