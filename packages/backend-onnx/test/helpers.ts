/** Makes ONNX backends on onnxruntime-node for the tests (one intra-op thread: CI has 2 cores). */
import * as ort from 'onnxruntime-node';
import { OnnxBackend, type OnnxBackendOptions, type OrtModule } from '../src/index.js';

export const ortNode = ort as unknown as OrtModule;

export function makeOnnx(options: Omit<OnnxBackendOptions, 'ort'> = {}): OnnxBackend {
  return new OnnxBackend({ ort: ortNode, threads: 1, ...options });
}
