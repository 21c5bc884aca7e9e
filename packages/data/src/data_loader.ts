/**
 * DataLoader: iterates a dataset in batches, with seeded shuffling (a new permutation per
 * epoch, reproducible from the seed and independent of core's global generator), `dropLast`
 * and collation of tuples and objects.
 */
import { TensorloomError, tidy } from '@tensorloom/core';
import { defaultCollate, disposeBatch } from './collate.js';
import type { Collated, Dataset } from './dataset.js';
import { SeededRandom, checkSeed, randomSeed } from './random.js';

/** Options of `DataLoader`. */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1, as in PyTorch). */
  batchSize?: number;
  /** Visit items in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle: the same seed gives the same order for each epoch. Random when absent. */
  seed?: number;
  /** Skip the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Makes a batch from items; the default stacks tensors (see `defaultCollate`). */
  collate?: (items: T[]) => B;
  /**
   * Dispose each batch when the loop moves on to the next one or ends (also on `break`),
   * so that `for (const b of loader) tidy(() => step(b))` needs no cleanup. A batch must then
   * not be kept past its iteration (clone what you need). Default false: the consumer owns
   * every batch and disposes it (see `disposeBatch`).
   */
  autoDispose?: boolean;
}

/**
 * Batches of a dataset, one epoch per iteration (PyTorch's `DataLoader`).
 *
 * Memory: each batch is made inside `tidy`, so the per-item tensors it was stacked from are
 * freed at once. The batch itself belongs to the consumer, who disposes it (`disposeBatch`),
 * or pass `autoDispose: true` to have the loader dispose each batch when the loop advances.
 *
 * Shuffling: epoch `e` visits the items in the permutation drawn from stream `e` of the
 * loader's seed, so a run is reproducible and each epoch has its own order. Each iteration
 * starts the next epoch; `setEpoch(e)` chooses the epoch of the next iteration (resuming).
 *
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true, seed: 0, autoDispose: true });
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const [xb, yb] of loader) {
 *     tidy(() => { const loss = crossEntropy(model.forward(xb), yb); loss.backward(); opt.step(); });
 *   }
 * }
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  private readonly collate: ((items: T[]) => B) | null;
  /** True when the loader disposes each batch itself as the loop advances; false when the consumer owns batches. */
  readonly autoDispose: boolean;
  private nextEpoch = 0;

  constructor(readonly dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new TensorloomError('DataLoader', `batchSize must be a positive integer, got ${batchSize}`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.seed = options.seed ?? randomSeed();
    checkSeed('DataLoader', this.seed);
    this.collate = options.collate ?? null;
    this.autoDispose = options.autoDispose ?? false;
  }

  /** Number of batches in one epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The epoch the next iteration will run (0 before the first). */
  get epoch(): number { return this.nextEpoch; }

  /** Makes the next iteration run epoch `epoch` (its shuffle order), e.g. when resuming. */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new TensorloomError('DataLoader.setEpoch', `epoch must be a non-negative integer, got ${epoch}`);
    this.nextEpoch = epoch;
  }

  /**
   * The dataset indices of each batch of `epoch` (default: the next one), without reading
   * any data.
   *
   * @example
   * new DataLoader(ds, { batchSize: 2 }).batchIndices(); // [[0, 1], [2, 3], [4]] for 5 items
   */
  batchIndices(epoch = this.nextEpoch): number[][] {
    const n = this.dataset.length;
    const order = this.shuffle ? new SeededRandom(this.seed, epoch).permutation(n) : Array.from({ length: n }, (_, i) => i);
    const batches: number[][] = [];
    for (let at = 0; at < n; at += this.batchSize) {
      const batch = order.slice(at, at + this.batchSize);
      if (batch.length < this.batchSize && this.dropLast) break;
      batches.push(batch);
    }
    return batches;
  }

  /** Reads and collates the items at `indices` into one batch (the caller owns it). */
  fetch(indices: readonly number[]): B {
    if (indices.length === 0) throw new TensorloomError('DataLoader.fetch', 'cannot make a batch of no items');
    const ds = this.dataset;
    return tidy(() => {
      if (!this.collate && ds.getBatch) return ds.getBatch(indices) as B;
      const items = indices.map((i) => ds.get(i));
      return this.collate ? this.collate(items) : (defaultCollate(items) as B);
    });
  }

  /** Runs one epoch: a batch at a time, in this epoch's order. */
  *[Symbol.iterator](): Iterator<B> {
    const batches = this.batchIndices(this.nextEpoch);
    this.nextEpoch++;
    for (const indices of batches) {
      const batch = this.fetch(indices);
      try {
        yield batch;
      } finally {
        if (this.autoDispose) disposeBatch(batch);
      }
    }
  }
}
