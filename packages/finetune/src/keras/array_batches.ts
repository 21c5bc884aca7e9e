/**
 * Batches of in-memory tensors for `model.fit(x, y)`: a re-iterable source that slices
 * x and y into batches, shuffled per epoch by a seeded permutation (its own generator, so
 * core's global one is left alone), and disposes each batch after its step.
 */
import { keep, tensor, tidy, type Tensor } from '@tensorloom/core';
import type { Batch } from '../trainer/types.js';

/** mulberry32: a small seeded generator for permutations. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ArrayBatches implements Iterable<Batch> {
  private epoch = 0;
  /** @example for (const [xb, yb] of new ArrayBatches(x, y, 32, true, 0)) {} */
  constructor(private readonly x: Tensor, private readonly y: Tensor, private readonly batchSize: number,
    private readonly shuffle: boolean, private readonly seed: number) {}
  get length(): number { return Math.ceil(this.x.shape[0] / this.batchSize); }
  setEpoch(epoch: number): void { this.epoch = epoch; }
  *[Symbol.iterator](): Iterator<Batch> {
    const n = this.x.shape[0];
    const order = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) {
      const rand = generator(this.seed * 1000003 + this.epoch);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    }
    this.epoch++;
    for (let at = 0; at < n; at += this.batchSize) {
      const size = Math.min(this.batchSize, n - at);
      const batch = tidy(() => {
        if (!this.shuffle) return [this.x.narrow(0, at, size), this.y.narrow(0, at, size)];
        const idx = tensor(Int32Array.from(order.slice(at, at + size)));
        return [this.x.gather(idx), this.y.gather(idx)];
      }).map((t) => keep(t)) as unknown as Batch;
      try { yield batch; } finally { batch[0].dispose(); batch[1].dispose(); }
    }
  }
}
