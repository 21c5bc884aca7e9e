/**
 * @tensorloom/onnx: import ONNX models as trainable functions of core ops, and export traced
 * Tensorloom computations to ONNX. Depends on @tensorloom/core only; importing registers nothing.
 *
 * @example
 * import { importOnnx, exportOnnx } from '@tensorloom/onnx';
 * const model = importOnnx(bytes);
 * const { output } = model.run({ input: x });
 */
export { importOnnx, type OnnxModel, type ImportOptions, type RunOptions } from './import_onnx.js';
export { SUPPORTED_OPS } from './ops/index.js';
export { MIN_OPSET, MAX_OPSET, type ValueSpec } from './graph.js';
export { readOnnxTensor } from './read_tensor.js';
export type { ExternalData } from './tensor_proto.js';
export { exportOnnx, EXPORT_OPSETS, type ExportOptions } from './export/export_onnx.js';
export type { TraceableFn } from './export/trace.js';
// The graph IR and protobuf encoder, for packages that build ONNX graphs themselves (backend-onnx).
export { GraphBuilder, attr, type BatchLinear } from './export/graph_builder.js';
export { encodeModel } from './proto.js';
export { onnxTypeOf, writeTensorProto } from './tensor_proto.js';
