/**
 * Activations. relu, leakyRelu, elu, gelu and silu are compositions of primitives (autograd
 * flows through them); sigmoid and softplus are composed ops with their own VJP, so their
 * gradients stay finite for large |x|.
 */
import { TensorloomError, publicOp } from '../errors.js';
import { checkNumber, checkOneOf, checkOptionalNumber, checkOptions } from '../validate.js';
import { runComposed } from '../engine.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { add, div, equal, greater, lessEqual, minimum, mul, sub, where } from './binary.js';
import { erf, exp, log, tanh } from './unary.js';

function assertFloat(op: string, x: Tensor): void {
  assertTensor(op, x);
  if (x.dtype !== 'float32') throw new TensorloomError(op, `expects float32, got ${x.dtype}; cast(x, 'float32') first`);
}

/** max(x, 0); NaN stays NaN; gradient 0 at 0 (as PyTorch). @example relu(tensor([-1, 2])) // [0, 2] */
export function relu(x: Tensor): Tensor {
  return publicOp('relu', () => {
    assertTensor('relu', x);
    if (x.dtype === 'bool') throw new TensorloomError('relu', `not defined for bool tensors; cast to 'float32' first`);
    return tidy(() => where(lessEqual(x, 0), 0, x));
  });
}

/** x for x > 0, negativeSlope·x otherwise. @example leakyRelu(x, 0.2) */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return publicOp('leakyRelu', () => {
    assertFloat('leakyRelu', x);
    checkNumber('leakyRelu', 'negativeSlope', negativeSlope);
    return tidy(() => where(greater(x, 0), x, mul(x, negativeSlope)));
  });
}

/** x for x > 0, alpha·(eˣ − 1) otherwise. @example elu(x, 1) */
export function elu(x: Tensor, alpha = 1): Tensor {
  return publicOp('elu', () => {
    assertFloat('elu', x);
    checkNumber('elu', 'alpha', alpha);
    // exp of min(x, 0): the unselected branch never overflows, so its gradient is never 0·∞.
    return tidy(() => where(greater(x, 0), x, mul(sub(exp(minimum(x, 0)), 1), alpha)));
  });
}

export interface GeluOptions { approximate?: 'none' | 'tanh' }

/**
 * Gaussian error linear unit: x·Φ(x), exact (erf) or the tanh approximation.
 *
 * @example
 * gelu(x); gelu(x, { approximate: 'tanh' });
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  return publicOp('gelu', () => geluBody(x, options));
}

function geluBody(x: Tensor, options: GeluOptions): Tensor {
  assertFloat('gelu', x);
  const approximate = checkOneOf('gelu', 'approximate', checkOptions('gelu', 'options', options).approximate, ['none', 'tanh'], 'none');
  return tidy(() => {
    if (approximate === 'tanh') {
      const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return mul(mul(x, 0.5), add(tanh(inner), 1));
    }
    return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  });
}

/**
 * The logistic function 1 / (1 + e⁻ˣ), computed without overflow.
 *
 * @example
 * sigmoid(tensor([0])); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  return publicOp('sigmoid', () => {
    assertFloat('sigmoid', x);
    return runComposed('sigmoid', [x], {}, { shape: x.shape, dtype: 'float32' });
  });
}

/** x·sigmoid(x) (swish). @example silu(x) */
export function silu(x: Tensor): Tensor {
  return publicOp('silu', () => {
    assertFloat('silu', x);
    return tidy(() => mul(x, sigmoid(x)));
  });
}

export interface SoftplusOptions { beta?: number; threshold?: number }

/**
 * log(1 + e^(βx))/β, linear above `threshold` (PyTorch's defaults β = 1, threshold = 20).
 *
 * @example
 * softplus(x, { beta: 2 });
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  return publicOp('softplus', () => {
    assertFloat('softplus', x);
    const o = checkOptions('softplus', 'options', options);
    const beta = checkOptionalNumber('softplus', 'beta', o.beta) ?? 1;
    const threshold = checkOptionalNumber('softplus', 'threshold', o.threshold) ?? 20;
    if (!(beta > 0)) throw new TensorloomError('softplus', `beta must be positive, got ${beta}`);
    return runComposed('softplus', [x], { beta, threshold }, { shape: x.shape, dtype: 'float32' });
  });
}

/**
 * log(1 + y), accurate for tiny y (Goldberg's trick: log(u)·y/(u − 1) with u = 1 + y).
 *
 * @example
 * log1p(tensor([1e-10])); // [1e-10], where log(1 + y) gives 0
 */
export function log1p(y: Tensor): Tensor {
  return publicOp('log1p', () => {
    assertFloat('log1p', y);
    return tidy(() => {
      const u = add(y, 1);
      const d = sub(u, 1);
      return where(equal(d, 0), y, div(mul(log(u), y), where(equal(d, 0), 1, d)));
    });
  });
}
