/**
 * The compositions of sigmoid and softplus (used where a backend has no fused kernel) and
 * their VJPs, which stay finite for large |x|.
 */
import type { Tensor } from '../tensor.js';
import { add, div, greater, maximum, mul, sub, where } from '../ops/binary.js';
import { abs, exp, neg } from '../ops/unary.js';
import { log1p, sigmoid } from '../ops/activations.js';

export function composeSigmoid([x]: readonly Tensor[]): Tensor {
  const e = exp(neg(abs(x)));
  const r = div(1, add(e, 1));
  return where(greater(x, 0), r, mul(e, r));
}

export function sigmoidVjp(g: Tensor, _inputs: Tensor[], s: Tensor): Tensor[] {
  return [mul(g, mul(s, sub(1, s)))];
}

export function composeSoftplus([x]: readonly Tensor[], { beta, threshold }: { beta: number; threshold: number }): Tensor {
  const bx = mul(x, beta);
  const soft = div(add(maximum(bx, 0), log1p(exp(neg(abs(bx))))), beta);
  return where(greater(bx, threshold), x, soft);
}

export function softplusVjp(g: Tensor, [x]: Tensor[], _out: Tensor, { beta, threshold }: { beta: number; threshold: number }): Tensor[] {
  const bx = mul(x, beta);
  return [where(greater(bx, threshold), g, mul(g, sigmoid(bx)))];
}
