/**
 * The app's CNN on the WebGPU backend in Node (Dawn on SwiftShader): 10 Trainer steps on MNIST
 * follow the CPU backend's per-step losses within 1e-3. The adapter must exist: a null one fails.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { manualSeed, registerBackend, removeBackend, setBackend } from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { createWebGpuBackend, type GpuLike, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { loadAppMnist } from '../cli/mnist_files.js';
import { createModel } from '../src/model.js';
import { batches, createTrainer, mnistSplits, type Batches } from '../src/training.js';

const STEPS = 10;
const BATCH = 8;
let loader: Batches;
let gpu: WebGpuBackend;

beforeAll(async () => {
  // The Vulkan loader reads this when Dawn starts (this project runs in forked processes).
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  gpu = await createWebGpuBackend({ gpu: create([]) as unknown as GpuLike, name: 'webgpu-app' });
  registerBackend('webgpu-app', () => gpu, 0);
  registerBackend('cpu-app', () => new CpuBackend(), 0);
  const data = await loadAppMnist('train');
  loader = batches(mnistSplits(data, { size: STEPS * BATCH, seed: 0 })[0], { batchSize: BATCH, shuffle: true, seed: 0 });
}, 120_000);
afterAll(() => { removeBackend('webgpu-app'); removeBackend('cpu-app'); gpu?.destroy(); });

async function losses(name: string): Promise<number[]> {
  await setBackend(name);
  manualSeed(0);
  const model = createModel();
  const out: number[] = [];
  const trainer = createTrainer(model, { lr: 2e-3, callbacks: [{ onBatchEnd: (e) => { out.push(e.loss); } }] });
  await trainer.fit({ train: loader, epochs: 1 });
  trainer.optimizer.dispose();
  model.dispose();
  return out;
}

test('the app CNN trains on WebGPU and follows the CPU losses within 1e-3', async () => {
  const want = await losses('cpu-app');
  const got = await losses('webgpu-app');
  expect(got).toHaveLength(STEPS);
  for (let i = 0; i < STEPS; i++) expect(Math.abs(got[i] - want[i]), `step ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-3);
}, 600_000);
