/**
 * The WebGPU backend's own machinery in Node (Dawn + SwiftShader): the adapter exists (a null
 * adapter fails here, never skips), the buffer pool's size classes, reuse, bound and trim,
 * release on dispose, info(), failures as TensorloomErrors (over-limit tensors, a failed
 * command, device loss, destroyed backend) and destroy().
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TensorloomError, listBackends } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { sizeClass } from '../src/gpu/buffer_pool.js';
import { nodeGpu } from './gpu.js';

const made: WebGpuBackend[] = [];
async function make(opts: { maxPoolFreeBytes?: number } = {}): Promise<WebGpuBackend> {
  const b = await createWebGpuBackend({ gpu: nodeGpu(), ...opts });
  made.push(b);
  return b;
}
afterAll(() => { for (const b of made) b.destroy(); });

const f32 = (b: WebGpuBackend, v: number[]) => ({ data: b.write(Float32Array.from(v), [v.length], 'float32'), shape: [v.length], dtype: 'float32' as const });

describe('WebGPU backend in Node', () => {
  it('importing the package registers nothing', async () => {
    const before = listBackends();
    const mod = await import('@tensorloom/backend-webgpu');
    expect(typeof mod.registerWebGpuBackend).toBe('function');
    expect(listBackends()).toEqual(before);
  });

  it('gets a SwiftShader adapter (fails if VK_ICD_FILENAMES does not reach the Vulkan loader)', async () => {
    const adapter = await nodeGpu().requestAdapter();
    expect(adapter, 'requestAdapter() returned null: is chromium (SwiftShader) installed and VK_ICD_FILENAMES set?').not.toBeNull();
    const b = await make();
    const info = b.info();
    expect(info.kind).toBe('webgpu');
    expect(info.floatPrecision).toBe(32);
    expect(typeof info.adapter.architecture).toBe('string');
    expect(info.shaderF16).toBe(false); // SwiftShader has no shader-f16
  });

  it('size classes: powers of two to 1 MiB, then eighths of the next power of two', () => {
    expect(sizeClass(1)).toBe(256);
    expect(sizeClass(257)).toBe(512);
    expect(sizeClass(1 << 20)).toBe(1 << 20);
    expect(sizeClass((1 << 20) + 1)).toBe((1 << 20) + (1 << 18));
    for (const n of [3000, 99_999, 5_000_001]) expect(sizeClass(n)).toBeGreaterThanOrEqual(n);
  });

  it('disposed buffers return to the pool and are reused; info() tracks live and free bytes', async () => {
    const b = await make();
    const x = f32(b, [1, 2, 3]);
    const live = b.info().poolLiveBytes;
    expect(live).toBe(256);
    b.disposeData(x.data);
    expect(b.info().poolLiveBytes).toBe(0);
    expect(b.info().poolFreeBytes).toBe(256);
    const created = b.info().poolBuffersCreated;
    const y = f32(b, [4, 5]);
    expect(b.info().poolBuffersCreated).toBe(created);
    expect(b.info().poolReuses).toBeGreaterThan(0);
    expect(Array.from(await b.read(y))).toEqual([4, 5]);
  });

  it('the pool keeps at most maxPoolFreeBytes free, destroying the oldest', async () => {
    const b = await make({ maxPoolFreeBytes: 1024 });
    const xs = Array.from({ length: 8 }, (_, i) => f32(b, [i]));
    for (const x of xs) b.disposeData(x.data);
    expect(b.info().poolFreeBytes).toBe(1024);
    b.runtime.pool.trim(0);
    expect(b.info().poolFreeBytes).toBe(0);
  });

  it('a write reusing a buffer that an earlier queued kernel reads still sees the old value there', async () => {
    const b = await make();
    const x = f32(b, [1, 2, 3]);
    const y = b.kernels.mul([x, x], {}, { shape: [3], dtype: 'float32' }); // recorded, not yet submitted
    b.disposeData(x.data);
    const z = f32(b, [7, 8, 9]); // reuses x's buffer
    expect(Array.from(await b.read({ data: y, shape: [3], dtype: 'float32' }))).toEqual([1, 4, 9]);
    expect(Array.from(await b.read(z))).toEqual([7, 8, 9]);
  });

  it('a tensor over the storage-buffer limit is a TensorloomError', async () => {
    const b = await make();
    const limit = b.runtime.device.limits.maxStorageBufferBindingSize;
    expect(() => b.runtime.alloc(limit + 4, 'zeros')).toThrow(TensorloomError);
    expect(() => b.runtime.alloc(limit + 4, 'zeros')).toThrow(/exceeds this device's storage buffer limit/);
  });

  it('a failed GPU command (error scope) surfaces as a TensorloomError at the next read', async () => {
    const b = await make();
    const x = f32(b, [1]);
    expect(Array.from(await b.read(x))).toEqual([1]);
    b.runtime.dispatch({ code: 'this is not WGSL', inputs: [], output: x.data.buffer, uniforms: new Uint32Array(4), workgroups: [1, 1, 1] }, 'broken');
    await expect(b.read(x)).rejects.toThrow(TensorloomError);
    // The failed batch is lost; the failure is reported once and the backend goes on.
    expect(Array.from(await b.read(x))).toEqual([1]);
    expect(Array.from(await b.read(f32(b, [5])))).toEqual([5]);
  });

  it('device loss becomes a TensorloomError, for reads in flight and for later kernels (no hang)', async () => {
    const b = await make();
    const x = f32(b, [1, 2]);
    const pending = b.read(x);
    b.runtime.device.destroy();
    await pending.then(() => {}, (e: unknown) => expect(e).toBeInstanceOf(TensorloomError));
    await new Promise((r) => setTimeout(r, 50));
    expect(() => f32(b, [3])).toThrow(/device was lost/);
  });

  it('destroy() frees the device; using the backend afterwards is a TensorloomError', async () => {
    const b = await make();
    const x = f32(b, [1]);
    b.destroy();
    b.destroy(); // idempotent
    await expect(b.read(x)).rejects.toThrow(/destroyed/);
  });

  it('creating without a WebGPU entry point is a TensorloomError naming the fix', async () => {
    await expect(createWebGpuBackend({})).rejects.toThrow(/navigator.gpu is missing.*webgpu/);
    await expect(createWebGpuBackend({ gpu: { requestAdapter: async () => null } })).rejects.toThrow(/requestAdapter\(\) returned null/);
  });
});

describe('scatterAdd strategies', () => {
  it('the atomic path (more than 64 indices) sums repeated float and int32 indices like the segmented one', async () => {
    const b = await make();
    const J = 300;
    const idx = Int32Array.from({ length: J }, (_, j) => (j * 7) % 5);
    const upd = Float32Array.from({ length: J * 2 }, (_, i) => ((i % 13) - 6) / 4); // exact in float32 sums
    const want = new Float64Array(5 * 2).fill(1);
    for (let j = 0; j < J; j++) for (let k = 0; k < 2; k++) want[idx[j] * 2 + k] += upd[j * 2 + k];
    const x = { data: b.write(new Float32Array(10).fill(1), [5, 2], 'float32'), shape: [5, 2], dtype: 'float32' as const };
    const ix = { data: b.write(idx, [J], 'int32'), shape: [J], dtype: 'int32' as const };
    const u = { data: b.write(upd, [J, 2], 'float32'), shape: [J, 2], dtype: 'float32' as const };
    const out = b.kernels.scatterAdd([x, ix, u], { axis: 0 }, { shape: [5, 2], dtype: 'float32' });
    expect(Array.from(await b.read({ data: out, shape: [5, 2], dtype: 'float32' }))).toEqual(Array.from(want));
    const xi = { data: b.write(Int32Array.of(2147483647, 0), [2], 'int32'), shape: [2], dtype: 'int32' as const };
    const ui = { data: b.write(new Int32Array(J).fill(1), [J], 'int32'), shape: [J], dtype: 'int32' as const };
    const zeros = { data: b.write(new Int32Array(J), [J], 'int32'), shape: [J], dtype: 'int32' as const };
    const outI = b.kernels.scatterAdd([xi, zeros, ui], { axis: 0 }, { shape: [2], dtype: 'int32' });
    expect(Array.from(await b.read({ data: outI, shape: [2], dtype: 'int32' }))).toEqual([(2147483647 + J) | 0, 0]); // wraps
  });
});
