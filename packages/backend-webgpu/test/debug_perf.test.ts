import { afterAll, describe, expect, it } from 'vitest';
import { registerBackend, setBackend, removeBackend } from '@tensorloom/core';
import { trainTinyMlp } from '@tensorloom/core/testing';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

let backend: WebGpuBackend;
describe('perf', () => {
  afterAll(() => { removeBackend('wg'); backend?.destroy(); });
  it('trains', async () => {
    backend = await createWebGpuBackend({ gpu: nodeGpu(), name: 'wg' });
    registerBackend('wg', () => backend, 100);
    await setBackend('wg');
    let t = performance.now();
    for (const steps of [1, 1, 5, 20]) {
      await trainTinyMlp(steps);
      console.log(steps, (performance.now() - t).toFixed(0), JSON.stringify(backend.info()));
      t = performance.now();
    }
    expect(1).toBe(1);
  });
});
