/**
 * Training on WebGPU in Node: a 50-step MLP follows the CPU backend's losses within 1e-3 at
 * every step, and a training loop keeps memory() and the buffer pool flat (live and free GPU
 * bytes, buffers created): 120 steps in CI (about 0.2 s a step on SwiftShader), TENSORLOOM_SOAK_STEPS=10000 for the long run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  add, keep, manualSeed, matmul, memory, noGrad, randint, randn, registerBackend, removeBackend, setBackend,
  softmaxCrossEntropy, sub, mul, tanh, tidy, zeros, type Tensor,
} from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

/** SGD on a 12 → 32 → 5 tanh MLP with biases; returns every step's loss. */
async function train(steps: number, onStep?: (step: number) => void): Promise<number[]> {
  manualSeed(7);
  let params: Tensor[] = [randn([12, 32], { std: 0.4 }), zeros([32]), randn([32, 5], { std: 0.4 }), zeros([5])].map((p) => keep(p.requiresGrad_()));
  const x = keep(randn([24, 12]));
  const y = keep(randint(0, 5, [24]));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const [w1, b1, w2, b2] = params;
    const loss = tidy(() => softmaxCrossEntropy(add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2), y));
    loss.backward();
    losses.push((await loss.data())[0]);
    loss.dispose();
    params = params.map((p) => {
      const next = noGrad(() => tidy(() => sub(p, mul(p.grad!, 0.3))));
      p.dispose();
      return keep(next.requiresGrad_());
    });
    onStep?.(step);
  }
  [...params, x, y].forEach((t) => t.dispose());
  return losses;
}

let gpu: WebGpuBackend | null = null;
afterAll(() => { removeBackend('cpu-train'); removeBackend('webgpu-train'); gpu?.destroy(); });

describe('training on WebGPU', () => {
  it('a 50-step MLP follows the CPU losses within 1e-3', async () => {
    registerBackend('cpu-train', () => new CpuBackend(), 0);
    await setBackend('cpu-train');
    const want = await train(50);
    gpu = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-train' });
    registerBackend('webgpu-train', () => gpu!, 0);
    await setBackend('webgpu-train');
    const got = await train(50);
    expect(want[49]).toBeLessThan(want[0] * 0.5); // it learns
    for (let i = 0; i < 50; i++) expect(Math.abs(got[i] - want[i]), `step ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-3);
  });

  it('memory() and the pool stay flat over a training loop', async () => {
    await setBackend('webgpu-train');
    const steps = Number(process.env.TENSORLOOM_SOAK_STEPS ?? 120);
    type Snap = { tensors: number; bytes: number; live: number; free: number; created: number };
    const snap = (): Snap => {
      const i = gpu!.info();
      return { tensors: memory().numTensors, bytes: memory().numBytes, live: i.poolLiveBytes, free: i.poolFreeBytes, created: i.poolBuffersCreated };
    };
    let base: Snap | null = null;
    await train(steps, (step) => {
      if (step === 9) base = snap();
      if (step > 9) expect(snap(), `step ${step}`).toEqual(base);
    });
    expect(base).not.toBeNull();
  }, 1_200_000);
});
