/**
 * The softmax family's compositions (used where a backend has no fused kernel) and their
 * hand-written VJPs:
 *   softmax:    dx = p ⊙ (g − Σ g⊙p)          (the Jacobian diag(p) − ppᵀ applied to g)
 *   logSoftmax: dx = g − softmax(x) · Σ g
 *   logsumexp:  dx = g · exp(x − lse)
 */
import { reducedShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { abs, exp, log } from '../ops/unary.js';
import { add, div, equal, mul, sub, where } from '../ops/binary.js';
import { max, sum } from '../ops/reduce.js';
import { reshape } from '../ops/movement.js';

export function composeSoftmax([x]: readonly Tensor[], { axis }: { axis: number }): Tensor {
  const e = exp(sub(x, max(x, axis, true)));
  return div(e, sum(e, axis, true));
}

export function composeLogSoftmax([x]: readonly Tensor[], { axis }: { axis: number }): Tensor {
  // (x − max) − log Σ exp(x − max): subtracting the max first keeps float32 precision at |x| ~ 1e4.
  const shifted = sub(x, max(x, axis, true));
  return sub(shifted, log(sum(exp(shifted), axis, true)));
}

export function composeLogsumexp([x]: readonly Tensor[], { axes, keepDims }: { axes: number[]; keepDims: boolean }): Tensor {
  const m = max(x, axes, true);
  const shift = where(equal(abs(m), Infinity), 0, m); // ±∞ max: shift by 0 (all −∞ row → −∞)
  const out = add(log(sum(exp(sub(x, shift)), axes, true)), shift);
  return keepDims ? out : reshape(out, reducedShape(x.shape, axes, false));
}

export function softmaxVjp(g: Tensor, _inputs: Tensor[], p: Tensor, { axis }: { axis: number }): Tensor[] {
  return [mul(p, sub(g, sum(mul(g, p), axis, true)))];
}

export function logSoftmaxVjp(g: Tensor, _inputs: Tensor[], out: Tensor, { axis }: { axis: number }): Tensor[] {
  return [sub(g, mul(exp(out), sum(g, axis, true)))];
}

export function logsumexpVjp(g: Tensor, [x]: Tensor[], out: Tensor, { axes, keepDims }: { axes: number[]; keepDims: boolean }): Tensor[] {
  const kept = reducedShape(x.shape, axes, true);
  const gk = keepDims ? g : reshape(g, kept);
  const ok = keepDims ? out : reshape(out, kept);
  return [mul(gk, exp(sub(x, ok)))];
}
