/**
 * Elementwise binary ops with NumPy broadcasting and type promotion (bool < int32 <
 * float32; division is true division), comparisons, logical ops, `where` and `clamp`.
 */
import type { DType } from '../dtype.js';
import { promoteTypes } from '../dtype.js';
import { TensorloomError, publicOp } from '../errors.js';
import { checkOptionalNumber, checkTensorLike } from '../validate.js';
import { runPrimitive } from '../engine.js';
import { tidy } from '../memory.js';
import type { PrimitiveName } from '../primitives.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { assertTensor, scalarLike, tensorPair, type TensorLike } from './operand.js';
import { cast } from './unary.js';

type Kind = 'arith' | 'compare' | 'logical';

function binary(op: PrimitiveName, kind: Kind, a: TensorLike, b: TensorLike): Tensor {
  return publicOp(op, () => binaryBody(op, kind, a, b));
}

function binaryBody(op: PrimitiveName, kind: Kind, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, release] = tensorPair(op, a, b);
  try {
    const shape = broadcastShapes(op, ta.shape, tb.shape);
    let dtype: DType;
    if (kind === 'logical') dtype = 'bool';
    else {
      dtype = promoteTypes(ta.dtype, tb.dtype);
      if (kind === 'arith' && dtype === 'bool') dtype = 'int32';
      if (op === 'div') dtype = 'float32';
    }
    const outDtype = kind === 'arith' ? dtype : 'bool';
    if (ta.dtype === dtype && tb.dtype === dtype) {
      return runPrimitive(op, [ta, tb], {}, { shape, dtype: outDtype });
    }
    return tidy(() => runPrimitive(op, [cast(ta, dtype), cast(tb, dtype)], {}, { shape, dtype: outDtype }));
  } finally {
    release();
  }
}

/** a + b, broadcasting. @example add(x, 1); x.add(y) */
export function add(a: TensorLike, b: TensorLike): Tensor { return binary('add', 'arith', a, b); }
/** a - b. @example sub(x, y) */
export function sub(a: TensorLike, b: TensorLike): Tensor { return binary('sub', 'arith', a, b); }
/** a * b. @example mul(x, 2) */
export function mul(a: TensorLike, b: TensorLike): Tensor { return binary('mul', 'arith', a, b); }
/** a / b (true division: integers give float32). @example div(x, 3) */
export function div(a: TensorLike, b: TensorLike): Tensor { return binary('div', 'arith', a, b); }
/** a ** b. @example pow(x, 2) */
export function pow(a: TensorLike, b: TensorLike): Tensor { return binary('pow', 'arith', a, b); }
/** Elementwise maximum. @example maximum(x, 0) */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return binary('maximum', 'arith', a, b); }
/** Elementwise minimum. @example minimum(x, 1) */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return binary('minimum', 'arith', a, b); }
/** a == b as bool. @example equal(labels, preds) */
export function equal(a: TensorLike, b: TensorLike): Tensor { return binary('equal', 'compare', a, b); }
/** a != b as bool (true where either is NaN). @example notEqual(preds, labels) */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return publicOp('notEqual', () => tidy(() => runLogicalNot(equal(a, b))));
}
/** a < b as bool. @example less(x, 0) */
export function less(a: TensorLike, b: TensorLike): Tensor { return binary('less', 'compare', a, b); }
/** a <= b as bool. @example lessEqual(x, 1) */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor { return binary('lessEqual', 'compare', a, b); }
/** a > b as bool. @example greater(x, 0) */
export function greater(a: TensorLike, b: TensorLike): Tensor { return binary('greater', 'compare', a, b); }
/** a >= b as bool. @example greaterEqual(probs, 0.5) */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor { return binary('greaterEqual', 'compare', a, b); }
/** a AND b (operands cast to bool). @example logicalAnd(x.greater(0), x.less(1)) */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor { return binary('logicalAnd', 'logical', a, b); }
/** a OR b (operands cast to bool). @example logicalOr(mask, padding) */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor { return binary('logicalOr', 'logical', a, b); }

function runLogicalNot(x: Tensor): Tensor {
  return runPrimitive('logicalNot', [x], {}, { shape: x.shape, dtype: 'bool' });
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere; all three broadcast. The condition
 * must be a bool tensor (as in PyTorch): make one with a comparison (`x.greater(0)`) or
 * `cast(c, 'bool')` (nonzero is true).
 *
 * @example
 * where(x.greater(0), x, 0); // relu
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  return publicOp('where', () => whereBody(condition, a, b));
}

function whereBody(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  assertTensor('where', condition, 'condition');
  if (condition.dtype !== 'bool') {
    throw new TensorloomError('where', `condition must be a bool tensor, got ${condition.dtype}; compare (x.greater(0)) or cast(condition, 'bool') (nonzero is true)`);
  }
  checkTensorLike('where', 'a', a);
  checkTensorLike('where', 'b', b);
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    // where(c, 1, 0): both branches are numbers; they become float32 scalars beside c.
    const sa = scalarLike(a, condition, 'float32');
    try { return whereBody(condition, sa, b); } finally { sa.dispose(); }
  }
  const [ta, tb, release] = tensorPair('where', a, b);
  try {
    return tidy(() => {
      const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, ta.shape), tb.shape);
      const dtype = promoteTypes(ta.dtype, tb.dtype);
      const c = condition;
      const x = ta.dtype === dtype ? ta : cast(ta, dtype);
      const y = tb.dtype === dtype ? tb : cast(tb, dtype);
      return runPrimitive('where', [c, x, y], {}, { shape, dtype });
    });
  } finally {
    release();
  }
}

/**
 * Limits values to [min, max] (either bound may be omitted). Gradient 1 inside, 0 outside.
 *
 * @example
 * clamp(x, 0, 6); // relu6
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  return publicOp('clamp', () => clampBody(x, min, max));
}

function clampBody(x: Tensor, min?: number, max?: number): Tensor {
  assertTensor('clamp', x);
  checkOptionalNumber('clamp', 'min', min, { infinity: true });
  checkOptionalNumber('clamp', 'max', max, { infinity: true });
  if (x.dtype === 'bool') throw new TensorloomError('clamp', `not defined for bool tensors; cast to 'int32' or 'float32' first`);
  if (min !== undefined && max !== undefined && min > max) {
    throw new TensorloomError('clamp', `min (${min}) is greater than max (${max})`);
  }
  return tidy(() => {
    let y = x;
    if (min !== undefined) y = where(less(y, min), scalarLike(min, x), y);
    if (max !== undefined) y = where(greater(y, max), scalarLike(max, x), y);
    return y === x ? x.clone() : y;
  });
}
