/**
 * The fused maxPool2dGrad against core's own composition (the same ONNX backend with the fused
 * kernel removed), the CPU backend and central differences: ties (zeros after ReLU, repeated
 * values), NaN, −∞ windows, padding, strides that overlap or skip, odd sizes and 1×1 kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { makeOnnx } from './helpers.js';

type Pair = [number, number];
interface Case { shape: number[]; k: Pair; stride: Pair; padding: Pair }

const CASES: Case[] = [
  { shape: [2, 3, 6, 6], k: [2, 2], stride: [2, 2], padding: [0, 0] },
  { shape: [2, 3, 7, 5], k: [3, 3], stride: [2, 2], padding: [1, 1] },
  { shape: [1, 2, 5, 7], k: [3, 2], stride: [1, 2], padding: [1, 0] },
  { shape: [3, 1, 9, 4], k: [2, 3], stride: [3, 1], padding: [0, 1] },
  { shape: [1, 2, 5, 5], k: [1, 1], stride: [2, 2], padding: [0, 0] },
  { shape: [2, 2, 4, 4], k: [4, 4], stride: [1, 1], padding: [2, 2] },
  // Tiling windows (kernel = stride, no padding) take the fast path; uncovered rows and columns get 0.
  { shape: [2, 3, 7, 5], k: [2, 2], stride: [2, 2], padding: [0, 0] },
  { shape: [1, 2, 9, 8], k: [3, 2], stride: [3, 2], padding: [0, 0] },
  { shape: [2, 1, 8, 8], k: [4, 4], stride: [4, 4], padding: [0, 0] },
];

/** x with many ties (rounded values, a ReLU'd zero block), NaNs and −∞ planted by seed. */
function tiedInput(shape: number[], seed: number): number[] {
  let s = seed;
  const next = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, i) => {
    const u = next();
    if (i % 13 === 5) return NaN;
    if (i % 17 === 3) return -Infinity;
    return u < 0.4 ? 0 : Math.round(u * 4) - 1;
  });
}

/** x.grad of sum(maxPool2d(x) · r) on `backend`. */
async function gradOn(backend: string, c: Case, x: number[], r: number[]): Promise<number[]> {
  await T.setBackend(backend);
  const xt = T.tensor(x, { shape: c.shape }).requiresGrad_();
  const y = T.maxPool2d(xt, c.k, { stride: c.stride, padding: c.padding });
  T.sum(T.mul(y, T.tensor(r, { shape: y.shape }))).backward();
  const g = Array.from(await (xt.grad as T.Tensor).data());
  xt.dispose();
  y.dispose();
  return g;
}

function outShape(c: Case): number[] {
  const o = [0, 1].map((i) => Math.floor((c.shape[2 + i] + 2 * c.padding[i] - c.k[i]) / c.stride[i]) + 1);
  return [c.shape[0], c.shape[1], o[0], o[1]];
}

const sameBits = (got: number[], want: number[], what: string): void => {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]) || got[i] === want[i], `${what} element ${i}: ${got[i]} vs ${want[i]}`).toBe(true);
};

