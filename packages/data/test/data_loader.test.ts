/**
 * DataLoader: batch shapes and values, the last batch, dropLast, seeded shuffling (the same
 * for one seed, different across epochs, untouched by core's RNG), collation, memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, arange, manualSeed, memory, rand, tensor, tidy } from '@tensorloom/core';
import { DataLoader, TensorDataset, disposeBatch, type Dataset } from '@tensorloom/data';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

/** 10 items: x row i = [2i, 2i+1], y = i. */
function tenItems(): TensorDataset<[Tensor, Tensor]> {
  return new TensorDataset(arange(20).reshape([10, 2]).cast('float32'), arange(10));
}

describe('DataLoader batching', () => {
  it('yields stacked batches in order with a smaller last batch', () => {
    const loader = new DataLoader(tenItems(), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const got = [...loader].map(([x, y]) => ({ xs: x.shape, ys: y.shape, y: values(y), x: values(x) }));
    expect(got.map((b) => b.xs)).toEqual([[4, 2], [4, 2], [2, 2]]);
    expect(got.map((b) => b.ys)).toEqual([[4], [4], [2]]);
    expect(got.map((b) => b.y)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(got[2].x).toEqual([16, 17, 18, 19]);
  });

  it('dropLast skips the incomplete batch', () => {
    const loader = new DataLoader(tenItems(), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    const ys = [...loader].map(([, y]) => values(y));
    expect(ys).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(new DataLoader(tenItems(), { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader(tenItems(), { batchSize: 11, dropLast: true }).length).toBe(0);
    expect([...new DataLoader(tenItems(), { batchSize: 11, dropLast: true })]).toEqual([]);
  });

  it('defaults to batches of 1 and rejects bad options', () => {
    expect(new DataLoader(tenItems()).length).toBe(10);
    expect(() => new DataLoader(tenItems(), { batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader(tenItems(), { seed: -1 })).toThrow(/seed must be a non-negative integer/);
  });

  it('collates tuples and objects of tensors and numbers from a plain dataset', () => {
    const ds: Dataset<{ image: Tensor; label: number; weight: number; name: string }> = {
      length: 3,
      get: (i) => ({ image: tensor([i, i + 0.5]), label: i, weight: i / 2, name: `n${i}` }),
    };
    const [batch] = [...new DataLoader(ds, { batchSize: 3 })];
    expect(batch.image.shape).toEqual([3, 2]);
    expect(values(batch.image)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect([batch.label.dtype, values(batch.label)]).toEqual(['int32', [0, 1, 2]]);
    expect([batch.weight.dtype, values(batch.weight)]).toEqual(['float32', [0, 0.5, 1]]);
    expect(batch.name).toEqual(['n0', 'n1', 'n2']);
  });

  it('uses a custom collate instead of getBatch', () => {
    const loader = new DataLoader(tenItems(), { batchSize: 3, collate: (items) => items.map(([, y]) => y.itemSync()) });
    expect([...loader]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  });
});

describe('DataLoader shuffling', () => {
  const epochOrder = (loader: DataLoader<[Tensor, Tensor]>): number[] => [...loader].flatMap(([, y]) => values(y));

  it('the same seed gives the same order; each epoch is a new permutation of all items', () => {
    const a = new DataLoader(tenItems(), { batchSize: 3, shuffle: true, seed: 123 });
    const b = new DataLoader(tenItems(), { batchSize: 3, shuffle: true, seed: 123 });
    const a0 = epochOrder(a), a1 = epochOrder(a), a2 = epochOrder(a);
    expect(epochOrder(b)).toEqual(a0);
    expect(epochOrder(b)).toEqual(a1);
    for (const order of [a0, a1, a2]) expect([...order].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a0).not.toEqual(a1);
    expect(a1).not.toEqual(a2);
    expect(a0).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const c = new DataLoader(tenItems(), { batchSize: 3, shuffle: true, seed: 124 });
    expect(epochOrder(c)).not.toEqual(a0);
  });

  it('is independent of core\'s global generator (in both directions)', () => {
    manualSeed(1);
    const ref = rand([3]);
    const order1 = epochOrder(new DataLoader(tenItems(), { shuffle: true, seed: 9, batchSize: 10 }));
    manualSeed(1);
    const loader = new DataLoader(tenItems(), { shuffle: true, seed: 9, batchSize: 10 });
    rand([5]); // draws from core's generator between building and iterating
    manualSeed(777);
    const order2 = epochOrder(loader);
    expect(order2).toEqual(order1);
    manualSeed(1);
    epochOrder(new DataLoader(tenItems(), { shuffle: true, seed: 9 }));
    expect(values(rand([3]))).toEqual(values(ref)); // shuffling drew nothing from core's generator
  });

  it('setEpoch resumes an epoch\'s order; batchIndices matches the iteration', () => {
    const a = new DataLoader(tenItems(), { batchSize: 4, shuffle: true, seed: 5 });
    epochOrder(a);
    const second = a.batchIndices();
    expect(a.epoch).toBe(1);
    const epoch1 = epochOrder(a);
    expect(epoch1).toEqual(second.flat());
    const b = new DataLoader(tenItems(), { batchSize: 4, shuffle: true, seed: 5 });
    b.setEpoch(1);
    expect(epochOrder(b)).toEqual(epoch1);
    expect(b.batchIndices(1).map((x) => x.length)).toEqual([4, 4, 2]);
  });

  it('shuffles with dropLast: full batches of distinct items', () => {
    const loader = new DataLoader(tenItems(), { batchSize: 3, shuffle: true, seed: 2, dropLast: true });
    const order = epochOrder(loader);
    expect(order.length).toBe(9);
    expect(new Set(order).size).toBe(9);
  });
});

describe('DataLoader memory', () => {
  it('an epoch leaks nothing when the consumer disposes each batch', () => {
    const ds = tenItems();
    const before = memory().numTensors;
    const bytes = memory().numBytes;
    for (let epoch = 0; epoch < 3; epoch++) {
      for (const batch of new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 1 })) {
        tidy(() => { batch[0].mul(2).sum(); });
        disposeBatch(batch);
      }
    }
    expect(memory().numTensors).toBe(before);
    expect(memory().numBytes).toBe(bytes);
  });

  it('per-item tensors of the default collate are freed; autoDispose frees each batch, on break too', () => {
    const ds: Dataset<[Tensor, number]> = { length: 7, get: (i) => [tensor([i, i]), i] };
    const before = memory().numTensors;
    const loader = new DataLoader(ds, { batchSize: 2, shuffle: true, seed: 4, autoDispose: true });
    let seen = 0;
    for (const [x] of loader) {
      expect(memory().numTensors).toBe(before + 2); // just the live batch
      seen += x.shape[0];
    }
    expect(seen).toBe(7);
    expect(memory().numTensors).toBe(before);
    let kept: Tensor | null = null;
    for (const [x] of loader) { kept = x; break; }
    expect(kept?.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });

  it('leaves tensors the dataset keeps alone', () => {
    const stored = [tensor([1, 2]), tensor([3, 4]), tensor([5, 6])];
    const ds: Dataset<Tensor> = { length: 3, get: (i) => stored[i] };
    const batches = [...new DataLoader(ds, { batchSize: 2 })];
    expect(stored.every((t) => !t.isDisposed)).toBe(true);
    expect(values(batches[0])).toEqual([1, 2, 3, 4]);
    disposeBatch(batches);
    expect(batches.every((b) => b.isDisposed)).toBe(true);
  });
});
