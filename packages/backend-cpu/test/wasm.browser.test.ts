/**
 * In headless Chromium: the conformance kit on the WebAssembly kernels, and the threads that
 * the page allows. The `backend-cpu-browser-coi` project serves the page cross-origin isolated
 * (COOP/COEP), so SharedArrayBuffer exists and the pool runs 2 workers (matmul and softmax
 * split over them); the plain `backend-cpu-browser` project is not isolated, so the backend
 * runs on one thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { CpuBackend, wasmFeatures } from '../src/index.js';

const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;

runConformance(() => {
  const b = new CpuBackend({ threads: 2 });
  void b.ready();
  return b;
}, { name: isolated ? 'cpu-browser-2-threads' : 'cpu-browser-1-thread', runner: { describe, it, beforeAll, afterAll } });

describe('threads in the browser', () => {
  it(isolated ? 'runs 2 threads, bitwise equal to 1 thread' : 'runs 1 thread without cross-origin isolation', async () => {
    expect(wasmFeatures().simd).toBe(true);
    const b = new CpuBackend({ threads: 2 });
    await b.ready();
    expect(b.info().threads).toBe(isolated ? 2 : 1);
    if (!isolated) expect(String(b.info().threading)).toMatch(/no SharedArrayBuffer/);
    const n = 300;
    const a = { data: Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), shape: [1, n, n], dtype: 'float32' as const };
    const run = (x: CpuBackend): Float32Array => x.kernels.matmul([a, a], { transposeA: false, transposeB: true }, { shape: [1, n, n], dtype: 'float32' }) as Float32Array;
    const one = run(new CpuBackend({ threads: 1 }));
    const two = run(b);
    expect(Array.from(two)).toEqual(Array.from(one));
    if (isolated) expect(b.pool!.jobs).toBeGreaterThan(0);
    let s = 0;
    for (let p = 0; p < n; p++) s += a.data[p] * a.data[n + p];
    expect(Math.abs(one[1] - s)).toBeLessThan(1e-3);
    // The softmax family's row tasks (big enough to be split), bitwise equal too.
    const x = { data: Float32Array.from({ length: 301 * 1000 }, (_, i) => 20 * Math.sin(i * 0.37)), shape: [301, 1000], dtype: 'float32' as const };
    const sm = (be: CpuBackend): Float32Array => be.fused.softmax!([x], { axis: 1 }, { shape: [301, 1000], dtype: 'float32' }) as Float32Array;
    const jobs = b.pool?.jobs ?? 0;
    const s2 = sm(b);
    if (isolated) expect(b.pool!.jobs).toBeGreaterThan(jobs);
    expect(Array.from(s2)).toEqual(Array.from(sm(new CpuBackend({ threads: 1 }))));
    let row = 0;
    for (let k = 0; k < 1000; k++) row += s2[1000 * 7 + k];
    expect(Math.abs(row - 1)).toBeLessThan(1e-5);
    b.destroy();
  });
});
