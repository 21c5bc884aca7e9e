/**
 * matmul's two shaders against a float64 reference: the register-blocked 64 × 64 tile (with
 * tails on every side, transposes, batch broadcast) and the small 16 × 16 one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matmul, randn, manualSeed, removeBackend, registerBackend, setBackend, transpose, type Tensor } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-matmul' });
  registerBackend('webgpu-matmul', () => backend, 100);
  await setBackend('webgpu-matmul');
});
afterAll(() => { removeBackend('webgpu-matmul'); backend.destroy(); });

async function reference(a: Tensor, b: Tensor): Promise<Float64Array> {
  const [bs, m, k] = a.shape.length === 3 ? a.shape : [1, ...a.shape];
  const n = b.shape[b.shape.length - 1];
  const bb = b.shape.length === 3 ? b.shape[0] : 1;
  const av = await a.data();
  const bv = await b.data();
  const batch = Math.max(bs, bb);
  const out = new Float64Array(batch * m * n);
  for (let q = 0; q < batch; q++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += av[(bs === 1 ? 0 : q) * m * k + i * k + p] * bv[(bb === 1 ? 0 : q) * k * n + p * n + j];
        out[q * m * n + i * n + j] = s;
      }
    }
  }
  return out;
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  expect(worst).toBeLessThan(tol);
}

describe('matmul on WebGPU', () => {
  it('the 64 × 64 register-blocked tile: tails on M, N and K, batch broadcast', async () => {
    manualSeed(3);
    const a = randn([2, 130, 37]);
    const b = randn([1, 37, 70]);
    close(await matmul(a, b).data(), await reference(a, b), 1e-5);
  });

  it('the 64 × 64 tile with both operands transposed (the primitive called directly)', async () => {
    manualSeed(4);
    const a = randn([33, 65]);
    const b = randn([80, 33]);
    const want = await reference(transpose(a), transpose(b));
    const ai = { data: backend.write(await a.data(), [1, 33, 65], 'float32'), shape: [1, 33, 65], dtype: 'float32' as const };
    const bi = { data: backend.write(await b.data(), [1, 80, 33], 'float32'), shape: [1, 80, 33], dtype: 'float32' as const };
    const out = backend.kernels.matmul([ai, bi], { transposeA: true, transposeB: true }, { shape: [1, 65, 80], dtype: 'float32' });
    close(await backend.read({ data: out, shape: [1, 65, 80], dtype: 'float32' }), want, 1e-5);
    for (const s of [ai.data, bi.data, out]) backend.disposeData(s);
  });

  it('the small tile: 17 × 5 @ 5 × 19', async () => {
    manualSeed(5);
    const a = randn([17, 5]);
    const b = randn([5, 19]);
    close(await matmul(a, b).data(), await reference(a, b), 1e-5);
  });
});
