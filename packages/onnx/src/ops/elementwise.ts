/**
 * Elementwise ONNX ops: unary math, activations, binary arithmetic and comparisons (NumPy
 * broadcasting; opset < 7's `broadcast`/`axis` attributes too), variadic Max/Min/Sum/Mean,
 * Clip, Where and Cast.
 */
import {
  abs, add, cast, div, elu, equal, erf, exp, floor, gelu, greater, greaterEqual, leakyRelu, less, lessEqual,
  log, logicalAnd, logicalNot, logicalOr, maximum, minimum, mul, neg, notEqual, pow, reciprocal, relu, reshape,
  sigmoid, sign, sin, cos, softplus, sqrt, sub, tanh, where, ceil, scalar, clone, type Tensor,
} from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';
import { dtypeOf, dataTypeName } from '../tensor_proto.js';
import { HostTensor } from '../host_tensor.js';

const unary = (f: (x: Tensor, ctx: NodeContext) => Tensor): OpImpl => (ctx) => f(ctx.tensor(0), ctx);

const floatOnly = (f: (x: Tensor, ctx: NodeContext) => Tensor): OpImpl => (ctx) => {
  const x = ctx.tensor(0);
  if (x.dtype !== 'float32') ctx.fail(`expects a float input, got ${x.dtype}`);
  return f(x, ctx);
};

/** The second operand, reshaped for opset < 7's legacy broadcast (`broadcast=1`, `axis`). */
function operands(ctx: NodeContext): [Tensor, Tensor] {
  const a = ctx.tensor(0);
  let b = ctx.tensor(1);
  if (ctx.opset < 7 && ctx.attrs.int('broadcast', 0) === 1 && b.shape.length < a.shape.length) {
    const axis = ctx.attrs.int('axis', a.shape.length - b.shape.length);
    const shape = Array<number>(a.shape.length).fill(1);
    b.shape.forEach((d, i) => { shape[axis + i] = d; });
    b = reshape(b, shape);
  }
  return [a, b];
}

const binary = (f: (a: Tensor, b: Tensor) => Tensor): OpImpl => (ctx) => {
  const [a, b] = operands(ctx);
  return f(a, b);
};

/** Integer division truncates toward zero, as in C and ONNX Runtime. */
function onnxDiv(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'int32' || b.dtype !== 'int32') return div(a, b);
  const q = div(a, b);
  return cast(mul(sign(q), floor(abs(q))), 'int32');
}

/** Pow keeps the base's type. */
function onnxPow(a: Tensor, b: Tensor): Tensor {
  if (a.dtype === 'float32') return pow(a, b.dtype === 'float32' ? b : cast(b, 'float32'));
  const p = pow(cast(a, 'float32'), cast(b, 'float32'));
  return cast(where(less(p, 0), neg(floor(neg(p))), floor(p)), a.dtype);
}

const variadic = (f: (a: Tensor, b: Tensor) => Tensor, finish?: (t: Tensor, n: number) => Tensor): OpImpl => (ctx) => {
  const n = ctx.inputs.length;
  if (n === 0) ctx.fail('needs at least one input');
  let acc = ctx.tensor(0);
  for (let i = 1; i < n; i++) acc = f(acc, ctx.tensor(i));
  if (n === 1) acc = clone(acc);
  return finish ? finish(acc, n) : acc;
};

/** Numpy clip: max(x, lo) then min(., hi); lo > hi gives hi everywhere. */
function clip(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  let lo: Tensor | number | undefined;
  let hi: Tensor | number | undefined;
  if (ctx.opset < 11) {
    lo = ctx.attrs.float('min');
    hi = ctx.attrs.float('max');
  } else {
    lo = ctx.has(1) ? ctx.tensor(1) : undefined;
    hi = ctx.has(2) ? ctx.tensor(2) : undefined;
  }
  let y = x;
  if (lo !== undefined) y = where(less(y, lo), typeof lo === 'number' ? scalar(lo, { dtype: x.dtype }) : lo, y);
  if (hi !== undefined) y = where(greater(y, hi), typeof hi === 'number' ? scalar(hi, { dtype: x.dtype }) : hi, y);
  return y === x ? clone(x) : y;
}

function onnxCast(ctx: NodeContext): Tensor | HostTensor {
  const to = ctx.attrs.int('to', 0);
  const dtype = dtypeOf(to);
  if (!dtype) ctx.fail(`cannot cast to ${dataTypeName(to)}: Tensorloom holds float32, int32 and bool`);
  const v = ctx.inputs[0];
  // Host integers stay on the host (int64 shape values beyond int32 survive an int64 → int64 cast).
  if (v instanceof HostTensor && v.dtype === 'int32' && dtype === 'int32') return v;
  const x = ctx.tensor(0);
  if (x.dtype === 'float32' && dtype === 'int32') return cast(where(less(x, 0), neg(floor(neg(x))), floor(x)), 'int32');
  return cast(x, dtype);
}

