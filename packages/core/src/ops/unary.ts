/**
 * Elementwise unary ops: the primitives (neg, exp, log, …, cast) and small compositions
 * (square, rsqrt, ceil).
 */
import type { DType } from '../dtype.js';
import { isDType } from '../dtype.js';
import { TensorloomError, publicOp } from '../errors.js';
import { describe } from '../validate.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import type { PrimitiveName } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';

type FloatUnary = 'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'erf' | 'reciprocal';

function floatUnary(op: FloatUnary & PrimitiveName, x: Tensor): Tensor {
  return publicOp(op, () => {
    assertTensor(op, x);
    if (x.dtype === 'float32') return runPrimitive(op, [x], {}, { shape: x.shape, dtype: 'float32' });
    return tidy(() => runPrimitive(op, [cast(x, 'float32')], {}, { shape: x.shape, dtype: 'float32' }));
  });
}

function sameUnary(op: 'neg' | 'abs' | 'sign' | 'floor', x: Tensor): Tensor {
  return publicOp(op, () => {
    assertTensor(op, x);
    if (x.dtype === 'bool') throw new TensorloomError(op, `not defined for bool tensors; cast to 'int32' or 'float32' first`);
    return runPrimitive(op, [x], {}, { shape: x.shape, dtype: x.dtype });
  });
}

/** -x. @example neg(tensor([1, -2])) // [-1, 2] */
export function neg(x: Tensor): Tensor { return sameUnary('neg', x); }
/** e^x. @example exp(tensor([0, 1])) // [1, 2.718…] */
export function exp(x: Tensor): Tensor { return floatUnary('exp', x); }
/** Natural logarithm. @example log(tensor([1, Math.E])) // [0, 1] */
export function log(x: Tensor): Tensor { return floatUnary('log', x); }
/** Square root. @example sqrt(tensor([4, 9])) // [2, 3] */
export function sqrt(x: Tensor): Tensor { return floatUnary('sqrt', x); }
/** Sine. @example sin(tensor([0])) */
export function sin(x: Tensor): Tensor { return floatUnary('sin', x); }
/** Cosine. @example cos(tensor([0])) */
export function cos(x: Tensor): Tensor { return floatUnary('cos', x); }
/** Hyperbolic tangent. @example tanh(tensor([0, 1])) */
export function tanh(x: Tensor): Tensor { return floatUnary('tanh', x); }
/** The error function. @example erf(tensor([0, 1])) // [0, 0.8427] */
export function erf(x: Tensor): Tensor { return floatUnary('erf', x); }
/** 1/x. @example reciprocal(tensor([2, 4])) // [0.5, 0.25] */
export function reciprocal(x: Tensor): Tensor { return floatUnary('reciprocal', x); }
/** |x|. @example abs(tensor([-1, 2])) // [1, 2] */
export function abs(x: Tensor): Tensor { return sameUnary('abs', x); }
/** -1, 0 or 1 (NaN stays NaN). @example sign(tensor([-3, 0, 2])) */
export function sign(x: Tensor): Tensor { return sameUnary('sign', x); }
/** Rounds down. @example floor(tensor([1.5, -1.5])) // [1, -2] */
export function floor(x: Tensor): Tensor { return sameUnary('floor', x); }
/** Rounds up. @example ceil(tensor([1.5, -1.5])) // [2, -1] */
export function ceil(x: Tensor): Tensor { return publicOp('ceil', () => tidy(() => neg(floor(neg(x))))); }
/** x². @example square(tensor([3])) // [9] */
export function square(x: Tensor): Tensor { return runMul(x); }
/** 1/√x. @example rsqrt(tensor([4])) // [0.5] */
export function rsqrt(x: Tensor): Tensor { return publicOp('rsqrt', () => tidy(() => reciprocal(sqrt(x)))); }

function runMul(x: Tensor): Tensor {
  return publicOp('square', () => {
    assertTensor('square', x);
    if (x.dtype === 'bool') throw new TensorloomError('square', `not defined for bool tensors; cast to 'int32' or 'float32' first`);
    return runPrimitive('mul', [x, x], {}, { shape: x.shape, dtype: x.dtype });
  });
}

/** Logical not of a bool tensor (other dtypes: x == 0). @example logicalNot(tensor([true, false])) */
export function logicalNot(x: Tensor): Tensor {
  return publicOp('logicalNot', () => {
    assertTensor('logicalNot', x);
    if (x.dtype === 'bool') return runPrimitive('logicalNot', [x], {}, { shape: x.shape, dtype: 'bool' });
    return tidy(() => runPrimitive('logicalNot', [cast(x, 'bool')], {}, { shape: x.shape, dtype: 'bool' }));
  });
}

/**
 * Converts to another dtype (float → int truncates toward zero; nonzero → true).
 *
 * @example
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  return publicOp('cast', () => {
    assertTensor('cast', x);
    if (!isDType(dtype)) throw new TensorloomError('cast', `unknown dtype ${describe(dtype)}; use 'float32', 'int32' or 'bool'`);
    return runPrimitive('cast', [x], { dtype }, { shape: x.shape, dtype });
  });
}
