/**
 * The vec4 elementwise path: which layouts take it (same shape, a splat, a trailing suffix of
 * length 4k) and which do not, and its results against values computed here in JS for float,
 * int32 (wrapping) and bool outputs, for binary, unary, where and cast kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, cast, exp, greater, mul, registerBackend, removeBackend, setBackend, tensor, where } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { vec4Plan } from '../src/kernels/elementwise_vec4.js';
import { nodeGpu } from './gpu.js';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-vec4' });
  registerBackend('webgpu-vec4', () => backend, 0);
  await setBackend('webgpu-vec4');
});
afterAll(() => { removeBackend('webgpu-vec4'); backend.destroy(); });

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('vec4 elementwise', () => {
  it('takes same-shape, splat and 4k-suffix operands, and nothing else', () => {
    expect(vec4Plan([[6, 8], [8], []], [6, 8])).toEqual(['same', 'suffix', 'splat']);
    expect(vec4Plan([[2, 3, 4], [1, 3, 4]], [2, 3, 4])).toEqual(['same', 'suffix']);
    expect(vec4Plan([[4, 1], [1, 4]], [4, 4])).toBeNull(); // an outer broadcast
    expect(vec4Plan([[6, 6], [6]], [6, 6])).toBeNull(); // suffix of length 6
    expect(vec4Plan([[3, 3], []], [3, 3])).toBeNull(); // 9 elements
    expect(vec4Plan([[0, 4]], [0, 4])).toBeNull();
  });

  it('computes binary, unary, where and cast lane by lane', async () => {
    const xv = seq(48, (i) => (i - 20) * 0.25), bv = seq(8, (i) => i * 1.5 - 3);
    const x = tensor(xv, { shape: [6, 8] }), b = tensor(bv);
    expect(Array.from(await add(x, b).data())).toEqual(xv.map((v, i) => Math.fround(v + bv[i % 8])));
    expect(Array.from(await mul(x, 0.5).data())).toEqual(xv.map((v) => Math.fround(v * 0.5)));
    const e = await exp(x).data();
    xv.forEach((v, i) => expect(Math.abs(e[i] - Math.exp(v)) / Math.exp(v)).toBeLessThan(1e-6));
    const g = greater(x, b);
    expect(g.dtype).toBe('bool');
    expect(Array.from(await g.data())).toEqual(xv.map((v, i) => (v > bv[i % 8] ? 1 : 0)));
    expect(Array.from(await where(g, x, b).data())).toEqual(xv.map((v, i) => Math.fround(v > bv[i % 8] ? v : bv[i % 8])));
    const iv = seq(16, (i) => (i % 2 ? 2147483600 : -7) + i);
    const ii = tensor(iv, { shape: [4, 4], dtype: 'int32' });
    expect(Array.from(await add(ii, tensor([100, 200, 300, 400], { dtype: 'int32' })).data())).toEqual(iv.map((v, i) => (v + (i % 4 + 1) * 100) | 0));
    expect(Array.from(await cast(x, 'int32').data())).toEqual(xv.map((v) => Math.trunc(v) | 0));
  });

  it('leaves layouts it does not take to the strided path, with the same results', async () => {
    const xv = seq(12, (i) => i - 5), cv = seq(3, (i) => 10 * i);
    const r = await add(tensor(xv, { shape: [3, 4] }), tensor(cv, { shape: [3, 1] })).data();
    expect(Array.from(r)).toEqual(xv.map((v, i) => v + cv[Math.floor(i / 4)]));
    const s = await add(tensor(seq(9, (i) => i), { shape: [3, 3] }), 1).data();
    expect(Array.from(s)).toEqual(seq(9, (i) => i + 1));
  });
});
