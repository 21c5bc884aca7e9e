/**
 * One VJP rule per primitive, written with core ops so every backend gets gradients and
 * higher-order gradients. `null` marks a primitive that is not differentiable (integer or
 * boolean results). The mapped type makes a missing rule a compile error.
 */
import type { PrimitiveAttrs } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import type { VjpFn } from './node.js';
import { runPrimitive, type PrimitiveRules } from '../engine.js';
import { reducedShape, shapesEqual } from '../shape.js';
import { add, div, equal, greater, greaterEqual, less, logicalAnd, mul, pow, sub, where } from '../ops/binary.js';
import { cos, exp, log, neg, sign, sin } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { expand, pad, permute, reshape, slice } from '../ops/movement.js';
import { gather, scatterAdd } from '../ops/indexing.js';
import { zerosLike } from '../ops/fill.js';

/** Sums a broadcast gradient back to `shape` (the inverse of NumPy broadcasting). */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => { if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i); });
  return reshape(sum(g, axes, true), shape);
}

/** The gradient of a reduction, expanded back over the reduced axes. */
function expandReduced(g: Tensor, x: Tensor, axes: number[], keepDims: boolean): Tensor {
  const kept = keepDims ? g : reshape(g, reducedShape(x.shape, axes, true));
  return expand(kept, x.shape);
}

/** A ratio in {1, 0.5, 0}: how much of the gradient of max/min(a, b) goes to a. */
function tieShare(wins: Tensor, ties: Tensor): Tensor {
  return add(where(wins, 1, 0), where(ties, 0.5, 0));
}

function matmulRule(g: Tensor, [a, b]: Tensor[], _o: Tensor, { transposeA: tA, transposeB: tB }: PrimitiveAttrs['matmul']): Tensor[] {
  const mm = (x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean): Tensor => {
    const m = transposeA ? x.shape[2] : x.shape[1];
    const n = transposeB ? y.shape[1] : y.shape[2];
    const b = x.shape[0] === 0 || y.shape[0] === 0 ? 0 : Math.max(x.shape[0], y.shape[0]);
    return runPrimitive('matmul', [x, y], { transposeA, transposeB }, { shape: [b, m, n], dtype: x.dtype });
  };
  const da = tA ? mm(b, g, tB, true) : mm(g, b, false, !tB);
  const db = tB ? mm(g, a, true, tA) : mm(a, g, !tA, false);
  return [unbroadcast(da, a.shape), unbroadcast(db, b.shape)];
}

const zeroGrad: VjpFn = (_g, [x]) => [zerosLike(x)];

export const primitiveRules: PrimitiveRules = {
  neg: (g) => [neg(g)],
  exp: (g, _i, out) => [mul(g, out)],
  log: (g, [x]) => [div(g, x)],
  sqrt: (g, _i, out) => [div(g, mul(out, 2))],
  sin: (g, [x]) => [mul(g, cos(x))],
  cos: (g, [x]) => [neg(mul(g, sin(x)))],
  tanh: (g, _i, out) => [mul(g, sub(1, mul(out, out)))],
  erf: (g, [x]) => [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))],
  abs: (g, [x]) => [mul(g, sign(x))],
  sign: zeroGrad,
  floor: zeroGrad,
  reciprocal: (g, _i, out) => [neg(mul(g, mul(out, out)))],
  logicalNot: null,
  cast: (g, [x]) => [x.dtype === 'float32' ? g : null],
  add: (g, [a, b]) => [unbroadcast(g, a.shape), unbroadcast(g, b.shape)],
  sub: (g, [a, b]) => [unbroadcast(g, a.shape), unbroadcast(neg(g), b.shape)],
  mul: (g, [a, b]) => [unbroadcast(mul(g, b), a.shape), unbroadcast(mul(g, a), b.shape)],
  div: (g, [a, b], out) => [unbroadcast(div(g, b), a.shape), unbroadcast(neg(div(mul(g, out), b)), b.shape)],
  pow: (g, [a, b], out) => [
    // PyTorch's masks: no gradient to the base where the exponent is 0, nor to the exponent at 0^(b ≥ 0).
    unbroadcast(where(equal(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))), a.shape),
    b.node ? unbroadcast(where(logicalAnd(equal(a, 0), greaterEqual(b, 0)), 0, mul(g, mul(out, log(a)))), b.shape) : null,
  ] as Tensor[],
  maximum: (g, [a, b]) => {
    const share = tieShare(greater(a, b), equal(a, b));
    return [unbroadcast(mul(g, share), a.shape), unbroadcast(mul(g, sub(1, share)), b.shape)];
  },
  minimum: (g, [a, b]) => {
    const share = tieShare(less(a, b), equal(a, b));
    return [unbroadcast(mul(g, share), a.shape), unbroadcast(mul(g, sub(1, share)), b.shape)];
  },
  equal: null, less: null, lessEqual: null, greater: null, greaterEqual: null, logicalAnd: null, logicalOr: null,
  // A branch without a node (relu's constant 0) gets no gradient: no where nor sum for it.
  where: (g, [c, a, b]) => [null, a.node ? unbroadcast(where(c, g, 0), a.shape) : null, b.node ? unbroadcast(where(c, 0, g), b.shape) : null] as Tensor[],
  sum: (g, [x], _o, { axes, keepDims }) => [expandReduced(g, x, axes, keepDims)],
  max: (g, [x], out, { axes, keepDims }) => {
    const outKept = keepDims ? out : reshape(out, reducedShape(x.shape, axes, true));
    const hits = where(equal(x, outKept), 1, 0);
    const share = div(hits, sum(hits, axes, true)); // ties share the gradient evenly
    return [mul(expandReduced(g, x, axes, keepDims), share)];
  },
  argmax: null,
  argmin: null,
  reshape: (g, [x]) => [reshape(g, x.shape)],
  transpose: (g, _i, _o, { perm }) => [permute(g, perm.map((_, i) => perm.indexOf(i)))],
  slice: (g, [x], _o, { begin, size }) => [pad(g, x.shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number]))],
  pad: (g, [x], _o, { pads }) => [slice(g, pads.map(([before]) => before), x.shape)],
  concat: (g, inputs, _o, { axis }) => {
    let at = 0;
    return inputs.map((t) => {
      const begin = t.shape.map((_, i) => (i === axis ? at : 0));
      at += t.shape[axis];
      return slice(g, begin, t.shape);
    });
  },
  expand: (g, [x]) => [unbroadcast(g, x.shape)],
  gather: (g, [x, indices], _o, { axis }) => [scatterAdd(zerosLike(x), indices, g, axis), null] as Tensor[],
  scatterAdd: (g, [, indices], _o, { axis }) => [g, null, gather(g, indices, axis)] as Tensor[],
  matmul: matmulRule,
};