describe('fused maxPool2dGrad (ONNX)', () => {
  beforeAll(() => {
    T.registerBackend('mpg-cpu', () => new CpuBackend(), 100);
    T.registerBackend('mpg-onnx', () => makeOnnx(), 100);
    T.registerBackend('mpg-composed', () => {
      const b = makeOnnx();
      delete (b.fused as Record<string, unknown>).maxPool2dGrad;
      return b;
    }, 100);
  });
  afterAll(() => { T.removeBackend('mpg-cpu'); T.removeBackend('mpg-onnx'); T.removeBackend('mpg-composed'); });

  it('is in the fused table', async () => {
    await T.setBackend('mpg-onnx');
    expect(typeof T.getBackend().fused?.maxPool2dGrad).toBe('function');
    await T.setBackend('mpg-composed');
    expect(T.getBackend().fused?.maxPool2dGrad).toBeUndefined();
  });

  CASES.forEach((c, ci) => {
    it(`matches core's composition and the CPU backend: ${JSON.stringify(c)}`, async () => {
      const x = tiedInput(c.shape, 7 + ci);
      const size = outShape(c).reduce((a, b) => a * b, 1);
      // Integer-valued dy keeps sums exact, so every backend must agree bit for bit.
      const r = Array.from({ length: size }, (_, i) => ((i * 7) % 11) - 5);
      const fused = await gradOn('mpg-onnx', c, x, r);
      sameBits(fused, await gradOn('mpg-composed', c, x, r), 'vs composition');
      sameBits(fused, await gradOn('mpg-cpu', c, x, r), 'vs cpu');
      // The test must be able to fail: ties really occur and gradients really are routed.
      expect(fused.some((v) => v !== 0)).toBe(true);
    });
  });

  it('tiling windows: a NaN after +∞ wins, an all −∞ window picks its first, ties the first', async () => {
    const c: Case = { shape: [1, 1, 2, 6], k: [2, 2], stride: [2, 2], padding: [0, 0] };
    const x = [Infinity, NaN, -Infinity, -Infinity, 3, 3, 1, 2, -Infinity, -Infinity, 1, 3];
    const want = [0, 5, 7, 0, 11, 0, 0, 0, 0, 0, 0, 0];
    sameBits(await gradOn('mpg-onnx', c, x, [5, 7, 11]), want, 'fused');
    sameBits(await gradOn('mpg-cpu', c, x, [5, 7, 11]), want, 'cpu');
  });

  it("ReLU's gradient folded into a tiling max-pool's gradient matches the CPU backend bit for bit", async () => {
    const c: Case = { shape: [2, 3, 6, 6], k: [2, 2], stride: [2, 2], padding: [0, 0] };
    const x = tiedInput(c.shape, 3).map((v, i) => (i % 5 === 0 ? -v : v)); // negatives, so ReLU masks some winners
    const size = outShape(c).reduce((a, b) => a * b, 1);
    const r = Array.from({ length: size }, (_, i) => ((i * 5) % 9) - 4);
    const grad = async (backend: string): Promise<number[]> => {
      await T.setBackend(backend);
      const xt = T.tensor(x, { shape: c.shape }).requiresGrad_();
      const y = T.maxPool2d(T.relu(xt), c.k, { stride: c.stride });
      T.sum(T.mul(y, T.tensor(r, { shape: y.shape }))).backward();
      const g = Array.from(await (xt.grad as T.Tensor).data());
      xt.dispose();
      y.dispose();
      return g;
    };
    const fused = await grad('mpg-onnx');
    sameBits(fused, await grad('mpg-cpu'), 'vs cpu');
    sameBits(fused, await grad('mpg-composed'), 'vs composition');
    expect(fused.some((v) => v !== 0)).toBe(true);
  });

  it('agrees with central differences on distinct values', async () => {
    const c: Case = { shape: [1, 2, 5, 6], k: [3, 2], stride: [2, 1], padding: [1, 1] };
    const n = c.shape.reduce((a, b) => a * b, 1);
    // A shuffled ladder 0.25 apart: a ±0.01 step never changes which element wins.
    const x = Array.from({ length: n }, (_, i) => ((i * 37) % n) * 0.25 - 7);
    const size = outShape(c).reduce((a, b) => a * b, 1);
    const r = Array.from({ length: size }, (_, i) => Math.sin(i + 1));
    const grad = await gradOn('mpg-onnx', c, x, r);
    await T.setBackend('mpg-onnx');
    const rt = T.tensor(r, { shape: outShape(c) });
    const loss = async (v: number[]): Promise<number> => {
      const l = T.sum(T.mul(T.maxPool2d(T.tensor(v, { shape: c.shape }), c.k, { stride: c.stride, padding: c.padding }), rt));
      const out = (await l.data())[0];
      l.dispose();
      return out;
    };
    const eps = 0.01;
    for (let i = 0; i < n; i++) {
      const up = x.slice(); up[i] += eps;
      const down = x.slice(); down[i] -= eps;
      const fd = ((await loss(up)) - (await loss(down))) / (2 * eps);
      expect(Math.abs(grad[i] - fd), `element ${i}: ${grad[i]} vs ${fd}`).toBeLessThanOrEqual(2e-3 * (1 + Math.abs(fd)));
    }
    expect(grad.filter((v) => v !== 0).length).toBeGreaterThan(5);
    rt.dispose();
  });
});
