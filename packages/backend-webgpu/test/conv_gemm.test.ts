/**
 * The implicit-gemm conv2d and both of its gradients (through autograd) against a float64
 * direct convolution, on geometries chosen so that every tile shape of conv_gemm.ts runs in
 * some kernel: tails on every side of M, N and K, channel counts 1 to 70, strides 1–3,
 * padding, dilation, groups, 1×1 and 5×5 windows, K split into several chunks for the filter
 * gradient, and dispatches split where a tiny per-dimension limit is forced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2d, manualSeed, mul, randn, registerBackend, removeBackend, setBackend, sum, valueAndGrad, type Pair } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { GEMM_TILES, pickTile } from '../src/fused/conv_gemm.js';
import { filterGradSplits } from '../src/fused/conv2d_filter_grad.js';
import { nodeGpu } from './gpu.js';

interface Case { x: [number, number, number, number]; o: number; k: Pair; stride: Pair; padding: Pair; dilation: Pair; groups: number }

const CASES: Case[] = [
  { x: [2, 3, 9, 7], o: 5, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { x: [3, 1, 28, 28], o: 8, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { x: [2, 4, 9, 8], o: 6, k: [3, 2], stride: [2, 2], padding: [2, 1], dilation: [2, 1], groups: 2 },
  { x: [2, 20, 10, 10], o: 70, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { x: [4, 40, 16, 16], o: 3, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { x: [1, 2, 11, 13], o: 4, k: [5, 5], stride: [3, 2], padding: [2, 2], dilation: [1, 1], groups: 1 },
  { x: [2, 6, 12, 12], o: 9, k: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [2, 2], groups: 3 },
  { x: [2, 16, 7, 7], o: 16, k: [1, 1], stride: [2, 2], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { x: [1, 130, 6, 6], o: 2, k: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { x: [2, 64, 4, 4], o: 130, k: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { x: [1, 8, 4, 4], o: 256, k: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
];

const outSize = (n: number, k: number, s: number, p: number, d: number) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/** The (M, N) of each kernel's gemm: conv2d, conv2dInputGrad, conv2dFilterGrad. */
function gemmShapes(c: Case): Array<[number, number]> {
  const [n, ch, h, w] = c.x;
  const ho = outSize(h, c.k[0], c.stride[0], c.padding[0], c.dilation[0]);
  const wo = outSize(w, c.k[1], c.stride[1], c.padding[1], c.dilation[1]);
  return [[c.o / c.groups, n * ho * wo], [ch / c.groups, n * h * w], [c.o / c.groups, (ch / c.groups) * c.k[0] * c.k[1]]];
}

/**
 * float64 y, dx, dw of sum(conv2d(x, w) · r), by the definition, and for each output the sum
 * of its terms' magnitudes (float32 rounding grows with it: the tests' error scale).
 */
function reference(c: Case, x: Float32Array, w: Float32Array, r: Float32Array): [Float64Array[], Float64Array[]] {
  const [n, ch, h, wd] = c.x;
  const [kh, kw] = c.k;
  const ho = outSize(h, kh, c.stride[0], c.padding[0], c.dilation[0]);
  const wo = outSize(wd, kw, c.stride[1], c.padding[1], c.dilation[1]);
  const cg = ch / c.groups, og = c.o / c.groups;
  const y = new Float64Array(n * c.o * ho * wo), dx = new Float64Array(x.length), dw = new Float64Array(w.length);
  const ya = new Float64Array(y.length), dxa = new Float64Array(x.length), dwa = new Float64Array(w.length);
  for (let b = 0; b < n; b++) for (let o = 0; o < c.o; o++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
    const yi = ((b * c.o + o) * ho + oy) * wo + ox;
    const g = Math.floor(o / og);
    let s = 0;
    for (let ci = 0; ci < cg; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy * c.stride[0] - c.padding[0] + ky * c.dilation[0];
      const ix = ox * c.stride[1] - c.padding[1] + kx * c.dilation[1];
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
      const xi = ((b * ch + g * cg + ci) * h + iy) * wd + ix, wi = ((o * cg + ci) * kh + ky) * kw + kx;
      s += x[xi] * w[wi];
      dx[xi] += r[yi] * w[wi];
      dw[wi] += r[yi] * x[xi];
      ya[yi] += Math.abs(x[xi] * w[wi]);
      dxa[xi] += Math.abs(r[yi] * w[wi]);
      dwa[wi] += Math.abs(r[yi] * x[xi]);
    }
    y[yi] = s;
  }
  return [[y, dx, dw], [ya, dxa, dwa]];
}

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-gemm' });
  registerBackend('webgpu-gemm', () => backend, 0);
  await setBackend('webgpu-gemm');
});
afterAll(() => { removeBackend('webgpu-gemm'); backend.destroy(); });

