/**
 * The WebAssembly kernels against float64 references: matmul at sizes 1, 3, 17, 255, 257 in
 * every transpose combination, batched and broadcast, empty dims; conv2d and both gradients
 * (strided, padded, dilated, grouped, depthwise). gemm accumulates in float32, so the bound is
 * the standard one for a float32 dot product: |got − want| ≤ k·2^-24·Σ|a·b| (+ final rounding).
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { conv2d as jsConv2d } from '../src/kernels/conv2d.js';
import { conv2dFilterGrad as jsFilterGrad } from '../src/kernels/conv2d_filter_grad.js';
import { conv2dInputGrad as jsInputGrad } from '../src/kernels/conv2d_input_grad.js';
import { randn, spec, type Info } from './helpers.js';

const wasm = new CpuBackend();
const U = 2 ** -24;

function refMatmul(a: Info, b: Info, ta: boolean, tb: boolean): { c: Float64Array; scale: Float64Array; shape: number[]; k: number } {
  const [ba] = a.shape;
  const [bb] = b.shape;
  const m = ta ? a.shape[2] : a.shape[1];
  const k = ta ? a.shape[1] : a.shape[2];
  const n = tb ? b.shape[1] : b.shape[2];
  const bo = Math.max(ba, bb);
  const c = new Float64Array(bo * m * n);
  const scale = new Float64Array(bo * m * n);
  for (let q = 0; q < bo; q++) {
    const qa = ba === 1 ? 0 : q;
    const qb = bb === 1 ? 0 : q;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let sa = 0;
        for (let p = 0; p < k; p++) {
          const x = ta ? a.data[(qa * k + p) * m + i] : a.data[(qa * m + i) * k + p];
          const y = tb ? b.data[(qb * n + j) * k + p] : b.data[(qb * k + p) * n + j];
          s += x * y;
          sa += Math.abs(x * y);
        }
        c[(q * m + i) * n + j] = s;
        scale[(q * m + i) * n + j] = sa;
      }
    }
  }
  return { c, scale, shape: [bo, m, n], k };
}

function checkMatmul(ba: number, bb: number, m: number, k: number, n: number, ta: boolean, tb: boolean, seed: number): void {
  const a = randn([ba, ta ? k : m, ta ? m : k], seed);
  const b = randn([bb, tb ? n : k, tb ? k : n], seed + 1);
  const ref = refMatmul(a, b, ta, tb);
  const got = wasm.kernels.matmul([a, b], { transposeA: ta, transposeB: tb }, spec(ref.shape));
  expect(got).toBeInstanceOf(Float32Array);
  expect(got.length).toBe(ref.c.length);
  for (let i = 0; i < got.length; i++) {
    const tol = U * Math.abs(ref.c[i]) + (ref.k + 2) * U * ref.scale[i] + 1e-30;
    if (!(Math.abs(got[i] - ref.c[i]) <= tol)) {
      throw new Error(`[${ba},${bb},${m},${k},${n},${ta},${tb}] element ${i}: got ${got[i]}, want ${ref.c[i]}`);
    }
  }
}

describe('WebAssembly gemm (matmul)', () => {
  it('runs in WebAssembly here', () => {
    expect(wasm.wasm).not.toBeNull();
    expect(String(wasm.info().kernels)).toMatch(/WebAssembly/);
  });

  it('sizes 1, 3, 17 in every dimension and every transpose', () => {
    let seed = 1;
    for (const m of [1, 3, 17]) for (const k of [1, 3, 17]) for (const n of [1, 3, 17]) {
      for (const ta of [false, true]) for (const tb of [false, true]) checkMatmul(1, 1, m, k, n, ta, tb, seed++);
    }
  });

  it('255 and 257 (tile, depth-block and column-block tails) in every transpose', () => {
    let seed = 100;
    for (const [m, k, n] of [[255, 257, 255], [257, 255, 257], [7, 600, 520], [73, 513, 9]]) {
      for (const ta of [false, true]) for (const tb of [false, true]) checkMatmul(1, 1, m, k, n, ta, tb, seed++);
    }
  });

  it('batched, with either batch broadcast', () => {
    checkMatmul(3, 3, 17, 9, 13, false, false, 7);
    checkMatmul(3, 1, 17, 9, 13, false, true, 8);
    checkMatmul(1, 4, 5, 33, 7, true, false, 9);
    checkMatmul(2, 1, 6, 8, 8, true, true, 10);
  });

  it('empty dims give empty or zero outputs', () => {
    const z = wasm.kernels.matmul([randn([1, 3, 0], 1), randn([1, 0, 4], 2)], { transposeA: false, transposeB: false }, spec([1, 3, 4]));
    expect(Array.from(z)).toEqual(new Array(12).fill(0));
    const e = wasm.kernels.matmul([randn([1, 0, 5], 1), randn([1, 5, 4], 2)], { transposeA: false, transposeB: false }, spec([1, 0, 4]));
    expect(e.length).toBe(0);
  });

  it('leaves the WebAssembly heap where it was after it has grown once', () => {
    const a = randn([1, 300, 200], 1);
    const b = randn([1, 200, 100], 2);
    const run = (): void => { wasm.kernels.matmul([a, b], { transposeA: false, transposeB: false }, spec([1, 300, 100])); };
    run();
    const heap = wasm.wasm!.heapBytes;
    const mark = wasm.wasm!.mark();
    for (let i = 0; i < 20; i++) run();
    expect(wasm.wasm!.heapBytes).toBe(heap);
    expect(wasm.wasm!.mark()).toBe(mark);
  });
});

describe('WebAssembly conv2d and its gradients', () => {
  const cases = [
    { x: [2, 3, 9, 8], w: [4, 3, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
    { x: [1, 4, 11, 10], w: [6, 2, 3, 2], stride: [2, 3], padding: [0, 1], dilation: [1, 2], groups: 2 },
    { x: [2, 5, 7, 7], w: [5, 1, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 5 },
    { x: [1, 1, 28, 28], w: [8, 1, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  ] as const;
  const outShape = (c: (typeof cases)[number]): number[] => {
    const [n, , h, w] = c.x;
    const [o, , kh, kw] = c.w;
    const ho = Math.floor((h + 2 * c.padding[0] - c.dilation[0] * (kh - 1) - 1) / c.stride[0]) + 1;
    const wo = Math.floor((w + 2 * c.padding[1] - c.dilation[1] * (kw - 1) - 1) / c.stride[1]) + 1;
    return [n, o, ho, wo];
  };
  // The JavaScript kernels accumulate in float64 and were checked against PyTorch; the
  // float32 gemm must agree within a float32 dot-product bound of the tap count.
  const close = (got: ArrayLike<number>, want: ArrayLike<number>, k: number): void => {
    expect(got.length).toBe(want.length);
    let scale = 0;
    for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
    for (let i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= 4 * k * U * Math.max(1, scale))) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  };
  for (const [i, c] of cases.entries()) {
    it(`case ${i}: x [${c.x.join(',')}], w [${c.w.join(',')}], groups ${c.groups}`, () => {
      const attrs = { stride: [...c.stride] as [number, number], padding: [...c.padding] as [number, number], dilation: [...c.dilation] as [number, number], groups: c.groups };
      const x = randn(c.x, 10 + i);
      const w = randn(c.w, 20 + i);
      const ys = outShape(c);
      const dy = randn(ys, 30 + i);
      const taps = c.w[1] * c.w[2] * c.w[3];
      close(wasm.fused.conv2d!([x, w], attrs, spec(ys)), jsConv2d([x, w], attrs, spec(ys)), taps);
      const ia = { ...attrs, inputSize: [c.x[2], c.x[3]] as [number, number] };
      close(wasm.fused.conv2dInputGrad!([dy, w], ia, spec(c.x)), jsInputGrad([dy, w], ia, spec(c.x)), c.w[0]);
      const fa = { ...attrs, kernelSize: [c.w[2], c.w[3]] as [number, number] };
      close(wasm.fused.conv2dFilterGrad!([x, dy], fa, spec(c.w)), jsFilterGrad([x, dy], fa, spec(c.w)), ys[0] * ys[2] * ys[3]);
    });
  }
});
