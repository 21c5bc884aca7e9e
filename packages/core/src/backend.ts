/**
 * The backend contract: a small storage interface (write, read, dispose) plus one kernel per
 * primitive, and optional fused kernels for composed ops. A backend never sees autograd.
 * The semantics every kernel follows are in primitives.ts.
 */
import type { DType, TypedArray } from './dtype.js';
import type { ComposedOpAttrs, ComposedOpName, PrimitiveAttrs, PrimitiveName } from './primitives.js';

/** What a kernel knows about one tensor: its backend storage, shape and dtype. */
export interface TensorInfo<S = unknown> {
  /** The backend's storage (a TypedArray, a GPU buffer, a graph node…). */
  readonly data: S;
  /** The shape (row-major). */
  readonly shape: readonly number[];
  /** The dtype of the values. */
  readonly dtype: DType;
}

/** The output a kernel must produce; core has already inferred it. */
export interface OutputSpec {
  /** The output's shape. */
  readonly shape: readonly number[];
  /** The output's dtype. */
  readonly dtype: DType;
}

/**
 * One kernel: inputs and attributes in, new storage for the output out. (Declared as a
 * method so that a `Backend<Float32Array>` is usable where a `Backend` is expected.)
 */
export type Kernel<A, S = unknown> = {
  kernel(inputs: TensorInfo<S>[], attrs: A, out: OutputSpec): S;
}['kernel'];

/** One kernel per primitive: the part of a backend that a missing primitive fails to compile. */
export type PrimitiveKernels<S> = { [P in PrimitiveName]: Kernel<PrimitiveAttrs[P], S> };
/** A backend's fused kernels: any subset of the composed ops. */
export type FusedKernels<S> = { [C in ComposedOpName]?: Kernel<ComposedOpAttrs[C], S> };

/**
 * A Tensorloom backend. `S` is its storage type (a TypedArray, a GPU buffer, a tfjs data id…).
 *
 * @example
 * const backend: Backend<Float32Array> = {
 *   name: 'mine',
 *   write: (values) => Float32Array.from(values),
 *   read: async ({ data }) => data,
 *   disposeData: () => {},
 *   kernels: myPrimitiveKernels, // one per PRIMITIVE_NAMES entry
 * };
 * registerBackend('mine', () => backend);
 */
export interface Backend<S = unknown> {
  /** The registry name, e.g. `cpu`. */
  readonly name: string;
  /** Stores host values (row-major, of `dtype`) and returns new storage. */
  write(values: TypedArray, shape: readonly number[], dtype: DType): S;
  /** Reads storage back as a new typed array. */
  read(info: TensorInfo<S>): Promise<TypedArray>;
  /** Synchronous read, where the backend can do it (GPU and lazy backends leave it out). */
  readSync?(info: TensorInfo<S>): TypedArray;
  /** Releases storage. Called exactly once per storage, when its last tensor is disposed. */
  disposeData(data: S): void;
  /** One kernel per primitive: a missing one is a type error. */
  readonly kernels: PrimitiveKernels<S>;
  /** Fused kernels for composed ops; core falls back to the composition where one is absent. */
  readonly fused?: FusedKernels<S>;
  /** Free-form facts for `memory()` and users, e.g. float precision. */
  info?(): Record<string, unknown>;
  /** Releases the backend's own resources (devices, contexts). */
  destroy?(): void;
  /** A step boundary (`markStep()`, called by training loops): a lazy backend may queue its pending work. */
  markStep?(): void;
}
