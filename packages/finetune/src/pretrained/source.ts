/**
 * Where pretrained bytes come from: bytes already in memory, a URL (fetched; works in
 * browsers and Node) or a file path in Node (read with a lazily imported fs, so the module
 * stays browser-safe).
 */
import { TensorloomError } from '@tensorloom/core';

/** A URL object: anything with an `href`, such as the global `URL` (structural, so the types need no DOM lib). */
export interface UrlLike { readonly href: string }
/** What is used of a fetch response. */
export interface FetchedBytes { readonly ok: boolean; readonly status: number; arrayBuffer(): Promise<ArrayBuffer> }
/** A fetch function; the global `fetch` fits. */
export type FetchLike = (url: string) => Promise<FetchedBytes>;

/** safetensors bytes, an ArrayBuffer, a URL, or a Node file path. */
export type PretrainedSource = Uint8Array | ArrayBuffer | UrlLike | string;

const URL_LIKE = /^(https?|blob|data):/i;

/**
 * The bytes of `source`.
 *
 * @example
 * const bytes = await readSourceBytes('weights/lenet.safetensors');
 */
export async function readSourceBytes(op: string, source: PretrainedSource, fetchFn: FetchLike | undefined = globalThis.fetch as FetchLike | undefined): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const href = typeof source === 'string' ? source : String(source.href);
  const isUrl = typeof source !== 'string' || URL_LIKE.test(source);
  const isFileUrl = /^file:/i.test(href);
  if (isFileUrl || !isUrl) {
    if (typeof process === 'undefined' || !process.versions?.node) {
      throw new TensorloomError(op, `cannot read the path '${String(source)}' outside Node; pass a URL or the file's bytes (new Uint8Array(await file.arrayBuffer()))`);
    }
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(isFileUrl ? new URL(href) : href));
    } catch (e) {
      throw new TensorloomError(op, `cannot read ${href}: ${(e as Error).message}`);
    }
  }
  if (typeof fetchFn !== 'function') throw new TensorloomError(op, `no fetch() to load ${href}; pass the bytes instead`);
  let response: FetchedBytes;
  try {
    response = await fetchFn(href);
  } catch (e) {
    throw new TensorloomError(op, `could not fetch ${href}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new TensorloomError(op, `fetching ${href} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
