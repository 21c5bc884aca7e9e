/**
 * The part of onnxruntime's JavaScript API (onnxruntime-node and onnxruntime-web share it)
 * that the backend uses, as structural types, so the published types name neither package.
 */

/** An onnxruntime tensor on the CPU: `data` is a typed array. */
export interface OrtTensorLike {
  /** The values (a typed array). */
  readonly data: unknown;
  /** The shape. */
  readonly dims: readonly number[];
  /** The element type, e.g. `float32`. */
  readonly type: string;
}

/** An onnxruntime InferenceSession. */
export interface OrtSessionLike {
  /** Runs the graph on `feeds` (by input name); resolves to the outputs by name. */
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  /** Frees the session's native resources. */
  release(): Promise<void>;
}

/** Session options the backend passes (a subset of onnxruntime's). */
export interface OrtSessionOptions {
  /** Execution providers in order of preference, e.g. `['cpu']` or `['webgpu', 'wasm']`. */
  executionProviders?: readonly unknown[];
  /** Threads inside one op. */
  intraOpNumThreads?: number;
  /** Threads across ops. */
  interOpNumThreads?: number;
  /** Graph optimisations before running. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Session config entries by dotted key, nested, e.g. `{ session: { intra_op: { allow_spinning: '0' } } }`. */
  extra?: Record<string, unknown>;
}

/** The onnxruntime module: `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`). */
export interface OrtModule {
  /** onnxruntime's Tensor constructor. */
  readonly Tensor: new (type: 'float32' | 'int32' | 'bool', data: Float32Array | Int32Array | Uint8Array, dims: readonly number[]) => OrtTensorLike;
  /** onnxruntime's InferenceSession (its static `create`). */
  readonly InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSessionLike> };
}