function celu(x: Tensor, ctx: NodeContext): Tensor {
  const alpha = ctx.attrs.float('alpha', 1);
  return add(relu(x), minimum(0, mul(sub(exp(div(minimum(x, 0), alpha)), 1), alpha)));
}

function hardSigmoid(x: Tensor, alpha: number, beta: number): Tensor {
  return maximum(0, minimum(1, add(mul(x, alpha), beta)));
}

function isInf(x: Tensor, ctx: NodeContext): Tensor {
  const pos = ctx.attrs.int('detect_positive', 1) === 1;
  const negInf = ctx.attrs.int('detect_negative', 1) === 1;
  const p = equal(x, Infinity);
  const m = equal(x, -Infinity);
  if (pos && negInf) return logicalOr(p, m);
  if (pos) return p;
  if (negInf) return m;
  return logicalAnd(p, m);
}

export const elementwiseOps: Record<string, OpImpl> = {
  Identity: (ctx) => { const v = ctx.inputs[0] ?? ctx.fail('input 0 is missing'); return v instanceof HostTensor ? v : clone(v); },
  Neg: unary(neg), Abs: unary(abs), Sign: unary(sign),
  Floor: floatOnly(floor), Ceil: floatOnly(ceil),
  Exp: floatOnly(exp), Log: floatOnly(log), Sqrt: floatOnly(sqrt), Reciprocal: floatOnly(reciprocal),
  Sin: floatOnly(sin), Cos: floatOnly(cos), Tan: floatOnly((x) => div(sin(x), cos(x))),
  Tanh: floatOnly(tanh), Erf: floatOnly(erf), Sigmoid: floatOnly(sigmoid),
  Relu: unary((x) => (x.dtype === 'float32' ? relu(x) : where(less(x, 0), 0, x))),
  LeakyRelu: floatOnly((x, ctx) => leakyRelu(x, ctx.attrs.float('alpha', 0.01))),
  Elu: floatOnly((x, ctx) => elu(x, ctx.attrs.float('alpha', 1))),
  Selu: floatOnly((x, ctx) => {
    const alpha = ctx.attrs.float('alpha', 1.67326319217681884765625);
    const gamma = ctx.attrs.float('gamma', 1.05070102214813232421875);
    return mul(elu(x, alpha), gamma);
  }),
  Celu: floatOnly(celu),
  Softplus: floatOnly((x) => softplus(x)),
  Softsign: floatOnly((x) => div(x, add(abs(x), 1))),
  HardSigmoid: floatOnly((x, ctx) => hardSigmoid(x, ctx.attrs.float('alpha', 0.2), ctx.attrs.float('beta', 0.5))),
  HardSwish: floatOnly((x) => mul(x, hardSigmoid(x, 1 / 6, 0.5))),
  ThresholdedRelu: floatOnly((x, ctx) => where(greater(x, ctx.attrs.float('alpha', 1)), x, 0)),
  Gelu: floatOnly((x, ctx) => gelu(x, { approximate: ctx.attrs.string('approximate', 'none') === 'tanh' ? 'tanh' : 'none' })),
  PRelu: (ctx) => {
    const x = ctx.tensor(0);
    let slope = ctx.tensor(1);
    // A per-channel slope [C] (opset < 7 exporters) applies along axis 1.
    if (slope.shape.length === 1 && x.shape.length > 2 && slope.shape[0] === x.shape[1] && slope.shape[0] !== x.shape[x.shape.length - 1]) {
      slope = reshape(slope, [slope.shape[0], ...x.shape.slice(2).map(() => 1)]);
    }
    return where(less(x, 0), mul(x, slope), x);
  },
  Not: unary((x) => logicalNot(x)),
  IsNaN: floatOnly((x) => notEqual(x, x)),
  IsInf: floatOnly(isInf),
  Add: binary(add), Sub: binary(sub), Mul: binary(mul), Div: binary(onnxDiv), Pow: binary(onnxPow),
  Equal: binary(equal), Less: binary(less), LessOrEqual: binary(lessEqual),
  Greater: binary(greater), GreaterOrEqual: binary(greaterEqual),
  And: binary(logicalAnd), Or: binary(logicalOr), Xor: binary(notEqual),
  Max: variadic(maximum), Min: variadic(minimum), Sum: variadic(add), Mean: variadic(add, (t, n) => div(t, n)),
  Clip: clip,
  Where: (ctx) => where(ctx.tensor(0), ctx.tensor(1), ctx.tensor(2)),
  Cast: onnxCast,
  CastLike: (ctx) => cast(ctx.tensor(0), ctx.tensor(1).dtype),
};
