/**
 * safetensors files in Node: reading, and writing that never leaves a half-written file in
 * place of a good one (write a temporary file beside it, flush it, then rename over).
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { TensorloomError } from '@tensorloom/core';
import { readSafetensors, type SafetensorsContents } from './read.js';

/**
 * Writes `bytes` to `path` atomically: readers see the old file or the new one, never a mix.
 *
 * @example
 * await writeFileAtomic('model.safetensors', bytes);
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new TensorloomError('writeFileAtomic', `could not replace ${path}: ${(e as Error).message}`);
  }
}

/**
 * Reads and validates a safetensors file.
 *
 * @example
 * const { tensors, metadata } = await loadSafetensorsFile('model.safetensors');
 */
export async function loadSafetensorsFile(path: string): Promise<SafetensorsContents> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new TensorloomError('loadSafetensorsFile', `cannot read ${path}: ${(e as Error).message}`);
  }
  return readSafetensors(bytes);
}
