/**
 * The ONNX protobuf schema, through the `onnx-proto` package (protobufjs static code for
 * onnx.proto). Decoding wraps every codec failure in a TensorloomError; encoding is the
 * library's. Nothing else in the package touches the wire format.
 */
import * as onnxProtoModule from 'onnx-proto';
import { TensorloomError } from '@tensorloom/core';

type OnnxNamespace = typeof onnxProtoModule.onnx;
// onnx-proto is CommonJS: Node exposes it as the default export, bundlers as named exports.
const mod = onnxProtoModule as unknown as { onnx?: OnnxNamespace; default?: { onnx: OnnxNamespace } };
/** The generated ONNX message classes. */
export const onnx: OnnxNamespace = (mod.onnx ?? mod.default?.onnx) as OnnxNamespace;

export type ModelProto = onnxProtoModule.onnx.ModelProto;
export type GraphProto = onnxProtoModule.onnx.IGraphProto;
export type NodeProto = onnxProtoModule.onnx.INodeProto;
export type TensorProto = onnxProtoModule.onnx.ITensorProto;
export type AttributeProto = onnxProtoModule.onnx.IAttributeProto;
export type ValueInfoProto = onnxProtoModule.onnx.IValueInfoProto;

/** ONNX TensorProto.DataType codes. */
export const DataType = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const;

/** ONNX AttributeProto.AttributeType codes. */
export const AttrType = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, SPARSE_TENSOR: 11, TYPE_PROTO: 13,
  FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10, SPARSE_TENSORS: 12, TYPE_PROTOS: 14,
} as const;

/** Decodes a serialized message with `decode`, as a TensorloomError naming `what` on failure. */
export function decodeWith<T>(op: string, what: string, bytes: Uint8Array, decode: (b: Uint8Array) => T): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new TensorloomError(op, `expected the ${what} as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  }
  try {
    return decode(bytes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new TensorloomError(op, `the ${what} is not a valid ONNX protobuf (${msg}); is the file truncated or not an .onnx file?`);
  }
}

/** Decodes an ONNX model file. */
export function decodeModel(op: string, bytes: Uint8Array): ModelProto {
  return decodeWith(op, 'model', bytes, (b) => onnx.ModelProto.decode(b));
}

/** Decodes a serialized TensorProto (ONNX test data's input_*.pb / output_*.pb). */
export function decodeTensorProto(op: string, bytes: Uint8Array): onnxProtoModule.onnx.TensorProto {
  return decodeWith(op, 'tensor', bytes, (b) => onnx.TensorProto.decode(b));
}

/**
 * Encodes a model as ONNX protobuf bytes.
 *
 * @example
 * const bytes = encodeModel({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph });
 */
export function encodeModel(model: onnxProtoModule.onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
