/**
 * gunzip: decompresses gzip bytes with the platform's DecompressionStream (browsers and
 * Node 18+), so the browser entry never imports node:zlib.
 */
import { TensorloomError } from '@tensorloom/core';
import { asBytes, isGzip } from './idx.js';

/**
 * Returns the bytes decompressed when they are gzip, or unchanged when they are not.
 *
 * @example
 * const raw = await gunzip(await (await fetch(url)).arrayBuffer());
 */
export async function gunzip(input: ArrayBuffer | ArrayBufferView): Promise<Uint8Array> {
  const bytes = asBytes(input);
  if (!isGzip(bytes)) return bytes;
  if (typeof DecompressionStream === 'undefined') {
    throw new TensorloomError('gunzip', 'this platform has no DecompressionStream; decompress the file before loading it');
  }
  try {
    const part = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    const stream = new Blob([part]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new TensorloomError('gunzip', `the gzip data is truncated or corrupt (${(e as Error).message})`);
  }
}
