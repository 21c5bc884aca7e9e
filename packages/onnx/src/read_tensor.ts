/**
 * readOnnxTensor: a serialized TensorProto (ONNX test data's .pb files) as a Tensorloom tensor.
 */
import type { Tensor } from '@tensorloom/core';
import { decodeTensorProto } from './proto.js';
import { readTensorProto } from './tensor_proto.js';

/**
 * Decodes a serialized ONNX TensorProto into a tensor on the current backend (int64 → int32,
 * checked; double → float32).
 *
 * @example
 * const x = readOnnxTensor(new Uint8Array(readFileSync('test_data_set_0/input_0.pb')));
 */
export function readOnnxTensor(bytes: Uint8Array): Tensor {
  return readTensorProto('readOnnxTensor', decodeTensorProto('readOnnxTensor', bytes)).toTensor('readOnnxTensor');
}
