/**
 * Reads safetensors bytes, treating them as untrusted: the header size is bounded by the
 * file, every entry's dtype, shape and byte range is checked, ranges may not overlap, and
 * every failure is a TensorloomError that says what is wrong. Nothing is allocated beyond
 * what the file holds.
 */
import { TensorloomError, type DType, type TypedArray } from '@tensorloom/core';
import { BYTES, MAX_HEADER_BYTES, type HeaderEntry, type SafetensorsDType } from './format.js';

/** One tensor read from a file, as host values ready for `tensor(data, { shape, dtype })`. */
export interface StoredTensor { dtype: DType; shape: number[]; data: TypedArray; fileDType: SafetensorsDType }

export interface SafetensorsContents {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
}

const OP = 'readSafetensors';
const fail = (message: string): never => { throw new TensorloomError(OP, message); };

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Decodes one tensor's little-endian bytes into the matching Tensorloom dtype. */
function decode(name: string, dtype: SafetensorsDType, bytes: Uint8Array, count: number): { dtype: DType; data: TypedArray } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true); return { dtype: 'float32', data: out }; }
    case 'F64': { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true); return { dtype: 'float32', data: out }; }
    case 'F16': { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true)); return { dtype: 'float32', data: out }; }
    case 'BF16': {
      const out = new Float32Array(count);
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u[i] = view.getUint16(i * 2, true) << 16;
      return { dtype: 'float32', data: out };
    }
    case 'I32': { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true); return { dtype: 'int32', data: out }; }
    case 'I16': { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true); return { dtype: 'int32', data: out }; }
    case 'I8': { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt8(i); return { dtype: 'int32', data: out }; }
    case 'U8': { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getUint8(i); return { dtype: 'int32', data: out }; }
    case 'BOOL': { const out = new Uint8Array(count); for (let i = 0; i < count; i++) out[i] = view.getUint8(i) ? 1 : 0; return { dtype: 'bool', data: out }; }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) fail(`tensor '${name}' holds the int64 value ${v}, outside int32's range; Tensorloom stores integers as int32`);
        out[i] = Number(v);
      }
      return { dtype: 'int32', data: out };
    }
  }
}

function checkEntry(name: string, raw: unknown, dataBytes: number): HeaderEntry {
  if (raw === null || typeof raw !== 'object') return fail(`header entry '${name}' is not an object`);
  const e = raw as Record<string, unknown>;
  if (typeof e.dtype !== 'string' || !(e.dtype in BYTES)) {
    return fail(`tensor '${name}' has dtype ${JSON.stringify(e.dtype)}; supported: ${Object.keys(BYTES).join(', ')}`);
  }
  if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    return fail(`tensor '${name}' has shape ${JSON.stringify(e.shape)}; a shape is a list of non-negative integers`);
  }
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || off.some((o) => !Number.isSafeInteger(o) || o < 0) || off[0] > off[1] || off[1] > dataBytes) {
    return fail(`tensor '${name}' has data_offsets ${JSON.stringify(off)} outside the ${dataBytes} data bytes of the file (truncated or corrupt)`);
  }
  const count = (e.shape as number[]).reduce((a, b) => a * b, 1);
  const size = count * BYTES[e.dtype as SafetensorsDType];
  if (off[1] - off[0] !== size) {
    return fail(`tensor '${name}' (${e.dtype} ${JSON.stringify(e.shape)}) needs ${size} bytes but its data_offsets span ${off[1] - off[0]}`);
  }
  return { dtype: e.dtype as SafetensorsDType, shape: e.shape as number[], data_offsets: [off[0], off[1]] };
}

/**
 * Parses a safetensors file's bytes.
 *
 * @example
 * const { tensors } = readSafetensors(new Uint8Array(await file.arrayBuffer()));
 * const w = tensors.get('fc.weight')!;
 * const t = tensor(w.data, { shape: w.shape, dtype: w.dtype });
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) fail('expected the file contents as a Uint8Array');
  if (bytes.byteLength < 8) fail(`the file is ${bytes.byteLength} bytes long; a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.byteLength - 8) || headerLength > BigInt(MAX_HEADER_BYTES)) {
    fail(`the header claims ${headerLength} bytes but the file has ${bytes.byteLength - 8} after the length (truncated or not a safetensors file)`);
  }
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(`the header is not valid UTF-8 JSON (${(e as Error).message}); the file is corrupt or not safetensors`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header must be a JSON object');
  const data = bytes.subarray(8 + n);
  const metadata: Record<string, string> = {};
  const entries: Array<[string, HeaderEntry]> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object') fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    entries.push([name, checkEntry(name, raw, data.byteLength)]);
  }
  const sorted = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][1].data_offsets[0] < sorted[i - 1][1].data_offsets[1]) {
      fail(`tensors '${sorted[i - 1][0]}' and '${sorted[i][0]}' overlap in the file (corrupt)`);
    }
  }
  const tensors = new Map<string, StoredTensor>();
  for (const [name, e] of entries) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    const decoded = decode(name, e.dtype, data.subarray(e.data_offsets[0], e.data_offsets[1]), count);
    tensors.set(name, { ...decoded, shape: e.shape, fileDType: e.dtype });
  }
  return { tensors, metadata };
}
