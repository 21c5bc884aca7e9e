/**
 * importOnnx: an ONNX model as a trainable function. Float initializers become `weights`
 * (tensors on the current backend); `run` is a composition of core ops, so gradients flow to
 * inputs and to any weights passed in through `run(feeds, { weights })`.
 */
import { TensorloomError, tensor, type Tensor } from '@tensorloom/core';
import { decodeModel } from './proto.js';
import { prepareGraph, type ValueSpec } from './graph.js';
import { runGraph } from './run_graph.js';
import { DEFAULT_MAX_ELEMENTS } from './limits.js';
import type { ExternalData } from './tensor_proto.js';

export interface ImportOptions {
  /** Bytes of external-data files, by the `location` the model names. */
  externalData?: ExternalData;
  /** The largest tensor, in elements, that the graph may create from sizes it computes (default 2^26). */
  maxElements?: number;
}

export interface RunOptions {
  /** Initializers to use instead of the model's own, by ONNX name (e.g. tensors that require grad). */
  weights?: Record<string, Tensor>;
}

/** An imported ONNX model. */
export interface OnnxModel {
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  /** The float initializers, by ONNX name (owned by the model; dispose() frees them). */
  readonly weights: Record<string, Tensor>;
  /** The default-domain opset the model declares. */
  readonly opset: number;
  /** Runs the graph on the current backend; the caller owns the returned tensors. */
  run(feeds: Record<string, Tensor>, options?: RunOptions): Record<string, Tensor>;
  /** Frees the weights. */
  dispose(): void;
}

/**
 * Imports an ONNX model (the bytes of a .onnx file) as a function of core ops.
 *
 * @example
 * const model = importOnnx(new Uint8Array(readFileSync('model.onnx')));
 * const { logits } = model.run({ input: x });
 * // fine-tune: weights that require grad
 * const w = Object.fromEntries(Object.entries(model.weights).map(([k, t]) => [k, t.clone().requiresGrad_()]));
 * const loss = softmaxCrossEntropy(model.run({ input: x }, { weights: w }).logits, y);
 * loss.backward();
 */
export function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): OnnxModel {
  const model = decodeModel('importOnnx', bytes);
  const graph = prepareGraph(model, options.externalData);
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  const weights: Record<string, Tensor> = {};
  try {
    for (const [name, host] of graph.initializers) {
      if (host.dtype === 'float32') weights[name] = tensor(host.values as Float32Array, { shape: host.shape, dtype: 'float32' });
    }
  } catch (e) {
    for (const t of Object.values(weights)) t.dispose();
    throw e;
  }
  for (const name of Object.keys(weights)) graph.initializers.delete(name);
  const floatNames = new Set(Object.keys(weights));
  return {
    inputs: graph.inputs,
    outputs: graph.outputs,
    weights,
    opset: graph.opset,
    run(feeds, runOptions = {}) {
      const given = runOptions.weights ?? {};
      for (const [k, t] of Object.entries(given)) {
        if (!floatNames.has(k)) throw new TensorloomError('run', `weights has '${k}', which is not a float initializer of the model`);
        const own = weights[k];
        if (t.shape.length !== own.shape.length || t.shape.some((d, i) => d !== own.shape[i])) {
          throw new TensorloomError('run', `weight '${k}' must have shape [${own.shape.join(',')}], got [${t.shape.join(',')}]`);
        }
      }
      return runGraph({ graph, weights: { ...weights, ...given }, maxElements, external: options.externalData }, feeds);
    },
    dispose() { for (const t of Object.values(weights)) t.dispose(); },
  };
}
