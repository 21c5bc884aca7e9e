/**
 * Reductions over axes: sum, max and argmax/argmin are primitives; mean, min, variance
 * and std are compositions.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkAxes, checkAxis, checkBoolean, checkOptionalNumber, checkOptions } from '../validate.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import { reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { div, mul, sub } from './binary.js';
import { cast, neg, sqrt } from './unary.js';
import { reshape } from './movement.js';

/**
 * Sum over `axis` (all axes when absent). Bool and int32 sum to int32.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 1); // [3, 7]
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return publicOp('sum', () => sumBody(x, axis, keepDims));
}

function sumBody(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  assertTensor('sum', x);
  const axes = checkAxes('sum', 'axis', axis, x.rank);
  checkBoolean('sum', 'keepDims', keepDims, false);
  const dtype = x.dtype === 'float32' ? 'float32' : 'int32';
  const shape = reducedShape(x.shape, axes, keepDims);
  if (x.dtype === 'bool') return tidy(() => runPrimitive('sum', [cast(x, 'int32')], { axes, keepDims }, { shape, dtype }));
  return runPrimitive('sum', [x], { axes, keepDims }, { shape, dtype });
}

/**
 * Arithmetic mean over `axis` (all axes when absent).
 *
 * @example
 * mean(tensor([1, 2, 3, 4])); // 2.5
 */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return publicOp('mean', () => {
    assertTensor('mean', x);
    const axes = checkAxes('mean', 'axis', axis, x.rank);
    checkBoolean('mean', 'keepDims', keepDims, false);
    const count = sizeOf(axes.map((a) => x.shape[a]));
    return tidy(() => div(sum(x, axes, keepDims), count));
  });
}

function assertNonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new TensorloomError(op, `cannot reduce an empty dimension of shape ${formatShape(x.shape)}: it has no ${op === 'max' || op === 'argmax' ? 'maximum' : 'minimum'}`);
  }
}

/**
 * Maximum over `axis` (NaN propagates). The gradient is shared evenly among ties.
 *
 * @example
 * max(tensor([[1, 5], [7, 2]]), 1); // [5, 7]
 */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return publicOp('max', () => maxBody(x, axis, keepDims));
}

function maxBody(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  assertTensor('max', x);
  const axes = checkAxes('max', 'axis', axis, x.rank);
  checkBoolean('max', 'keepDims', keepDims, false);
  assertNonEmpty('max', x, axes);
  const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
  const shape = reducedShape(x.shape, axes, keepDims);
  if (x.dtype === 'bool') return tidy(() => runPrimitive('max', [cast(x, 'int32')], { axes, keepDims }, { shape, dtype }));
  return runPrimitive('max', [x], { axes, keepDims }, { shape, dtype });
}

/** Minimum over `axis`. @example min(tensor([3, 1, 2])) // 1 */
export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return publicOp('min', () => minBody(x, axis, keepDims));
}

function minBody(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  assertTensor('min', x);
  assertNonEmpty('min', x, checkAxes('min', 'axis', axis, x.rank));
  checkBoolean('min', 'keepDims', keepDims, false);
  return tidy(() => {
    if (x.dtype === 'float32') return neg(max(neg(x), axis, keepDims));
    // Integers: min(x) = -1 - max(-1 - x), which cannot overflow (neg(INT32_MIN) would).
    const xi = x.dtype === 'bool' ? cast(x, 'int32') : x;
    return sub(-1, max(sub(-1, xi), axis, keepDims));
  });
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  return publicOp(op, () => argReduceBody(op, x, axis, keepDims));
}

function argReduceBody(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  assertTensor(op, x);
  checkBoolean(op, 'keepDims', keepDims, false);
  if (axis === undefined) {
    // Over the flattened tensor; keepDims gives x's rank with every dimension 1 (as PyTorch).
    return tidy(() => {
      const flat = argReduceBody(op, reshape(x, [x.size]), 0, false);
      return keepDims ? reshape(flat, x.shape.map(() => 1)) : flat;
    });
  }
  const ax = checkAxis(op, 'axis', axis, x.rank);
  assertNonEmpty(op, x, [ax]);
  const shape = reducedShape(x.shape, [ax], keepDims);
  const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
  const out = runPrimitive(op, [input], { axis: ax, keepDims }, { shape, dtype: 'int32' });
  if (input !== x) input.dispose();
  return out;
}

/**
 * Index of the maximum along `axis` (of the flattened tensor when absent); first index on ties.
 *
 * @example
 * argmax(logits, 1); // predicted classes, int32
 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmax', x, axis, keepDims); }
/** Index of the minimum along `axis`; first index on ties. @example argmin(tensor([3, 1, 1])) // 1 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmin', x, axis, keepDims); }

export interface VarianceOptions {
  keepDims?: boolean;
  /** Bessel's correction: 1 (the default, unbiased, as in PyTorch) or 0 (population). */
  correction?: number;
}

/**
 * Variance over `axis`, with Bessel's correction by default (PyTorch's `var`).
 *
 * @example
 * variance(tensor([1, 2, 3, 4])); // 1.6667
 */
export function variance(x: Tensor, axis?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return publicOp('variance', () => varianceBody('variance', x, axis, options));
}

function varianceBody(op: string, x: Tensor, axis: number | readonly number[] | undefined, options: VarianceOptions): Tensor {
  assertTensor(op, x);
  const axes = checkAxes(op, 'axis', axis, x.rank);
  const o = checkOptions(op, 'options', options);
  const keepDims = checkBoolean(op, 'keepDims', o.keepDims, false);
  const correction = checkOptionalNumber(op, 'correction', o.correction, { min: 0 }) ?? 1;
  const count = sizeOf(axes.map((a) => x.shape[a]));
  return tidy(() => {
    const centered = sub(x, mean(x, axes, true));
    return div(sum(mul(centered, centered), axes, keepDims), Math.max(count - correction, 0));
  });
}

/** Standard deviation: the square root of `variance`. @example std(x, 0) */
export function std(x: Tensor, axis?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return publicOp('std', () => tidy(() => sqrt(varianceBody('std', x, axis, options))));
}
