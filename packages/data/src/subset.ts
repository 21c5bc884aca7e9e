/**
 * Subset: a view of some of a dataset's items by index; `subset(dataset, n)` for small runs.
 */
import { TensorloomError } from '@tensorloom/core';
import { checkIndex, type Collated, type Dataset } from './dataset.js';
import { SeededRandom, checkSeed } from './random.js';

/**
 * The items of `dataset` at `indices`, in that order (PyTorch's `Subset`). Batched reads
 * forward to the parent's `getBatch` when it has one.
 *
 * @example
 * const firstTen = new Subset(train, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export class Subset<T> implements Dataset<T> {
  readonly indices: readonly number[];
  getBatch?: (indices: readonly number[]) => Collated<T>;

  constructor(readonly dataset: Dataset<T>, indices: readonly number[]) {
    for (const i of indices) checkIndex('Subset', i, dataset.length);
    this.indices = Object.freeze([...indices]);
    const parentBatch = dataset.getBatch;
    if (parentBatch) {
      this.getBatch = (batch: readonly number[]): Collated<T> => {
        for (const i of batch) checkIndex('Subset.getBatch', i, this.length);
        return parentBatch.call(dataset, batch.map((i) => this.indices[i]));
      };
    }
  }

  get length(): number { return this.indices.length; }

  get(index: number): T {
    checkIndex('Subset.get', index, this.length);
    return this.dataset.get(this.indices[index]);
  }
}

/** Options of `subset`. */
export interface SubsetOptions {
  /** Pick `n` items at random (reproducibly from this seed) instead of the first `n`. */
  seed?: number;
}

/**
 * A smaller dataset for quick runs: the first `n` items, `n` items drawn without
 * replacement when a seed is given, or the items at an explicit list of indices.
 *
 * @example
 * const small = subset(train, 1000);               // items 0..999
 * const sample = subset(train, 1000, { seed: 1 }); // 1000 random items, reproducible
 * const picked = subset(train, [5, 3, 8]);
 */
export function subset<T>(dataset: Dataset<T>, n: number | readonly number[], options: SubsetOptions = {}): Subset<T> {
  if (typeof n !== 'number') return new Subset(dataset, n);
  if (!Number.isInteger(n) || n < 0 || n > dataset.length) {
    throw new TensorloomError('subset', `n must be an integer in 0..${dataset.length} (the dataset's length), got ${n}`);
  }
  if (options.seed === undefined) return new Subset(dataset, Array.from({ length: n }, (_, i) => i));
  checkSeed('subset', options.seed);
  return new Subset(dataset, new SeededRandom(options.seed).permutation(dataset.length).slice(0, n));
}
