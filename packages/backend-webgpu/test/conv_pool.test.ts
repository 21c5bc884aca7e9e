/**
 * The fused conv2d (with both gradients, through autograd) and pooling kernels against the CPU
 * backend on awkward geometry: stride 2, padding, dilation 2, groups 2, non-square windows,
 * and a NaN through max pooling.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  avgPool2d, conv2d, manualSeed, maxPool2d, mul, randn, registerBackend, removeBackend, setBackend, sum, tensor, valueAndGrad,
} from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

/** Values and gradients of a conv + pooling pipeline on the current backend. */
async function pipeline(): Promise<Float32Array[]> {
  manualSeed(11);
  const x = randn([2, 4, 9, 8]);
  const w = randn([6, 2, 3, 2], { std: 0.5 });
  const r = randn([2, 6, 5, 5]);
  const f = (xx: typeof x, ww: typeof w) => sum(mul(conv2d(xx, ww, null, { stride: [2, 2], padding: [2, 1], dilation: [2, 1], groups: 2 }), r));
  const [y, [gx, gw]] = valueAndGrad(f)(x, w);
  const p = randn([1, 2, 7, 6]);
  const outs = [y, gx, gw, maxPool2d(p, [3, 2], { stride: [2, 1], padding: [1, 1] }), avgPool2d(p, 3, { stride: 2, padding: 1 }),
    avgPool2d(p, 3, { stride: 2, padding: 1, countIncludePad: false }), maxPool2d(tensor([[[[1, NaN], [2, 3]]]]), 2)];
  return Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
}

let gpu: WebGpuBackend | null = null;
afterAll(() => { removeBackend('cpu-conv'); removeBackend('webgpu-conv'); gpu?.destroy(); });

describe('conv2d and pooling on WebGPU', () => {
  it('forward, input and filter gradients and pooling match the CPU backend', async () => {
    registerBackend('cpu-conv', () => new CpuBackend(), 0);
    await setBackend('cpu-conv');
    const want = await pipeline();
    gpu = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-conv' });
    registerBackend('webgpu-conv', () => gpu!, 0);
    await setBackend('webgpu-conv');
    const got = await pipeline();
    want.forEach((w, k) => {
      expect(got[k].length, `output ${k}`).toBe(w.length);
      for (let i = 0; i < w.length; i++) {
        if (Number.isNaN(w[i])) expect(got[k][i]).toBeNaN();
        else expect(Math.abs(got[k][i] - w[i]), `output ${k}[${i}]`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(w[i])));
      }
    });
    expect(gpu.info().dispatches).toBeGreaterThan(0);
  });
});
