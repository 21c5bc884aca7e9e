/**
 * Reads safetensors bytes, treating them as untrusted and following the reference
 * implementation's rules (huggingface/safetensors `Metadata::validate`): the header is bounded
 * in bytes and in work (see header_scan.ts), every entry's dtype, shape and byte range is
 * checked, the ranges tile the data section exactly (no overlap, no gap, no trailing bytes),
 * and every failure is a TensorloomError that says what is wrong. Nothing is allocated beyond
 * what the file holds.
 */
import { TensorloomError, type DType, type TypedArray } from '@tensorloom/core';
import { BYTES, MAX_HEADER_BYTES, type HeaderEntry, type SafetensorsDType } from './format.js';
import { scanHeader } from './header_scan.js';

/** One tensor read from a file, as host values ready for `tensor(data, { shape, dtype })`. */
export interface StoredTensor { dtype: DType; shape: number[]; data: TypedArray; fileDType: SafetensorsDType }

export interface SafetensorsContents {
  tensors: Map<string, StoredTensor>;
  /** `__metadata__`'s strings; an object without a prototype, so every key (`__proto__` too) is its own. */
  metadata: Record<string, string>;
}

/** Limits of `readSafetensors`; raise them for genuine files that exceed the defaults. */
export interface ReadSafetensorsOptions {
  /** Largest header in bytes (default 100,000,000, the reference implementation's limit). */
  maxHeaderBytes?: number;
  /** Most tensors in one file (default 100,000). */
  maxTensors?: number;
  /** Most `__metadata__` keys (default 10,000). */
  maxMetadataKeys?: number;
  /** Deepest JSON nesting in the header (default 8; a normal header is 3 deep). */
  maxDepth?: number;
  /** Largest rank of a tensor, and longest array anywhere in the header (default 64). */
  maxRank?: number;
  /**
   * What to do with F64 values beyond float32's range (Tensorloom stores float32): 'error'
   * (default) refuses the file, 'infinity' stores them as ±Infinity, as a cast would.
   */
  float64Overflow?: 'error' | 'infinity';
}

export const READ_DEFAULTS = { maxHeaderBytes: MAX_HEADER_BYTES, maxTensors: 100_000, maxMetadataKeys: 10_000, maxDepth: 8, maxRank: 64 } as const;

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
function decode(name: string, dtype: SafetensorsDType, bytes: Uint8Array, count: number, overflow: 'error' | 'infinity'): { dtype: DType; data: TypedArray } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true); return { dtype: 'float32', data: out }; }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getFloat64(i * 8, true);
        out[i] = v;
        if (overflow === 'error' && Number.isFinite(v) && !Number.isFinite(out[i])) {
          fail(`tensor '${name}' holds the float64 value ${v} (element ${i}), beyond float32's range (±3.4e38); Tensorloom stores float32. Rescale it, or pass { float64Overflow: 'infinity' } to store ±Infinity`);
        }
      }
      return { dtype: 'float32', data: out };
    }
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkEntry(name: string, raw: unknown, maxRank: number): HeaderEntry {
  if (!isObject(raw)) return fail(`header entry '${name}' is not an object`);
  const e = raw;
  if (typeof e.dtype !== 'string' || !Object.hasOwn(BYTES, e.dtype)) {
    return fail(`tensor '${name}' has dtype ${JSON.stringify(e.dtype)}; supported: ${Object.keys(BYTES).join(', ')}`);
  }
  if (!Array.isArray(e.shape) || e.shape.length > maxRank || e.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    return fail(`tensor '${name}' has shape ${JSON.stringify(e.shape)}; a shape is a list of at most ${maxRank} non-negative integers`);
  }
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || off.some((o) => !Number.isSafeInteger(o) || o < 0) || off[0] > off[1]) {
    return fail(`tensor '${name}' has data_offsets ${JSON.stringify(off)}; they must be two integers [begin, end] with 0 <= begin <= end`);
  }
  return { dtype: e.dtype as SafetensorsDType, shape: e.shape as number[], data_offsets: [off[0], off[1]] };
}

/** The number of bytes an entry's dtype and shape need, or -1 when that is beyond 2^53. */
function entryBytes(e: HeaderEntry): number {
  if (e.shape.includes(0)) return 0;
  const size = e.shape.reduce((a, b) => a * b, BYTES[e.dtype]);
  return Number.isSafeInteger(size) ? size : -1;
}

