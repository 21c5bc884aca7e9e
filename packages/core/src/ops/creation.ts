/**
 * Making tensors from nothing: from JS data, filled, ranges and identity. These are the roots
 * of every computation, so each first makes sure core is wired (its method and autograd
 * tables installed; idempotent, see wiring.ts). Tensors made beside an existing tensor are in
 * fill.ts.
 */
import type { DType, TypedArray } from '../dtype.js';
import { arrayFor } from '../dtype.js';
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkBoolean, checkDType, checkNumber, checkOptions, checkShape, checkSize, describe } from '../validate.js';
import { fromValues } from '../engine.js';
import { findBackend, getBackend } from '../registry.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { Backend } from '../backend.js';
import { ensureWired } from '../wiring.js';

/** Options of the functions that make tensors. */
export interface CreateOptions {
  /** The dtype (default: float32, or what the data says: bools give bool, Int32Array int32). */
  dtype?: DType;
  /** Make a leaf that accumulates gradients (float32 only). */
  requiresGrad?: boolean;
  /** A registered backend (or its name); the current backend when absent. */
  backend?: string | Backend;
}

/** Nested JS arrays of numbers or booleans, as `tensor()` takes them. */
export type NestedInput = number | boolean | readonly NestedInput[];

function backendFrom(opts: CreateOptions): Backend {
  ensureWired();
  if (!opts.backend) return getBackend();
  if (typeof opts.backend === 'string') return findBackend(opts.backend);
  return opts.backend;
}

/** Checks the options every creation function takes; returns them with the dtype checked. */
function createOptions<T extends CreateOptions>(op: string, opts: T | undefined): Partial<T> {
  const o = checkOptions(op, 'options', opts);
  checkDType(op, 'dtype', o.dtype, true);
  checkBoolean(op, 'requiresGrad', o.requiresGrad, false);
  const b: unknown = o.backend;
  if (b !== undefined && typeof b !== 'string' && (b === null || typeof b !== 'object' || typeof (b as Backend).write !== 'function')) {
    throw new TensorloomError(op, `backend must be a registered backend's name or a Backend, got ${describe(b)}`);
  }
  return o;
}

/** Checks requiresGrad against the dtype before anything is allocated. */
function checkGrad(op: string, opts: CreateOptions, dtype: DType): void {
  if (opts.requiresGrad && dtype !== 'float32') {
    throw new TensorloomError(op, `only float32 tensors can require grad, got dtype ${dtype}; drop requiresGrad or use float32`);
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Stores one JS value as `dtype`, the documented narrowing rule of every creation function:
 * float32 rounds to the nearest float32; int32 truncates toward zero (as PyTorch does) and
 * rejects NaN, ±Infinity and values outside [−2^31, 2^31 − 1]; bool is `x != 0` (NaN is true,
 * as in NumPy and PyTorch).
 */
function narrow(op: string, v: number | boolean, dtype: DType): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (dtype === 'float32') return v;
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (!Number.isFinite(v)) throw new TensorloomError(op, `${v} cannot be stored as int32 (it holds finite integers only); use dtype 'float32'`);
  const t = Math.trunc(v);
  if (t < INT32_MIN || t > INT32_MAX) {
    throw new TensorloomError(op, `${v} is outside the int32 range [${INT32_MIN}, ${INT32_MAX}]; use dtype 'float32' or smaller values`);
  }
  return t;
}

/** The values of `flat` as `dtype`, each narrowed by the rule above. */
function storeValues(op: string, flat: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const values = arrayFor(dtype, flat.length);
  const fitsInt32 = flat instanceof Int32Array || flat instanceof Int16Array || flat instanceof Int8Array
    || flat instanceof Uint16Array || flat instanceof Uint8Array || flat instanceof Uint8ClampedArray;
  if (dtype === 'float32' || (fitsInt32 && dtype === 'int32')) {
    for (let i = 0; i < flat.length; i++) values[i] = Number(flat[i]);
  } else {
    for (let i = 0; i < flat.length; i++) values[i] = narrow(op, flat[i], dtype);
  }
  return values;
}

function inferShape(data: NestedInput, op: string): number[] {
  const shape: number[] = [];
  let level: NestedInput = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as NestedInput;
    if (level === undefined) break;
  }
  const check = (v: NestedInput, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw new TensorloomError(op, `ragged nested array: expected a number at depth ${dim}; every row must have the same length`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new TensorloomError(op, `ragged nested array: rows at depth ${dim} must all have length ${shape[dim]}`);
    }
    for (const x of v) check(x, dim + 1);
  };
  check(data, 0);
  return shape;
}

function flattenNested(data: NestedInput, out: Array<number | boolean>): void {
  if (Array.isArray(data)) for (const x of data) flattenNested(x, out);
  else out.push(data as number | boolean);
}

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_();
  return t;
}

/**
 * Makes a tensor from nested arrays, a flat array with a shape, or a typed array. Values are
 * stored by one rule: float32 rounds to the nearest float32; int32 truncates toward zero (as
 * PyTorch) and rejects NaN, ±Infinity and values outside [−2^31, 2^31 − 1]; bool is `x != 0`.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);                 // float32 [2,2]
 * const t = tensor([0, 2, 1], { dtype: 'int32' });     // class targets
 * const w = tensor([1, 2, 3, 4], { shape: [2, 2], requiresGrad: true });
 */
export function tensor(
  data: NestedInput | TypedArray | readonly number[],
  opts: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  return publicOp('tensor', () => tensorBody(data, createOptions('tensor', opts)));
}

