/**
 * Writes safetensors bytes: keys in sorted order, the header padded with spaces to an
 * 8-byte boundary, then each tensor's little-endian bytes (float32 → F32, int32 → I32,
 * bool → BOOL).
 */
import { TensorloomError, type DType, type Tensor, type TypedArray } from '@tensorloom/core';
import type { HeaderEntry, SafetensorsDType } from './format.js';

/** Host values to write: a tensor's dtype, shape and data. */
export interface HostTensor { dtype: DType; shape: readonly number[]; data: TypedArray }

const FILE_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/**
 * Serialises host tensors to safetensors bytes.
 *
 * @example
 * const bytes = writeSafetensors({ 'fc.weight': { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) } });
 */
export function writeSafetensors(tensors: Record<string, HostTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  // No prototype: a tensor or metadata key named '__proto__' stays an ordinary key.
  const header = Object.create(null) as Record<string, HeaderEntry | Record<string, string>>;
  if (Object.keys(metadata).length > 0) {
    const meta = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TensorloomError('writeSafetensors', `metadata '${k}' must be a string`);
      meta[k] = v;
    }
    header.__metadata__ = meta;
  }
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new TensorloomError('writeSafetensors', "'__metadata__' is reserved; pick another tensor name");
    const t = tensors[name];
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new TensorloomError('writeSafetensors', `tensor '${name}' has shape [${t.shape}] (${count} values) but ${t.data.length} values`);
    }
    const size = count * (t.dtype === 'bool' ? 1 : 4);
    header[name] = { dtype: FILE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  while ((encoder.encode(json).byteLength) % 8 !== 0) json += ' ';
  const headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const name of names) {
    const t = tensors[name];
    for (let i = 0; i < t.data.length; i++) {
      if (t.dtype === 'float32') { view.setFloat32(at, t.data[i], true); at += 4; }
      else if (t.dtype === 'int32') { view.setInt32(at, t.data[i], true); at += 4; }
      else { view.setUint8(at, t.data[i] ? 1 : 0); at += 1; }
    }
  }
  return out;
}

/**
 * Reads tensors back from their backend and serialises them.
 *
 * @example
 * const bytes = await tensorsToSafetensors({ weight: w, bias: b });
 */
export async function tensorsToSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const host: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(tensors)) host[name] = { dtype: t.dtype, shape: t.shape, data: await t.data() };
  return writeSafetensors(host, metadata);
}
