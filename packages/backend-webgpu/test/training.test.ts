/**
 * Training on WebGPU in Node: the MLP (50 steps) and the CNN (10 steps) follow the CPU
 * backend's losses within 1e-3 at every step, and a training loop keeps memory() and the
 * buffer pool flat (live and free GPU bytes, buffers created): 120 MLP steps and 30 CNN steps in
 * CI, TENSORLOOM_SOAK_STEPS=10000 for the long run (and a tenth of that for the CNN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory, registerBackend, removeBackend, setBackend } from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { trainCnn, trainMlp } from './helpers/models.js';
import { nodeGpu } from './gpu.js';

let gpu: WebGpuBackend;
beforeAll(async () => {
  registerBackend('cpu-train', () => new CpuBackend(), 0);
  gpu = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-train' });
  registerBackend('webgpu-train', () => gpu, 0);
});
afterAll(() => { removeBackend('cpu-train'); removeBackend('webgpu-train'); gpu.destroy(); });

async function onBoth(train: () => Promise<number[]>): Promise<[number[], number[]]> {
  await setBackend('cpu-train');
  const want = await train();
  await setBackend('webgpu-train');
  return [await train(), want];
}

describe('training on WebGPU', () => {
  it('a 50-step MLP follows the CPU losses within 1e-3', async () => {
    const [got, want] = await onBoth(() => trainMlp(50));
    expect(want[49]).toBeLessThan(want[0] * 0.5); // it learns
    for (let i = 0; i < 50; i++) expect(Math.abs(got[i] - want[i]), `step ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-3);
  });

  it('a 10-step CNN (conv, pooling, both conv gradients) follows the CPU losses within 1e-3', async () => {
    const [got, want] = await onBoth(() => trainCnn(10));
    expect(want[9]).toBeLessThan(want[0]);
    for (let i = 0; i < 10; i++) expect(Math.abs(got[i] - want[i]), `step ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-3);
  });

  /** Trains with `train` and asserts memory() and the pool equal step 10's at every later step. */
  async function soak(what: string, steps: number, train: (steps: number, onStep: (step: number) => void) => Promise<number[]>): Promise<void> {
    await setBackend('webgpu-train');
    type Snap = { tensors: number; bytes: number; live: number; free: number; created: number };
    const snap = (): Snap => {
      const i = gpu.info();
      return { tensors: memory().numTensors, bytes: memory().numBytes, live: i.poolLiveBytes, free: i.poolFreeBytes, created: i.poolBuffersCreated };
    };
    let base: Snap | null = null;
    const started = Date.now();
    // The long run prints what it saw at the start, every 1,000 steps, the middle and the end (for the record).
    const report = (step: number): void => {
      if (steps > 120 && (step === 9 || (step + 1) % 1000 === 0 || step === Math.floor(steps / 2) || step === steps - 1)) {
        console.log(`${what} soak step ${step + 1}/${steps} after ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(snap())}`);
      }
    };
    await train(steps, (step) => {
      if (step === 9) base = snap();
      if (step > 9) expect(snap(), `step ${step}`).toEqual(base);
      report(step);
    });
    expect(base).not.toBeNull();
  }

  const soakSteps = Number(process.env.TENSORLOOM_SOAK_STEPS ?? 120);
  const soakTimeout = Math.max(1_200_000, soakSteps * 2_000);

  it('memory() and the pool stay flat over a training loop', async () => {
    await soak('MLP', soakSteps, trainMlp);
  }, soakTimeout);

  it('and over CNN training (the conv gemms, the filter gradient\'s scratch buffers), a tenth as many steps', async () => {
    await soak('CNN', Math.max(30, Math.round(soakSteps / 10)), trainCnn);
  }, soakTimeout);
});
