/**
 * Test helpers: the CPU backend, a small seeded classification problem and a tiny
 * re-iterable batch source with `setEpoch` (the DataLoader contract).
 */
import { manualSeed, randn, setBackend, tensor, type Tensor, keep } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { Linear, ReLU, Sequential } from '@tensorloom/nn';
import type { Batch, BatchSource } from '../../src/index.js';

export async function useCpu(): Promise<void> {
  registerCpuBackend();
  await setBackend('cpu');
}

/** n samples of 4 features, 3 classes decided by a fixed linear rule. */
export function toyData(n: number, seed = 1): { x: Tensor; y: Tensor } {
  manualSeed(seed);
  const x = keep(randn([n, 4]));
  const v = x.dataSync();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = v[i * 4] + 0.5 * v[i * 4 + 1] - v[i * 4 + 2];
    labels[i] = s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
  }
  return { x, y: keep(tensor(labels)) };
}

export function mlp(seed: number): Sequential {
  manualSeed(seed);
  return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
}

/** Fixed batches of x/y, shuffled per epoch by a seeded permutation; owns its tensors. */
export class ToyLoader implements Iterable<Batch> {
  private epoch = 0;
  readonly batches: Batch[][] = [];
  constructor(private readonly x: Tensor, private readonly y: Tensor, private readonly batchSize: number, private readonly seed = 7) {}
  get length(): number { return Math.ceil(this.x.shape[0] / this.batchSize); }
  setEpoch(e: number): void { this.epoch = e; }
  *[Symbol.iterator](): Iterator<Batch> {
    const n = this.x.shape[0];
    const order = Array.from({ length: n }, (_, i) => i);
    let s = (this.seed * 2654435761 + this.epoch * 97) >>> 0;
    for (let i = n - 1; i > 0; i--) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    this.epoch++;
    for (let at = 0; at < n; at += this.batchSize) {
      const idx = tensor(Int32Array.from(order.slice(at, at + this.batchSize)));
      const batch: Batch = [keep(this.x.gather(idx)), keep(this.y.gather(idx))];
      idx.dispose();
      try { yield batch; } finally { batch[0].dispose(); batch[1].dispose(); }
    }
  }
}

export type { BatchSource };
