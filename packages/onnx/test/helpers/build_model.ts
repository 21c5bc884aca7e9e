/**
 * Builds small ONNX models in tests (plain protobuf objects encoded by onnx-proto).
 */
import { onnx } from '../../src/proto.js';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { writeTensorProto } from '../../src/tensor_proto.js';

type Node = { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: OnnxTypes.IAttributeProto[]; domain?: string };

export function valueInfo(name: string, shape: Array<number | string>, elemType = 1): OnnxTypes.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

export function makeModel(opts: {
  nodes: Node[]; inputs: OnnxTypes.IValueInfoProto[]; outputs: OnnxTypes.IValueInfoProto[]; initializers?: OnnxTypes.ITensorProto[]; opset?: number;
}): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opts.opset ?? 17 }],
    graph: {
      name: 'test',
      node: opts.nodes.map((n, i) => ({ opType: n.op, input: n.inputs, output: n.outputs, name: n.name ?? `n${i}`, attribute: n.attrs ?? [], domain: n.domain ?? '' })),
      input: opts.inputs, output: opts.outputs, initializer: opts.initializers ?? [],
    },
  }).finish();
}

export const floatInit = (name: string, shape: number[], values: number[]): OnnxTypes.ITensorProto => writeTensorProto(name, 'float32', shape, values);
export const int64Init = (name: string, shape: number[], values: number[]): OnnxTypes.ITensorProto => writeTensorProto(name, 'int64', shape, values);
