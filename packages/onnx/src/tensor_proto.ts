/**
 * TensorProto ⇄ host values. Reading checks every element count against the bytes that are
 * present (raw_data, typed fields or the external file) before allocating; int64 become
 * numbers (checked against int32 where they enter a tensor), double and float16 become
 * float32, small integer types become int32.
 */
import { TensorloomError, type DType } from '@tensorloom/core';
import { HostTensor, type HostValues } from './host_tensor.js';
import { DataType, type TensorProto } from './proto.js';
import { longToNumber } from './limits.js';

/** External data files by their `location`, for `importOnnx(bytes, { externalData })`. */
export type ExternalData = Record<string, Uint8Array>;

const ELEMENT_BYTES: Record<number, number> = {
  [DataType.FLOAT]: 4, [DataType.UINT8]: 1, [DataType.INT8]: 1, [DataType.UINT16]: 2, [DataType.INT16]: 2,
  [DataType.INT32]: 4, [DataType.INT64]: 8, [DataType.BOOL]: 1, [DataType.FLOAT16]: 2, [DataType.DOUBLE]: 8,
  [DataType.UINT32]: 4, [DataType.UINT64]: 8,
};

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(DataType).map(([k, v]) => [v, k]));

/** The name of an ONNX data type code, for messages. */
export function dataTypeName(code: number): string { return TYPE_NAMES[code] ?? `type ${code}`; }

/** The Tensorloom dtype that an ONNX element type maps to, or null when there is none. */
export function dtypeOf(code: number): DType | null {
  if (code === DataType.FLOAT || code === DataType.DOUBLE || code === DataType.FLOAT16) return 'float32';
  if (code === DataType.BOOL) return 'bool';
  if (code in ELEMENT_BYTES) return 'int32';
  return null;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function fromRaw(code: number, raw: Uint8Array, n: number): HostValues {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dtype = dtypeOf(code);
  const out: HostValues = dtype === 'float32' ? new Float32Array(n) : dtype === 'bool' ? new Uint8Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (code) {
      case DataType.FLOAT: out[i] = view.getFloat32(i * 4, true); break;
      case DataType.DOUBLE: out[i] = view.getFloat64(i * 8, true); break;
      case DataType.FLOAT16: out[i] = halfToFloat(view.getUint16(i * 2, true)); break;
      case DataType.UINT8: out[i] = view.getUint8(i); break;
      case DataType.INT8: out[i] = view.getInt8(i); break;
      case DataType.UINT16: out[i] = view.getUint16(i * 2, true); break;
      case DataType.INT16: out[i] = view.getInt16(i * 2, true); break;
      case DataType.INT32: out[i] = view.getInt32(i * 4, true); break;
      case DataType.UINT32: out[i] = view.getUint32(i * 4, true); break;
      case DataType.INT64: out[i] = Number(view.getBigInt64(i * 8, true)); break;
      case DataType.UINT64: out[i] = Number(view.getBigUint64(i * 8, true)); break;
      case DataType.BOOL: out[i] = view.getUint8(i) ? 1 : 0; break;
    }
  }
  return out;
}

function externalBytes(op: string, t: TensorProto, external: ExternalData | undefined): Uint8Array {
  const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new TensorloomError(op, `tensor '${t.name}' stores its data externally but names no location`);
  const file = external?.[location];
  if (!file) {
    throw new TensorloomError(op, `tensor '${t.name}' stores its data in the external file '${location}'; pass its bytes as importOnnx(bytes, { externalData: { '${location}': bytes } })`);
  }
  const offset = Number(entries.get('offset') ?? '0');
  const length = entries.has('length') ? Number(entries.get('length')) : file.byteLength - offset;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > file.byteLength) {
    throw new TensorloomError(op, `tensor '${t.name}': external range offset ${entries.get('offset')} length ${entries.get('length')} is outside '${location}' (${file.byteLength} bytes)`);
  }
  return file.subarray(offset, offset + length);
}

