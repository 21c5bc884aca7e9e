/**
 * Threads: the conformance kit and the PyTorch goldens on a 2-thread backend, and 100 training
 * steps of an MLP and of a small CNN (big enough that their gemms are split over the pool)
 * giving bitwise identical losses and weights with 1 and 2 threads, with memory() and the
 * WebAssembly heap flat over the steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { runConformance } from '@tensorloom/core/testing';
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { CpuBackend } from '../src/index.js';

const twoThreads = async (): Promise<CpuBackend> => {
  const b = new CpuBackend({ threads: 2 });
  await b.ready();
  return b;
};

// (The kit also makes a second instance synchronously, so its factory is synchronous; the pool
// starts in the background.)
runConformance(() => {
  const b = new CpuBackend({ threads: 2 });
  void b.ready();
  return b;
}, { name: 'cpu-2-threads', runner: { describe, it, beforeAll, afterAll } });
torchGoldenTests('cpu-2-threads', () => new CpuBackend({ threads: 2 }));

/** 100 SGD steps of an MLP and a CNN; returns every loss and the final weights. */
async function train(backend: CpuBackend, name: string): Promise<{ losses: number[]; weights: Float32Array[]; heap: number[]; tensors: number[] }> {
  T.registerBackend(name, () => backend, 100);
  await T.setBackend(name);
  T.manualSeed(1);
  const x = T.randn([64, 96]);
  const y = T.randint(0, 10, [64]);
  const img = T.randn([8, 3, 16, 16]);
  const yi = T.randint(0, 10, [8]);
  let params = [
    T.mul(T.randn([96, 128]), 0.1), T.zeros([128]), T.mul(T.randn([128, 10]), 0.1),
    T.mul(T.randn([16, 3, 3, 3]), 0.2), T.mul(T.randn([16 * 8 * 8, 10]), 0.05),
  ];
  const lossOf = (w1: T.Tensor, b1: T.Tensor, w2: T.Tensor, c1: T.Tensor, d: T.Tensor): T.Tensor => {
    const mlp = T.softmaxCrossEntropy(T.matmul(T.relu(T.add(T.matmul(x, w1), b1)), w2), y);
    const h = T.maxPool2d(T.relu(T.conv2d(img, c1, null, { padding: 1 })), 2);
    const cnn = T.softmaxCrossEntropy(T.matmul(T.reshape(h, [8, 16 * 8 * 8]), d), yi);
    return T.add(mlp, cnn);
  };
  const losses: number[] = [];
  const heap: number[] = [];
  const tensors: number[] = [];
  for (let step = 0; step < 100; step++) {
    const [loss, grads] = T.valueAndGrad(lossOf)(...params);
    const next = T.tidy(() => params.map((p, i) => T.sub(p, T.mul(grads[i], 0.05))));
    losses.push(loss.dataSync()[0]);
    [loss, ...grads, ...params].forEach((t) => t.dispose());
    params = next;
    if (step >= 10) {
      heap.push(backend.wasm!.heapBytes);
      tensors.push(T.memory().numTensors);
    }
  }
  const weights = params.map((p) => p.dataSync() as Float32Array);
  [x, y, img, yi, ...params].forEach((t) => t.dispose());
  T.removeBackend(name);
  return { losses, weights, heap, tensors };
}

describe('threads', () => {
  it('100 training steps are bitwise identical on 1 and 2 threads; heap and memory() stay flat', async () => {
    const one = await train(new CpuBackend({ threads: 1 }), 'cpu-t1');
    const b2 = await twoThreads();
    expect(b2.info().threads).toBe(2);
    const two = await train(b2, 'cpu-t2');
    expect(b2.pool!.jobs).toBeGreaterThan(100); // the gemms really were split
    expect(two.losses).toEqual(one.losses);
    for (let i = 0; i < one.weights.length; i++) expect(Array.from(two.weights[i])).toEqual(Array.from(one.weights[i]));
    expect(one.losses[99]).toBeLessThan(one.losses[0] * 0.8);
    for (const r of [one, two]) {
      expect(new Set(r.heap).size).toBe(1);
      expect(new Set(r.tensors).size).toBe(1);
    }
  }, 300_000);

  it('without SharedArrayBuffer-backed memory, or with threads: 1, it runs on one thread', () => {
    const b = new CpuBackend({ threads: 1 });
    expect(b.pool).toBeNull();
    expect(b.info().threads).toBe(1);
    expect(() => new CpuBackend({ threads: 0 })).toThrow(/threads must be an integer/);
  });
});