function tensorBody(data: NestedInput | TypedArray | readonly number[], opts: CreateOptions & { shape?: readonly number[] }): Tensor {
  if (data === undefined || data === null || (typeof data !== 'number' && typeof data !== 'boolean' && !Array.isArray(data) && !ArrayBuffer.isView(data))) {
    throw new TensorloomError('tensor', `data must be a number, a boolean, a (nested) array or a typed array, got ${describe(data)}`);
  }
  let flat: ArrayLike<number | boolean>;
  let shape: number[];
  let dtype = opts.dtype;
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    shape = [(data as TypedArray).length];
    // Byte arrays are numbers (image pixels), not booleans: ask for { dtype: 'bool' } to get bools.
    dtype ??= data instanceof Int32Array || data instanceof Uint8Array || data instanceof Uint8ClampedArray ? 'int32' : 'float32';
  } else {
    shape = inferShape(data as NestedInput, 'tensor');
    const values: Array<number | boolean> = [];
    flattenNested(data as NestedInput, values);
    flat = values;
    dtype ??= values.length > 0 && typeof values[0] === 'boolean' ? 'bool' : 'float32';
    for (const v of values) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new TensorloomError('tensor', `values must be numbers or booleans, got ${typeof v}`);
      }
    }
  }
  if (opts.shape !== undefined) {
    checkShape('tensor', 'shape', opts.shape);
    if (sizeOf(opts.shape) !== flat.length) {
      throw new TensorloomError('tensor', `shape ${formatShape(opts.shape)} holds ${sizeOf(opts.shape)} values but ${flat.length} were given`);
    }
    shape = [...opts.shape];
  }
  checkSize('tensor', shape);
  checkGrad('tensor', opts, dtype);
  const values = storeValues('tensor', flat, dtype);
  return finish(fromValues(backendFrom(opts), values, shape, dtype), opts);
}

/**
 * A tensor of `shape` filled with `value` (stored by `tensor`'s rule: int32 truncates toward
 * zero and rejects non-finite or out-of-range values; bool is `value != 0`).
 *
 * @example
 * full([2, 3], 0.5);
 */
export function full(shape: readonly number[], value: number | boolean, opts: CreateOptions = {}): Tensor {
  return publicOp('full', () => fullBody('full', shape, value, opts));
}

function fullBody(op: string, shape: readonly number[], value: number | boolean, options: CreateOptions | undefined): Tensor {
  const opts = createOptions(op, options);
  const dims = checkShape(op, 'shape', shape);
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TensorloomError(op, `value must be a number or a boolean, got ${describe(value)}`);
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  checkGrad(op, opts, dtype);
  const stored = narrow(op, value, dtype);
  const values = arrayFor(dtype, sizeOf(dims));
  values.fill(stored);
  return finish(fromValues(backendFrom(opts), values, dims, dtype), opts);
}

/** A tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor { return publicOp('zeros', () => fullBody('zeros', shape, 0, opts)); }
/** A tensor of ones. @example ones([2, 3]) */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor { return publicOp('ones', () => fullBody('ones', shape, 1, opts)); }
/** A rank-0 tensor. @example scalar(3) */
export function scalar(value: number | boolean, opts: CreateOptions = {}): Tensor { return publicOp('scalar', () => fullBody('scalar', [], value, opts)); }

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` is 0..n-1.
 * Integer arguments give int32, like PyTorch.
 *
 * @example
 * arange(5);          // [0,1,2,3,4] int32
 * arange(0, 1, 0.25); // [0,0.25,0.5,0.75] float32
 */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  return publicOp('arange', () => {
    const o = createOptions('arange', opts);
    checkNumber('arange', 'start', start);
    if (end === undefined) { end = start; start = 0; }
    checkNumber('arange', 'end', end);
    checkNumber('arange', 'step', step);
    if (step === 0) throw new TensorloomError('arange', 'step must be a finite non-zero number, got 0');
    const n = Math.max(0, Math.ceil((end - start) / step));
    checkSize('arange', [n]);
    const dtype = o.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
    checkGrad('arange', o, dtype);
    const values = arrayFor(dtype, n);
    for (let i = 0; i < n; i++) values[i] = narrow('arange', start + i * step, dtype);
    return finish(fromValues(backendFrom(o), values, [n], dtype), o);
  });
}

/**
 * `num` evenly spaced values from `start` to `end`, both included.
 *
 * @example
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, num: number, opts: CreateOptions = {}): Tensor {
  return publicOp('linspace', () => {
    const o = createOptions('linspace', opts);
    checkNumber('linspace', 'start', start);
    checkNumber('linspace', 'end', end);
    checkNumber('linspace', 'num', num, { integer: true, min: 0 });
    checkSize('linspace', [num]);
    const dtype = o.dtype ?? 'float32';
    checkGrad('linspace', o, dtype);
    const values = arrayFor(dtype, num);
    const step = num > 1 ? (end - start) / (num - 1) : 0;
    for (let i = 0; i < num; i++) values[i] = narrow('linspace', i === num - 1 && num > 1 ? end : start + i * step, dtype);
    return finish(fromValues(backendFrom(o), values, [num], dtype), o);
  });
}

/**
 * An identity matrix (n x m).
 *
 * @example
 * eye(3);
 */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  return publicOp('eye', () => {
    const o = createOptions('eye', opts);
    checkNumber('eye', 'n', n, { integer: true, min: 0 });
    checkNumber('eye', 'm', m, { integer: true, min: 0 });
    checkSize('eye', [n, m]);
    const dtype = o.dtype ?? 'float32';
    checkGrad('eye', o, dtype);
    const values = arrayFor(dtype, n * m);
    for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
    return finish(fromValues(backendFrom(o), values, [n, m], dtype), o);
  });
}

