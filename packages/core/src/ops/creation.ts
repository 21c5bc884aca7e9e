/**
 * Making tensors from nothing: from JS data, filled, ranges and identity. These are the roots
 * of every computation, so each first makes sure core is wired (its method and autograd
 * tables installed; idempotent, see wiring.ts). Tensors made beside an existing tensor are in
 * fill.ts.
 */
import type { DType, TypedArray } from '../dtype.js';
import { arrayFor, isDType } from '../dtype.js';
import { TensorloomError, formatShape } from '../errors.js';
import { fromValues } from '../engine.js';
import { findBackend, getBackend } from '../registry.js';
import { assertValidShape, sizeOf } from '../shape.js';
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
 * Makes a tensor from nested arrays, a flat array with a shape, or a typed array.
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
  if (opts.dtype !== undefined && !isDType(opts.dtype)) {
    throw new TensorloomError('tensor', `unknown dtype '${String(opts.dtype)}'; use 'float32', 'int32' or 'bool'`);
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
  if (opts.shape) {
    assertValidShape('tensor', opts.shape);
    if (sizeOf(opts.shape) !== flat.length) {
      throw new TensorloomError('tensor', `shape ${formatShape(opts.shape)} holds ${sizeOf(opts.shape)} values but ${flat.length} were given`);
    }
    shape = [...opts.shape];
  }
  const values = arrayFor(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = Number(flat[i]);
  return finish(fromValues(backendFrom(opts), values, shape, dtype), opts);
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @example
 * full([2, 3], 0.5);
 */
export function full(shape: readonly number[], value: number | boolean, opts: CreateOptions = {}): Tensor {
  assertValidShape('full', shape);
  const dtype = opts.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const values = arrayFor(dtype, sizeOf(shape));
  values.fill(Number(value));
  return finish(fromValues(backendFrom(opts), values, shape, dtype), opts);
}

/** A tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor { return full(shape, 0, opts); }
/** A tensor of ones. @example ones([2, 3]) */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor { return full(shape, 1, opts); }
/** A rank-0 tensor. @example scalar(3) */
export function scalar(value: number | boolean, opts: CreateOptions = {}): Tensor { return full([], value, opts); }

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` is 0..n-1.
 * Integer arguments give int32, like PyTorch.
 *
 * @example
 * arange(5);          // [0,1,2,3,4] int32
 * arange(0, 1, 0.25); // [0,0.25,0.5,0.75] float32
 */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) { end = start; start = 0; }
  if (step === 0 || !Number.isFinite(step)) throw new TensorloomError('arange', 'step must be a finite non-zero number');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  const values = arrayFor(dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(fromValues(backendFrom(opts), values, [n], dtype), opts);
}

/**
 * `num` evenly spaced values from `start` to `end`, both included.
 *
 * @example
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, num: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new TensorloomError('linspace', `num must be a non-negative integer, got ${num}`);
  const values = arrayFor(opts.dtype ?? 'float32', num);
  const step = num > 1 ? (end - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = i === num - 1 && num > 1 ? end : start + i * step;
  return finish(fromValues(backendFrom(opts), values, [num], opts.dtype ?? 'float32'), opts);
}

/**
 * An identity matrix (n x m).
 *
 * @example
 * eye(3);
 */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  assertValidShape('eye', [n, m]);
  const dtype = opts.dtype ?? 'float32';
  const values = arrayFor(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(fromValues(backendFrom(opts), values, [n, m], dtype), opts);
}

