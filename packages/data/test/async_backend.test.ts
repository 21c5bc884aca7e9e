/**
 * data on an asynchronous backend (core's read-counting test backend, no readSync): the
 * DataLoader (seeded shuffle, default collate, mapped datasets, splits) over an image dataset,
 * and every transform, give bitwise the batches of the synchronous CPU backend, without a
 * synchronous read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend, type Tensor } from '@tensorloom/core';
import {
  DataLoader, ImageBytesDataset, compose, mapDataset, normalize, randomRotation, randomShift, randomSplit, rotate, shift, subset,
} from '@tensorloom/data';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { AsyncTestBackend } from '../../core/test/helpers/async_backend.js';
import { useCpu } from './helpers.js';

const backend = new AsyncTestBackend('async-data', new CpuBackend());
beforeAll(async () => {
  await useCpu();
  registerBackend('async-data', () => backend, 100);
});
afterAll(() => removeBackend('async-data'));

/** Two epochs of an augmented, shuffled loader over 12 tiny images, every batch on the host. */
async function pipeline(): Promise<number[][]> {
  const pixels = Uint8Array.from({ length: 12 * 1 * 6 * 6 }, (_, i) => (i * 37) % 256);
  const ds = new ImageBytesDataset({ pixels, labels: Array.from({ length: 12 }, (_, i) => i % 3), imageShape: [1, 6, 6], scaling: 'standard', mean: 0.4, std: 0.3 });
  const augment = compose(randomShift({ maxShift: 1, seed: 3 }), randomRotation({ degrees: 20, seed: 4 }), normalize(0.1, 2));
  const augmented = mapDataset(ds, ([x, y]: [Tensor, Tensor]) => {
    const out = augment(x.unsqueeze(0)).squeeze(0);
    x.dispose();
    return [out, y] as [Tensor, Tensor];
  });
  const [train] = randomSplit(subset(augmented, 10, { seed: 1 }), [8, 2], { seed: 2 });
  const loader = new DataLoader(train, { batchSize: 3, shuffle: true, seed: 5, autoDispose: true });
  const out: number[][] = [];
  for (let epoch = 0; epoch < 2; epoch++) {
    loader.setEpoch(epoch);
    for (const [x, y] of loader) out.push(Array.from(await x.data()), Array.from(await y.data()));
  }
  const img = ds.get(0)[0].unsqueeze(0);
  for (const t of [shift(img, 1, -2, { fill: 0.5 }), rotate(img, 33, { interpolation: 'bilinear' }), rotate(img, 90)]) {
    out.push(Array.from(await t.data()));
    t.dispose();
  }
  img.dispose();
  return out;
}

describe('data on an asynchronous backend', () => {
  it('the loader and every transform give the CPU backend\'s batches, with no synchronous read', async () => {
    await setBackend('cpu');
    const expected = await pipeline();
    await setBackend('async-data');
    backend.resetCounts();
    const actual = await pipeline();
    expect(backend.blockingCalls).toEqual([]);
    expect(backend.reads).toBe(expected.length);
    expect(actual).toEqual(expected);
  });
});
