/**
 * The IDX file format of MNIST and Fashion-MNIST: a 4-byte magic number (0, 0, type,
 * number of dimensions), one big-endian uint32 per dimension, then the values. Files are
 * untrusted: the magic and the declared sizes are checked against the byte length before
 * anything is read, and every failure is a TensorloomError that says what is wrong.
 */
import { TensorloomError } from '@tensorloom/core';

/** An unsigned-byte IDX array: its shape and a view of its values (row-major). */
export interface IdxArray {
  shape: number[];
  /** A view into the input bytes (no copy). */
  data: Uint8Array;
}

/** Images of an IDX3 file (magic 0x00000803). */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols pixels, 0..255, row-major; a view into the input bytes. */
  pixels: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

/** The bytes of an ArrayBuffer or a view (a Node Buffer included), without copying. */
export function asBytes(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new TensorloomError('parseIdx', 'expects an ArrayBuffer or a typed array / Buffer of the file\'s bytes');
}

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Checks the 4-byte magic number (at least 4 bytes given) and returns the number of dimensions. */
function checkIdxMagic(bytes: Uint8Array, op: string): number {
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  const type = bytes[2];
  const ndims = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || ndims === 0 || !(type in TYPE_NAMES)) {
    throw new TensorloomError(op, `not an IDX file: the magic number is ${hex(magic)}, expected 0x000008NN (NN = number of dimensions); check that this is the right file`);
  }
  if (type !== 0x08) throw new TensorloomError(op, `IDX values of type ${TYPE_NAMES[type]} (magic ${hex(magic)}) are not supported; only unsigned bytes (0x08) are`);
  return ndims;
}

/**
 * The total size in bytes (header + values) that the IDX header at the start of `prefix`
 * declares, or undefined while `prefix` is too short to hold the whole header. Throws a
 * TensorloomError as soon as the magic number is wrong, so a decompressor can stop early.
 *
 * @example
 * idxDeclaredSize(firstChunk); // 7840016 for t10k-images
 */
export function idxDeclaredSize(prefix: Uint8Array, op = 'parseIdx'): number | undefined {
  if (prefix.length < 4) return undefined;
  const ndims = checkIdxMagic(prefix, op);
  const header = 4 + 4 * ndims;
  if (prefix.length < header) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset, header);
  let size = 1;
  for (let i = 0; i < ndims; i++) size *= view.getUint32(4 + 4 * i, false);
  return header + size;
}

/**
 * Parses an IDX file of unsigned bytes (any number of dimensions).
 *
 * @example
 * const { shape, data } = parseIdx(bytes); // shape [10000, 28, 28] for t10k-images
 */
export function parseIdx(input: ArrayBuffer | ArrayBufferView, op = 'parseIdx'): IdxArray {
  const bytes = asBytes(input);
  if (isGzip(bytes)) {
    throw new TensorloomError(op, 'the file is gzip-compressed; decompress it first (gunzip() in @tensorloom/data, or readIdxFile/loadMnist in @tensorloom/data/node, do it for you)');
  }
  if (bytes.length < 4) throw new TensorloomError(op, `the file is truncated: it has ${bytes.length} bytes but an IDX file starts with a 4-byte magic number`);
  const ndims = checkIdxMagic(bytes, op);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    throw new TensorloomError(op, `the file is truncated: it has ${bytes.length} bytes but its ${ndims}-dimensional header needs ${header}`);
  }
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const declared = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - header;
  if (declared > available) {
    throw new TensorloomError(op, `the file is truncated or corrupt: its header declares ${shape.join(' × ')} = ${declared} values after the ${header}-byte header, but only ${available} bytes follow`);
  }
  if (declared < available) {
    throw new TensorloomError(op, `the file is corrupt: its header declares ${shape.join(' × ')} = ${declared} values after the ${header}-byte header, but ${available} bytes follow (${available - declared} too many)`);
  }
  return { shape, data: bytes.subarray(header, header + declared) };
}

/**
 * Parses an IDX3 image file (magic 0x00000803: count, rows, cols, then pixels).
 *
 * @example
 * const { count, rows, cols, pixels } = parseIdxImages(bytes); // 10000, 28, 28, Uint8Array
 */
export function parseIdxImages(input: ArrayBuffer | ArrayBufferView): IdxImages {
  const bytes = asBytes(input);
  if (bytes.length >= 4 && !isGzip(bytes)) {
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
    if (magic === 0x801) throw new TensorloomError('parseIdxImages', 'this is an IDX labels file (magic 0x00000801), not images (0x00000803); pass it as the labels');
    if (magic !== 0x803) throw new TensorloomError('parseIdxImages', `not an IDX image file: the magic number is ${hex(magic)}, expected 0x00000803`);
  }
  const { shape, data } = parseIdx(bytes, 'parseIdxImages');
  return { count: shape[0], rows: shape[1], cols: shape[2], pixels: data };
}

/**
 * Parses an IDX1 label file (magic 0x00000801: count, then one byte per label).
 *
 * @example
 * const labels = parseIdxLabels(bytes); // Uint8Array of 10000 class indices
 */
export function parseIdxLabels(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  const bytes = asBytes(input);
  if (bytes.length >= 4 && !isGzip(bytes)) {
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
    if (magic === 0x803) throw new TensorloomError('parseIdxLabels', 'this is an IDX images file (magic 0x00000803), not labels (0x00000801); pass it as the images');
    if (magic !== 0x801) throw new TensorloomError('parseIdxLabels', `not an IDX labels file: the magic number is ${hex(magic)}, expected 0x00000801`);
  }
  return parseIdx(bytes, 'parseIdxLabels').data;
}