/**
 * Reads a TensorProto as a HostTensor. `op` names the caller in errors.
 *
 * @example
 * const host = readTensorProto('importOnnx', initializer);
 */
export function readTensorProto(op: string, t: TensorProto, external?: ExternalData): HostTensor {
  const code = t.dataType ?? 0;
  const name = t.name ? `'${t.name}'` : '(unnamed)';
  const dtype = dtypeOf(code);
  if (!dtype) throw new TensorloomError(op, `tensor ${name} has element type ${dataTypeName(code)}, which Tensorloom cannot hold (float, double, float16, bool and integer types are supported)`);
  if (t.segment) throw new TensorloomError(op, `tensor ${name} is segmented; segmented tensors are not supported`);
  const dims = (t.dims ?? []).map((d) => longToNumber(d as number));
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new TensorloomError(op, `tensor ${name} has an invalid dimension ${d}`);
  }
  // Count as a float so a huge product cannot wrap; compared with present bytes below before any allocation.
  const n = dims.reduce((a, b) => a * b, 1);
  const width = ELEMENT_BYTES[code];
  let values: HostValues;
  const isExternal = t.dataLocation === 1;
  const raw = isExternal ? externalBytes(op, t, external) : t.rawData && t.rawData.length > 0 ? t.rawData : null;
  if (raw) {
    if (raw.byteLength !== n * width) {
      throw new TensorloomError(op, `tensor ${name} of shape [${dims.join(',')}] needs ${n * width} bytes of ${dataTypeName(code)} but holds ${raw.byteLength}; the file is corrupt or truncated`);
    }
    values = fromRaw(code, raw, n);
  } else {
    const field: ArrayLike<unknown> =
      code === DataType.FLOAT ? t.floatData ?? [] :
      code === DataType.DOUBLE ? t.doubleData ?? [] :
      code === DataType.INT64 ? t.int64Data ?? [] :
      code === DataType.UINT32 || code === DataType.UINT64 ? t.uint64Data ?? [] :
      t.int32Data ?? [];
    if (field.length !== n) {
      throw new TensorloomError(op, `tensor ${name} of shape [${dims.join(',')}] needs ${n} values but holds ${field.length}; the file is corrupt or truncated`);
    }
    values = dtype === 'float32' ? new Float32Array(n) : dtype === 'bool' ? new Uint8Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = longToNumber(field[i] as number);
      values[i] = code === DataType.FLOAT16 ? halfToFloat(v) : code === DataType.BOOL ? (v ? 1 : 0) : v;
    }
  }
  return new HostTensor(dtype, dims, values);
}

/**
 * The ONNX element type written for a Tensorloom dtype.
 *
 * @example
 * onnxTypeOf('float32'); // 1 (FLOAT)
 */
export function onnxTypeOf(dtype: DType): number {
  return dtype === 'float32' ? DataType.FLOAT : dtype === 'bool' ? DataType.BOOL : DataType.INT32;
}

/**
 * Writes values as a TensorProto with raw little-endian data (`int64` for shapes and axes).
 *
 * @example
 * writeTensorProto('scale', 'float32', [2], [0.5, 2]);
 */
export function writeTensorProto(name: string, dtype: DType | 'int64', shape: readonly number[], values: ArrayLike<number>): TensorProto {
  const n = values.length;
  const code = dtype === 'int64' ? DataType.INT64 : onnxTypeOf(dtype);
  const width = ELEMENT_BYTES[code];
  const raw = new Uint8Array(n * width);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (code === DataType.FLOAT) view.setFloat32(i * 4, v, true);
    else if (code === DataType.INT32) view.setInt32(i * 4, v, true);
    else if (code === DataType.INT64) view.setBigInt64(i * 8, BigInt(Math.trunc(v)), true);
    else view.setUint8(i, v ? 1 : 0);
  }
  return { name, dataType: code, dims: [...shape], rawData: raw };
}
