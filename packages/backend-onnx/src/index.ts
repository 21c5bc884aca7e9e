/**
 * @tensorloom/backend-onnx: a lazy backend whose pending graphs are compiled to ONNX and run
 * by onnxruntime (onnxruntime-node in Node, onnxruntime-web in browsers). Importing this
 * package registers nothing; call `registerOnnxBackend()`.
 *
 * @example
 * import { tensor, setBackend } from '@tensorloom/core';
 * import { registerOnnxBackend } from '@tensorloom/backend-onnx';
 * registerOnnxBackend({ runtime: 'node' });
 * await setBackend('onnx');
 * console.log(await tensor([1, 2, 3]).mul(2).data());
 */
export { OnnxBackend, type OnnxBackendOptions } from './onnx_backend.js';
export { registerOnnxBackend, type RegisterOnnxOptions } from './register.js';
export type { OrtModule, OrtSessionLike, OrtSessionOptions, OrtTensorLike } from './ort_types.js';
export type { LazyNode, NodeState } from './lazy_node.js';