/**
 * Parses a safetensors file's bytes. The rules (those of the reference implementation, with
 * duplicate keys refused where it keeps the last): the header is a JSON object of at most
 * `maxHeaderBytes`; `__metadata__` is absent, null or an object of strings; each other key is
 * a tensor `{ dtype, shape, data_offsets }` (other fields ignored); sorted by offsets, the
 * tensors tile the data section from byte 0 to its end with no gap, overlap or trailing byte.
 *
 * @example
 * const { tensors } = readSafetensors(new Uint8Array(await file.arrayBuffer()));
 * const w = tensors.get('fc.weight')!;
 * const t = tensor(w.data, { shape: w.shape, dtype: w.dtype });
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) fail('expected the file contents as a Uint8Array');
  const limits = { ...READ_DEFAULTS, ...options };
  for (const k of ['maxHeaderBytes', 'maxTensors', 'maxMetadataKeys', 'maxDepth', 'maxRank'] as const) {
    if (!Number.isSafeInteger(limits[k]) || limits[k] < 1) fail(`option ${k} must be a positive integer, got ${String(limits[k])}`);
  }
  const overflow = options.float64Overflow ?? 'error';
  if (overflow !== 'error' && overflow !== 'infinity') fail(`option float64Overflow must be 'error' or 'infinity', got ${String(overflow)}`);
  if (bytes.byteLength < 8) fail(`the file is ${bytes.byteLength} bytes long; a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.byteLength - 8)) {
    fail(`the header claims ${headerLength} bytes but the file has ${bytes.byteLength - 8} after the length (truncated or not a safetensors file)`);
  }
  if (headerLength > BigInt(limits.maxHeaderBytes)) {
    fail(`the header claims ${headerLength} bytes, more than the ${limits.maxHeaderBytes} allowed; raise { maxHeaderBytes } if the file is genuine`);
  }
  const n = Number(headerLength);
  scanHeader(bytes, 8, 8 + n, { maxDepth: limits.maxDepth, maxTensors: limits.maxTensors, maxMetadataKeys: limits.maxMetadataKeys, maxArrayLength: limits.maxRank });
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(`the header is not valid UTF-8 JSON (${(e as Error).message}); the file is corrupt or not safetensors`);
  }
  if (!isObject(header)) fail('the header must be a JSON object');
  const data = bytes.subarray(8 + n);
  const metadata = Object.create(null) as Record<string, string>;
  const entries: Array<[string, HeaderEntry]> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null) continue;
      if (!isObject(raw)) fail(`__metadata__ must be an object of strings, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${typeof v}`);
        metadata[k] = v as string;
      }
      continue;
    }
    entries.push([name, checkEntry(name, raw, limits.maxRank)]);
  }
  // Sorted by (begin, end), as the reference does, so zero-length tensors never look like overlaps.
  const sorted = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1]);
  let at = 0;
  for (const [name, e] of sorted) {
    const [begin, end] = e.data_offsets;
    if (begin !== at) {
      fail(begin < at
        ? `tensor '${name}' (bytes ${begin}..${end}) overlaps the tensor before it (which ends at ${at}); the file is corrupt`
        : `tensor '${name}' starts at byte ${begin} but the tensors before it end at ${at}: a gap of ${begin - at} bytes (corrupt file)`);
    }
    if (end > data.byteLength) fail(`tensor '${name}' has data_offsets [${begin},${end}] outside the ${data.byteLength} data bytes of the file (truncated or corrupt)`);
    const size = entryBytes(e);
    if (end - begin !== size) {
      fail(`tensor '${name}' (${e.dtype} ${JSON.stringify(e.shape)}) needs ${size < 0 ? 'more than 2^53' : size} bytes but its data_offsets span ${end - begin}`);
    }
    at = end;
  }
  if (at !== data.byteLength) {
    fail(`the tensors end at data byte ${at} but the file has ${data.byteLength} data bytes: ${data.byteLength - at} trailing bytes (corrupt file)`);
  }
  const tensors = new Map<string, StoredTensor>();
  for (const [name, e] of entries) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    const decoded = decode(name, e.dtype, data.subarray(e.data_offsets[0], e.data_offsets[1]), count, overflow);
    tensors.set(name, { ...decoded, shape: e.shape, fileDType: e.dtype });
  }
  return { tensors, metadata };
}
