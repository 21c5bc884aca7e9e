/**
 * Pooling kernels (WebAssembly and the JavaScript fallback) against a float64 reference:
 * maxPool2d / avgPool2d forward and maxPool2dGrad (each window's dy to its first maximum, the
 * first NaN if any, padding as −∞) on the 2×2 stride-2 SIMD path with odd sizes (1, 3, 17
 * columns: vector tails and an uncovered last row/column), on overlapping padded windows
 * (3×3, stride 2, padding 1) and on ties (windows of zeros after ReLU) and NaN; and a second
 * derivative through the maxPool2dGrad composed op (its VJP is its composition's).
 */
import { describe, expect, it } from 'vitest';
import type { Pair } from '@tensorloom/core';
import { grad, mul, maxPool2d, registerBackend, setBackend, sum, tensor } from '@tensorloom/core';
import { CpuBackend } from '../src/index.js';
import { expectClose, rng, size, spec, t, type Info } from './helpers.js';

const backends = { wasm: new CpuBackend({ threads: 1 }), js: new CpuBackend({ wasm: false }) };

interface Geo { kernelSize: Pair; stride: Pair; padding: Pair }
const GEOS: Geo[] = [
  { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0] },
  { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1] },
  { kernelSize: [2, 3], stride: [1, 2], padding: [1, 0] },
];
const outSize = (n: number, k: number, s: number, p: number): number => Math.floor((n + 2 * p - k) / s) + 1;

/** Each window's elements as flat indices (−1 for padding), row-major. */
function windowAt(h: number, w: number, g: Geo, oh: number, ow: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < g.kernelSize[0]; i++) {
    for (let j = 0; j < g.kernelSize[1]; j++) {
      const r = oh * g.stride[0] - g.padding[0] + i, c = ow * g.stride[1] - g.padding[1] + j;
      idx.push(r >= 0 && r < h && c >= 0 && c < w ? r * w + c : -1);
    }
  }
  return idx;
}

/** Reference forward (max or mean over the valid part) and maxPool gradient, plane by plane. */
function reference(x: Info, g: Geo, dy: Float32Array): { max: number[]; avg: number[]; grad: number[] } {
  const [n, c, h, w] = x.shape;
  const ho = outSize(h, g.kernelSize[0], g.stride[0], g.padding[0]), wo = outSize(w, g.kernelSize[1], g.stride[1], g.padding[1]);
  const max: number[] = [], avg: number[] = [];
  const grad = new Array<number>(x.data.length).fill(0);
  let t0 = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const win = windowAt(h, w, g, oh, ow);
        const vals = win.map((i) => (i < 0 ? -Infinity : x.data[base + i]));
        const valid = win.filter((i) => i >= 0).map((i) => x.data[base + i]);
        max.push(vals.some(Number.isNaN) ? NaN : Math.max(...vals));
        avg.push(valid.reduce((s, v) => s + v, 0) / valid.length);
        let first = vals.findIndex(Number.isNaN);
        if (first < 0) first = vals.indexOf(Math.max(...vals));
        if (win[first] >= 0) grad[base + win[first]] += dy[t0];
        t0++;
      }
    }
  }
  return { max, avg, grad };
}

describe('pooling kernels', () => {
  for (const [name, b] of Object.entries(backends)) {
    it(`${name}: maxPool2d, avgPool2d and maxPool2dGrad match the reference (tails, padding, ties, NaN)`, () => {
      for (const g of GEOS) {
        for (const [h, w] of [[2, 1], [3, 3], [5, 17], [6, 34], [9, 2]] as Pair[]) {
          if (h + 2 * g.padding[0] < g.kernelSize[0] || w + 2 * g.padding[1] < g.kernelSize[1]) continue;
          const shape = [2, 3, h, w];
          const r = rng(h * 31 + w);
          // Half the entries 0 (ReLU ties), a few NaN and -inf.
          const x = t(Array.from({ length: size(shape) }, (_, i) => (i % 13 === 5 ? NaN : i % 17 === 3 ? -Infinity : r() < 0.5 ? 0 : r())), shape);
          const ho = outSize(h, g.kernelSize[0], g.stride[0], g.padding[0]), wo = outSize(w, g.kernelSize[1], g.stride[1], g.padding[1]);
          const oshape = [2, 3, ho, wo];
          const dy = Float32Array.from({ length: size(oshape) }, () => r() - 0.5);
          const ref = reference(x, g, dy);
          const mp = b.fused.maxPool2d!([x], g, spec(oshape));
          expectClose(mp, ref.max, 0, 0);
          const ap = b.fused.avgPool2d!([x], { ...g, countIncludePad: false }, spec(oshape));
          expectClose(ap, ref.avg, 1e-6, 1e-7);
          const grad = b.fused.maxPool2dGrad!([x, { data: dy, shape: oshape, dtype: 'float32' }], g, spec(shape));
          expectClose(grad, ref.grad, 1e-6, 1e-7);
        }
      }
    });

    it(`${name}: empty batches give empty outputs`, () => {
      const g = GEOS[0];
      expect(b.fused.maxPool2d!([t([], [0, 2, 4, 4])], g, spec([0, 2, 2, 2])).length).toBe(0);
      expect(b.fused.maxPool2dGrad!([t([], [0, 2, 4, 4]), t([], [0, 2, 2, 2])], g, spec([0, 2, 4, 4])).length).toBe(0);
    });
  }
});

describe('maxPool2d through autograd', () => {
  for (const [name, make] of [['wasm', () => new CpuBackend({ threads: 1 })], ['js', () => new CpuBackend({ wasm: false })]] as const) {
    it(`${name}: d/dx Σ ∂/∂x Σ maxPool(x)² is 2 at each window's maximum, 0 elsewhere`, async () => {
      registerBackend(`cpu-pool-${name}`, make, 0);
      await setBackend(`cpu-pool-${name}`);
      const values = Array.from({ length: 32 }, (_, i) => Math.sin(i * 1.3));
      const x = tensor(values, { shape: [1, 2, 4, 4] });
      const f = (v: typeof x) => sum(mul(maxPool2d(v, 2), maxPool2d(v, 2)));
      const second = grad((v: typeof x) => sum(grad(f)(v)))(x).dataSync();
      const want = new Array<number>(32).fill(0);
      for (let p = 0; p < 2; p++) {
        for (let wi = 0; wi < 4; wi++) {
          const cells = [0, 1, 4, 5].map((d) => p * 16 + Math.floor(wi / 2) * 8 + (wi % 2) * 2 + d);
          want[cells.reduce((b, c) => (values[c] > values[b] ? c : b))] = 2;
        }
      }
      expect(Array.from(second)).toEqual(want);
    });
  }
});
