/**
 * randomSplit: splits a dataset into disjoint random subsets (train/val/test) by lengths or
 * by fractions, reproducibly from a seed (PyTorch's `random_split`).
 */
import { TensorloomError } from '@tensorloom/core';
import type { Dataset } from './dataset.js';
import { SeededRandom, checkSeed, randomSeed } from './random.js';
import { Subset } from './subset.js';

/** Options of `randomSplit`. */
export interface RandomSplitOptions {
  /** Seed of the shuffle; the same seed gives the same split. Random when absent. */
  seed?: number;
}

/** Turns fractions that sum to 1 into lengths that sum to `n` (remainders round-robin, like PyTorch). */
function lengthsFrom(sizes: readonly number[], n: number): number[] {
  const isLengths = sizes.every((s) => Number.isInteger(s) && s >= 0) && sizes.reduce((a, b) => a + b, 0) === n;
  if (isLengths) return [...sizes];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !(s >= 0 && s <= 1)) || Math.abs(total - 1) > 1e-6) {
    throw new TensorloomError('randomSplit', `sizes [${sizes.join(', ')}] must be lengths that add up to the dataset's length (${n}) or fractions in [0, 1] that add up to 1`);
  }
  const lengths = sizes.map((f) => Math.floor(f * n));
  let rest = n - lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % lengths.length, rest--) lengths[i]++;
  return lengths;
}

/**
 * Splits `dataset` into disjoint subsets that together hold every item once: `sizes` are
 * lengths that add up to `dataset.length`, or fractions that add up to 1 (floored, with the
 * remainder given one by one to the first splits).
 *
 * @example
 * const [train, val] = randomSplit(full, [0.9, 0.1], { seed: 42 });
 * const [a, b, c] = randomSplit(full, [800, 100, 100], { seed: 0 });
 */
export function randomSplit<T>(dataset: Dataset<T>, sizes: readonly number[], options: RandomSplitOptions = {}): Subset<T>[] {
  if (sizes.length === 0) throw new TensorloomError('randomSplit', 'sizes must list at least one split');
  const seed = options.seed ?? randomSeed();
  checkSeed('randomSplit', seed);
  const lengths = lengthsFrom(sizes, dataset.length);
  const order = new SeededRandom(seed).permutation(dataset.length);
  let at = 0;
  return lengths.map((len) => { const part = new Subset(dataset, order.slice(at, at + len)); at += len; return part; });
}