async function check(c: Case, seed: number): Promise<void> {
  manualSeed(seed);
  const [n, ch, h, w] = c.x;
  const x = randn(c.x);
  const wt = randn([c.o, ch / c.groups, c.k[0], c.k[1]], { std: 0.5 });
  const ho = outSize(h, c.k[0], c.stride[0], c.padding[0], c.dilation[0]);
  const wo = outSize(w, c.k[1], c.stride[1], c.padding[1], c.dilation[1]);
  const r = randn([n, c.o, ho, wo]);
  const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
  const y = conv2d(x, wt, null, opts);
  const [, [gx, gw]] = valueAndGrad((xx: typeof x, ww: typeof x) => sum(mul(conv2d(xx, ww, null, opts), r)))(x, wt);
  const [want, scale] = reference(c, (await x.data()) as Float32Array, (await wt.data()) as Float32Array, (await r.data()) as Float32Array);
  const got = [await y.data(), await gx.data(), await gw.data()];
  ['conv2d', 'input grad', 'filter grad'].forEach((what, k) => {
    expect(got[k].length, what).toBe(want[k].length);
    let worst = 0;
    for (let i = 0; i < want[k].length; i++) worst = Math.max(worst, Math.abs(got[k][i] - want[k][i]) / (1 + scale[k][i]));
    expect(worst, `${what} of ${JSON.stringify(c)}`).toBeLessThan(2e-6);
  });
  [x, wt, r, y, gx, gw].forEach((t) => t.dispose());
}

describe('implicit-gemm conv2d on WebGPU', () => {
  it('the cases run every tile shape, and the filter gradient splits K', () => {
    const used = new Set(CASES.flatMap((c) => gemmShapes(c).map(([m, nn]) => pickTile(m, nn))));
    expect(used.size).toBe(GEMM_TILES.length);
    const [m, cols] = gemmShapes(CASES[1])[2];
    const t = pickTile(m, cols);
    expect(filterGradSplits(Math.ceil(m / (t.ty * t.rm)) * Math.ceil(cols / (t.tx * t.rn)), 3 * 28 * 28, m * cols)).toBeGreaterThan(1);
  });

  for (const [i, c] of CASES.entries()) {
    it(`forward, input and filter gradients match float64: x ${c.x.join('×')}, ${c.o} out, ${c.k.join('×')}, stride ${c.stride}, groups ${c.groups}`, async () => {
      await check(c, 100 + i);
    });
  }

  it('splits dispatches past the per-dimension workgroup limit', async () => {
    const small = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-gemm-small' });
    Object.defineProperty(small.runtime, 'maxWorkgroupsPerDim', { value: 3 });
    registerBackend('webgpu-gemm-small', () => small, 0);
    try {
      await setBackend('webgpu-gemm-small');
      const before = small.info().dispatches as number;
      await check({ x: [3, 4, 12, 12], o: 4, k: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 4 }, 7);
      expect(small.info().dispatches as number).toBeGreaterThan(before + 3);
    } finally {
      await setBackend('webgpu-gemm');
      removeBackend('webgpu-gemm-small');
      small.destroy();
    }
  });
});
