import { afterAll, describe, expect, it } from 'vitest';
import { registerBackend, setBackend, tensor, matmul, sum, removeBackend } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

let backend: WebGpuBackend;
describe('smoke', () => {
  afterAll(() => { removeBackend('wg'); backend?.destroy(); });
  it('adds', async () => {
    backend = await createWebGpuBackend({ gpu: nodeGpu(), name: 'wg' });
    registerBackend('wg', () => backend, 100);
    await setBackend('wg');
    const a = tensor([1, 2, 3]);
    expect(Array.from(await a.add(tensor([10, 20, 30])).data())).toEqual([11, 22, 33]);
    expect(Array.from(await matmul(tensor([[1, 2]]), tensor([[3], [4]])).data())).toEqual([11]);
    expect(Array.from(await sum(tensor([[1, 2], [3, 4]]), 1).data())).toEqual([3, 7]);
  });
});
