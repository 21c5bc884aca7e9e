/**
 * Where pretrained bytes come from: bytes already in memory, a URL (fetched; works in
 * browsers and Node) or a file path in Node (read with a lazily imported fs, so the module
 * stays browser-safe).
 */
import { TensorloomError } from '@tensorloom/core';

/** safetensors bytes, an ArrayBuffer, a URL, or a Node file path. */
export type PretrainedSource = Uint8Array | ArrayBuffer | URL | string;

const URL_LIKE = /^(https?|blob|data):/i;

/**
 * The bytes of `source`.
 *
 * @example
 * const bytes = await readSourceBytes('weights/lenet.safetensors');
 */
export async function readSourceBytes(op: string, source: PretrainedSource, fetchFn: typeof fetch | undefined = globalThis.fetch): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const isUrl = source instanceof URL || URL_LIKE.test(source);
  const isFileUrl = source instanceof URL ? source.protocol === 'file:' : /^file:/i.test(source);
  if (isFileUrl || !isUrl) {
    if (typeof process === 'undefined' || !process.versions?.node) {
      throw new TensorloomError(op, `cannot read the path '${String(source)}' outside Node; pass a URL or the file's bytes (new Uint8Array(await file.arrayBuffer()))`);
    }
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(source instanceof URL ? source : isFileUrl ? new URL(source) : source));
    } catch (e) {
      throw new TensorloomError(op, `cannot read ${String(source)}: ${(e as Error).message}`);
    }
  }
  if (typeof fetchFn !== 'function') throw new TensorloomError(op, `no fetch() to load ${String(source)}; pass the bytes instead`);
  let response: Response;
  try {
    response = await fetchFn(String(source));
  } catch (e) {
    throw new TensorloomError(op, `could not fetch ${String(source)}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new TensorloomError(op, `fetching ${String(source)} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
