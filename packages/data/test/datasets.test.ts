/**
 * TensorDataset, Subset/subset, randomSplit, mapDataset, defaultCollate and SeededRandom.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arange, memory, tensor, type Tensor } from '@tensorloom/core';
import {
  SeededRandom, Subset, TensorDataset, defaultCollate, mapDataset, randomSplit, subset, type Dataset,
} from '@tensorloom/data';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

const range = (n: number): Dataset<number> => ({ length: n, get: (i) => i });

describe('TensorDataset', () => {
  it('returns rows of every tensor and gathers batches', () => {
    const x = arange(12).reshape([4, 3]);
    const y = tensor([10, 11, 12, 13], { dtype: 'int32' });
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const before = memory().numTensors;
    const [xi, yi] = ds.get(2);
    expect(memory().numTensors).toBe(before + 2);
    expect([xi.shape, values(xi), yi.shape, yi.itemSync()]).toEqual([[3], [6, 7, 8], [], 12]);
    const [xb, yb] = ds.getBatch([3, 0]);
    expect([xb.shape, values(xb), values(yb)]).toEqual([[2, 3], [9, 10, 11, 0, 1, 2], [13, 10]]);
    for (const t of [xi, yi, xb, yb]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects mismatched first dimensions, scalars and bad indices', () => {
    expect(() => new TensorDataset(arange(4), arange(5))).toThrow(/share their first dimension: tensor 0 has 4 rows but tensor 1 has 5/);
    expect(() => new TensorDataset(tensor(1))).toThrow(/scalar/);
    const ds = new TensorDataset(arange(4));
    expect(() => ds.get(4)).toThrow(/index 4 is out of range for a dataset of length 4/);
    expect(() => ds.get(-1)).toThrow(/out of range/);
    expect(() => ds.get(1.5)).toThrow(/out of range/);
  });
});

describe('subset', () => {
  it('takes the first n, n at random with a seed, or listed indices', () => {
    const first = subset(range(100), 5);
    expect(Array.from({ length: first.length }, (_, i) => first.get(i))).toEqual([0, 1, 2, 3, 4]);
    const rnd = subset(range(100), 10, { seed: 1 });
    expect(rnd.length).toBe(10);
    expect(new Set(rnd.indices).size).toBe(10);
    expect(subset(range(100), 10, { seed: 1 }).indices).toEqual(rnd.indices);
    expect(subset(range(100), [7, 3]).get(1)).toBe(3);
    expect(() => subset(range(5), 6)).toThrow(/n must be an integer in 0..5/);
    expect(() => subset(range(5), [5])).toThrow(/index 5 is out of range/);
  });

  it('forwards batched reads to the parent getBatch', () => {
    const ds = new TensorDataset(arange(10));
    const sub = new Subset(ds, [9, 8, 7]);
    const [b] = sub.getBatch!([2, 0]);
    expect(values(b)).toEqual([7, 9]);
    b.dispose();
    expect(() => sub.getBatch!([3])).toThrow(/out of range for a dataset of length 3/);
  });
});

describe('randomSplit', () => {
  const all = (parts: Subset<number>[]): number[] => parts.flatMap((p) => Array.from({ length: p.length }, (_, i) => p.get(i)));

  it('splits by lengths into disjoint subsets that cover the dataset', () => {
    const parts = randomSplit(range(100), [70, 20, 10], { seed: 0 });
    expect(parts.map((p) => p.length)).toEqual([70, 20, 10]);
    const items = all(parts);
    expect(new Set(items).size).toBe(100);
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(items.slice(0, 70)).not.toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it('splits by fractions with the remainder going to the first splits (as PyTorch)', () => {
    expect(randomSplit(range(10), [0.5, 0.3, 0.2], { seed: 1 }).map((p) => p.length)).toEqual([5, 3, 2]);
    expect(randomSplit(range(11), [0.34, 0.33, 0.33], { seed: 1 }).map((p) => p.length)).toEqual([4, 4, 3]);
    expect(randomSplit(range(7), [0.5, 0.5], { seed: 1 }).map((p) => p.length)).toEqual([4, 3]);
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = randomSplit(range(50), [0.8, 0.2], { seed: 42 });
    const b = randomSplit(range(50), [0.8, 0.2], { seed: 42 });
    const c = randomSplit(range(50), [0.8, 0.2], { seed: 43 });
    expect(a[1].indices).toEqual(b[1].indices);
    expect(a[1].indices).not.toEqual(c[1].indices);
  });

  it('rejects sizes that are neither lengths nor fractions', () => {
    expect(() => randomSplit(range(10), [5, 6])).toThrow(/lengths that add up to the dataset's length \(10\) or fractions/);
    expect(() => randomSplit(range(10), [0.5, 0.4])).toThrow(/fractions in \[0, 1\] that add up to 1/);
    expect(() => randomSplit(range(10), [])).toThrow(/at least one split/);
  });
});

describe('mapDataset and defaultCollate', () => {
  it('mapDataset applies a function per item', () => {
    const ds = mapDataset(range(4), (v, i) => ({ v: v * 10, i }));
    expect(ds.length).toBe(4);
    expect(ds.get(3)).toEqual({ v: 30, i: 3 });
  });

  it('defaultCollate stacks nested tuples and rejects ragged items', () => {
    const items: [Tensor, [number, boolean]][] = [[tensor([1]), [1, true]], [tensor([2]), [2, false]]];
    const [x, [n, b]] = defaultCollate(items);
    expect([x.shape, values(x), values(n), b.dtype, values(b)]).toEqual([[2, 1], [1, 2], [1, 2], 'bool', [1, 0]]);
    expect(() => defaultCollate([tensor([1, 2]), tensor([1])])).toThrow(/item 1 has shape \[1\] float32 but item 0's is \[2\] float32/);
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }])).toThrow(/item 1 has no key 'a'/);
    expect(() => defaultCollate([])).toThrow(/empty/);
    expect(() => defaultCollate([null])).toThrow(/cannot collate item of type null/);
  });
});

describe('SeededRandom', () => {
  it('is deterministic per seed and stream, and its draws are in range', () => {
    const a = new SeededRandom(7), b = new SeededRandom(7), c = new SeededRandom(7, 1);
    const sa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(sa);
    const r = new SeededRandom(1);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      counts[r.int(6)]++;
    }
    for (const k of counts) expect(Math.abs(k - 1000)).toBeLessThan(150);
    expect([...new SeededRandom(3).permutation(20)].sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('seeds above 2^32 differ from their low words', () => {
    expect(new SeededRandom(2 ** 32 + 5).nextU32()).not.toBe(new SeededRandom(5).nextU32());
  });
});
