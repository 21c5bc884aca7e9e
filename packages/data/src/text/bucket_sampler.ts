/**
 * Length-bucketed batching (a "sortish" sampler, as torchtext's BucketIterator and
 * fairseq's batching do): each epoch shuffles the items, cuts the order into pools of
 * `poolSize` batches, sorts each pool by length, cuts it into batches and shuffles the
 * batches. Rows of similar length end up together, so a batch pads little, while every
 * epoch still sees a new, seeded order. Epoch `e` draws from stream `e` of the seed.
 */
import { TensorloomError } from '@tensorloom/core';
import { SeededRandom, checkSeed } from '../random.js';

export interface BucketSamplerOptions {
  batchSize: number;
  /** Seed of the order (required: the batching is reproducible). */
  seed: number;
  /** Batches per sorted pool (default 50); 1 sorts nothing, Infinity sorts the whole set. */
  poolSize?: number;
  /** Shuffle items and batches each epoch (default true); false keeps the items in order, sorted by length within pools. */
  shuffle?: boolean;
  /** Drop the epoch's last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

export class BucketSampler {
  readonly batchSize: number;
  private readonly lengths: Int32Array;
  private readonly seed: number;
  private readonly poolSize: number;
  private readonly shuffle: boolean;
  private readonly dropLast: boolean;
  private epoch = 0;

  /**
   * @example
   * const sampler = new BucketSampler(texts.map((t) => t.length), { batchSize: 32, seed: 0 });
   * sampler.setEpoch(1);
   * for (const rows of sampler.batches()) { ... } // arrays of item indices
   */
  constructor(lengths: ArrayLike<number>, options: BucketSamplerOptions) {
    const op = 'BucketSampler';
    if (lengths === null || typeof lengths !== 'object' || typeof lengths.length !== 'number') throw new TensorloomError(op, 'lengths must be an array of sequence lengths');
    const { batchSize, seed, poolSize = 50, shuffle = true, dropLast = false } = options ?? ({} as BucketSamplerOptions);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new TensorloomError(op, `batchSize must be a positive integer, got ${batchSize}`);
    checkSeed(op, seed);
    if (!(poolSize === Infinity || (Number.isInteger(poolSize) && poolSize >= 1))) throw new TensorloomError(op, `poolSize must be a positive integer or Infinity, got ${poolSize}`);
    this.lengths = Int32Array.from(lengths, (l, i) => {
      if (!Number.isInteger(l) || l < 0) throw new TensorloomError(op, `length ${i} must be a non-negative integer, got ${l}`);
      return l;
    });
    this.batchSize = batchSize;
    this.seed = seed;
    this.poolSize = poolSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
  }

  /** Items in the set. */
  get size(): number { return this.lengths.length; }

  /** Batches per epoch. */
  get length(): number {
    const n = this.lengths.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Chooses the epoch whose order the next `batches()` gives. */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new TensorloomError('BucketSampler.setEpoch', `epoch must be a non-negative integer, got ${epoch}`);
    this.epoch = epoch;
  }

  /** The batches of the current epoch, as arrays of item indices; each index appears once (dropLast: at most once). */
  batches(): number[][] {
    const n = this.lengths.length;
    const rng = new SeededRandom(this.seed, this.epoch);
    const order = this.shuffle ? rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
    const pool = this.poolSize === Infinity ? Math.max(n, 1) : this.poolSize * this.batchSize;
    const out: number[][] = [];
    for (let p = 0; p < n; p += pool) {
      const chunk = order.slice(p, p + pool);
      // Stable: equal lengths keep their (shuffled) order.
      chunk.sort((a, b) => this.lengths[a] - this.lengths[b]);
      for (let b = 0; b < chunk.length; b += this.batchSize) out.push(chunk.slice(b, b + this.batchSize));
    }
    // Pools hold whole batches, so only the last batch can be short: it stays last.
    const last = out.length > 0 && out[out.length - 1].length < this.batchSize ? out.pop() : undefined;
    if (this.shuffle) {
      const perm = rng.permutation(out.length);
      const shuffled = perm.map((i) => out[i]);
      out.splice(0, out.length, ...shuffled);
    }
    if (last && !this.dropLast) out.push(last);
    return out;
  }
}
