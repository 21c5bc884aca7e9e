/**
 * The part of onnxruntime's JavaScript API (onnxruntime-node and onnxruntime-web share it)
 * that the backend uses, as structural types, so the published types name neither package.
 */

/** An onnxruntime tensor on the CPU: `data` is a typed array. */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}

/** An onnxruntime InferenceSession. */
export interface OrtSessionLike {
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** Session options the backend passes (a subset of onnxruntime's). */
export interface OrtSessionOptions {
  executionProviders?: readonly unknown[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** The onnxruntime module: `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`). */
export interface OrtModule {
  readonly Tensor: new (type: 'float32' | 'int32' | 'bool', data: Float32Array | Int32Array | Uint8Array, dims: readonly number[]) => OrtTensorLike;
  readonly InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSessionLike> };
}
