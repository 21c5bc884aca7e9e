/**
 * gunzip with bounded output: decompresses with the platform's DecompressionStream
 * (browsers and Node 18+; the browser entry never imports node:zlib), a chunk at a time, and
 * stops as soon as the output passes its limit — a fixed one for `gunzip`, the size the IDX
 * header declares for `gunzipIdx` — so a gzip bomb fails after a few chunks, not gigabytes.
 */
import { TensorloomError } from '@tensorloom/core';
import { asBytes, idxDeclaredSize, isGzip } from './idx.js';

/** `gunzip`'s default output limit: 128 MiB. */
export const GUNZIP_MAX_OUTPUT_BYTES = 128 * 2 ** 20;
/** `gunzipIdx`'s default limit on the size an IDX header may declare: 256 MiB. */
export const IDX_MAX_BYTES = 256 * 2 ** 20;

/** Options of `gunzip`. */
export interface GunzipOptions {
  /** The most bytes the output may have (default 128 MiB); more is a TensorloomError. */
  maxOutputBytes?: number;
}

/** Options of `gunzipIdx` and the IDX file loaders. */
export interface IdxReadOptions {
  /** The largest IDX file (header + values) accepted, compressed or not (default 256 MiB). */
  maxBytes?: number;
}

const positive = (op: string, name: string, v: number): number => {
  if (!Number.isSafeInteger(v) || v < 0) throw new TensorloomError(op, `${name} must be a non-negative integer, got ${String(v)}`);
  return v;
};

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/**
 * Decompresses `bytes` (gzip) chunk by chunk, failing once the output passes `limit`;
 * `declared`, when given, sees the first bytes of output and may lower the limit to the size
 * they declare (or throw on a bad header).
 */
async function inflate(bytes: Uint8Array, op: string, limit: number, declared?: (prefix: Uint8Array) => number | undefined): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new TensorloomError(op, 'this platform has no DecompressionStream; decompress the file before loading it');
  }
  const part = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const reader = new Blob([part]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let size: number | undefined;
  let prefix = new Uint8Array(0);
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw new TensorloomError(op, `the gzip data is truncated or corrupt (${(e as Error).message})`);
      }
      if (next.done) break;
      chunks.push(next.value);
      total += next.value.length;
      if (declared && size === undefined) {
        const grown = new Uint8Array(Math.min(total, 1024)); // an IDX header is at most 1,024 bytes
        grown.set(prefix);
        grown.set(next.value.subarray(0, grown.length - prefix.length), prefix.length);
        prefix = grown;
        size = declared(prefix);
        if (size !== undefined && size > limit) {
          throw new TensorloomError(op, `the IDX header declares ${size} bytes, more than the ${limit} allowed; pass { maxBytes } to allow more if the file is genuine`);
        }
        if (size !== undefined) limit = size;
      }
      if (total > limit) {
        throw new TensorloomError(op, size !== undefined
          ? `the gzip data decompresses to more than the ${size} bytes its IDX header declares (stopped after ${total} bytes); the file is corrupt`
          : `the gzip data decompresses to more than ${limit} bytes (stopped after ${total} bytes); pass { maxOutputBytes } to allow more`);
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return concat(chunks, total);
}

/**
 * Returns the bytes decompressed when they are gzip, or unchanged when they are not. The
 * output is limited (default 128 MiB): a gzip bomb is a TensorloomError after at most that.
 *
 * @example
 * const raw = await gunzip(await (await fetch(url)).arrayBuffer(), { maxOutputBytes: 64 * 2 ** 20 });
 */
export async function gunzip(input: ArrayBuffer | ArrayBufferView, options: GunzipOptions = {}): Promise<Uint8Array> {
  const bytes = asBytes(input);
  const limit = positive('gunzip', 'maxOutputBytes', options.maxOutputBytes ?? GUNZIP_MAX_OUTPUT_BYTES);
  if (!isGzip(bytes)) return bytes;
  return inflate(bytes, 'gunzip', limit);
}

/**
 * Returns an IDX file's bytes, decompressed when they are gzip. Decompression streams
 * against the size the IDX header declares: a bad magic number fails on the first chunk, and
 * output beyond the declared size (or beyond `maxBytes`) stops at once.
 *
 * @example
 * const images = parseIdxImages(await gunzipIdx(await (await fetch(url)).arrayBuffer()));
 */
export async function gunzipIdx(input: ArrayBuffer | ArrayBufferView, options: IdxReadOptions = {}, op = 'gunzipIdx'): Promise<Uint8Array> {
  const bytes = asBytes(input);
  const limit = positive(op, 'maxBytes', options.maxBytes ?? IDX_MAX_BYTES);
  if (!isGzip(bytes)) {
    if (bytes.length > limit) throw new TensorloomError(op, `the file has ${bytes.length} bytes, more than the ${limit} allowed; pass { maxBytes } to allow more`);
    return bytes;
  }
  return inflate(bytes, op, limit, (prefix) => idxDeclaredSize(prefix, op));
}
