/**
 * conv2d and both of its gradients on the WebAssembly gemm, through im2col in the [taps,
 * pixels] layout (assembly/im2col.ts), per image and group, in blocks of output pixels:
 *   forward      y[og, px]  = W[og, kc] · cols[kc, px]
 *   input grad   cols[kc, px] = Wᵀ[kc, og] · dy[og, px], then col2im adds onto dx
 *   filter grad  dW[og, kc] += dy[og, px] · colsᵀ[px, kc]   (blocks and images in a fixed order)
 * Depthwise and grouped convolutions run the same way per group; a block holds at most
 * COLS_FLOATS taps x pixels, so im2col never materialises more than ~1 MB.
 */
import type { TypedArray } from '@tensorloom/core';
import type { CpuFusedKernel } from '../kernels/util/types.js';
import type { Gemm } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** Floats of im2col columns per block (~1 MB). */
const COLS_FLOATS = 1 << 18;

interface Geometry {
  n: number; c: number; h: number; w: number; oc: number; cg: number; og: number; kh: number; kw: number;
  ho: number; wo: number; groups: number; win: number[];
}

function geometry(x: readonly number[], wShape: readonly number[], y: readonly number[], a: ConvAttrs): Geometry {
  const [n, c, h, w] = x;
  const [oc, cg, kh, kw] = wShape;
  const [, , ho, wo] = y;
  return {
    n, c, h, w, oc, cg, og: oc / a.groups, kh, kw, ho, wo, groups: a.groups,
    win: [kh, kw, a.stride[0], a.stride[1], a.padding[0], a.padding[1], a.dilation[0], a.dilation[1], wo],
  };
}

interface ConvAttrs {
  readonly stride: readonly number[]; readonly padding: readonly number[];
  readonly dilation: readonly number[]; readonly groups: number;
}

function blockOf(pixels: number, kc: number): number {
  return Math.max(1, Math.min(pixels, Math.floor(COLS_FLOATS / Math.max(1, kc))));
}

/** The three conv kernels over `rt`. */
export function wasmConv2d(rt: WasmRuntime, gemm: Gemm): {
  conv2d: CpuFusedKernel<'conv2d'>; conv2dInputGrad: CpuFusedKernel<'conv2dInputGrad'>; conv2dFilterGrad: CpuFusedKernel<'conv2dFilterGrad'>;
} {
  const e = rt.exports;
  const im2col = (g: Geometry, x: number, p0: number, np: number, cols: number): void => {
    const [kh, kw, sh, sw, ph, pw, dh, dw, wo] = g.win;
    e.im2col(x, g.cg, g.h, g.w, kh, kw, sh, sw, ph, pw, dh, dw, wo, p0, np, cols);
  };
  const col2im = (g: Geometry, cols: number, p0: number, np: number, dx: number): void => {
    const [kh, kw, sh, sw, ph, pw, dh, dw, wo] = g.win;
    e.col2im(cols, g.cg, g.h, g.w, kh, kw, sh, sw, ph, pw, dh, dw, wo, p0, np, dx);
  };

  const conv2d: CpuFusedKernel<'conv2d'> = ([x, weight], attrs, out) => {
    const g = geometry(x.shape, weight.shape, out.shape, attrs);
    const pixels = g.ho * g.wo;
    const kc = g.cg * g.kh * g.kw;
    const size = g.n * g.oc * pixels;
    if (size === 0 || kc === 0) return new Float32Array(size);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const pw = rt.put(weight.data as Float32Array);
      const py = rt.alloc(size * 4);
      const block = blockOf(pixels, kc);
      const cols = rt.alloc(block * kc * 4);
      for (let b = 0; b < g.n; b++) {
        for (let q = 0; q < g.groups; q++) {
          const xOff = px + (b * g.c + q * g.cg) * g.h * g.w * 4;
          const yOff = py + (b * g.oc + q * g.og) * pixels * 4;
          for (let p0 = 0; p0 < pixels; p0 += block) {
            const np = Math.min(block, pixels - p0);
            im2col(g, xOff, p0, np, cols);
            gemm({ rows: g.og, n: np, k: kc, a: pw + q * g.og * kc * 4, rsa: kc, csa: 1, b: cols, rsb: np, csb: 1, c: yOff + p0 * 4, ldc: pixels, beta: 0 });
          }
        }
      }
      return rt.take(py, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  const conv2dInputGrad: CpuFusedKernel<'conv2dInputGrad'> = ([dy, weight], attrs, out) => {
    const g = geometry(out.shape, weight.shape, dy.shape, attrs);
    const pixels = g.ho * g.wo;
    const kc = g.cg * g.kh * g.kw;
    const size = g.n * g.c * g.h * g.w;
    if (size === 0 || pixels === 0 || kc === 0) return new Float32Array(size);
    const mark = rt.mark();
    try {
      const pdy = rt.put(dy.data as Float32Array);
      const pw = rt.put(weight.data as Float32Array);
      const pdx = rt.alloc(size * 4);
      rt.f32().fill(0, pdx >> 2, (pdx >> 2) + size);
      const block = blockOf(pixels, kc);
      const cols = rt.alloc(block * kc * 4);
      for (let b = 0; b < g.n; b++) {
        for (let q = 0; q < g.groups; q++) {
          const dyOff = pdy + (b * g.oc + q * g.og) * pixels * 4;
          const dxOff = pdx + (b * g.c + q * g.cg) * g.h * g.w * 4;
          for (let p0 = 0; p0 < pixels; p0 += block) {
            const np = Math.min(block, pixels - p0);
            gemm({ rows: kc, n: np, k: g.og, a: pw + q * g.og * kc * 4, rsa: 1, csa: kc, b: dyOff + p0 * 4, rsb: pixels, csb: 1, c: cols, ldc: np, beta: 0 });
            col2im(g, cols, p0, np, dxOff);
          }
        }
      }
      return rt.take(pdx, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  const conv2dFilterGrad: CpuFusedKernel<'conv2dFilterGrad'> = ([x, dy], attrs, out) => {
    const g = geometry(x.shape, out.shape, dy.shape, attrs);
    const pixels = g.ho * g.wo;
    const kc = g.cg * g.kh * g.kw;
    const size = g.oc * kc;
    if (size === 0 || pixels === 0 || g.n === 0) return new Float32Array(size);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const pdy = rt.put(dy.data as Float32Array);
      const pdw = rt.alloc(size * 4);
      const block = blockOf(pixels, kc);
      const cols = rt.alloc(block * kc * 4);
      for (let b = 0; b < g.n; b++) {
        for (let q = 0; q < g.groups; q++) {
          const xOff = px + (b * g.c + q * g.cg) * g.h * g.w * 4;
          const dyOff = pdy + (b * g.oc + q * g.og) * pixels * 4;
          for (let p0 = 0; p0 < pixels; p0 += block) {
            const np = Math.min(block, pixels - p0);
            im2col(g, xOff, p0, np, cols);
            gemm({ rows: g.og, n: kc, k: np, a: dyOff + p0 * 4, rsa: pixels, csa: 1, b: cols, rsb: 1, csb: np, c: pdw + q * g.og * kc * 4, ldc: kc, beta: b > 0 || p0 > 0 ? 1 : 0 });
          }
        }
      }
      return rt.take(pdw, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  return { conv2d, conv2dInputGrad, conv2dFilterGrad };
}
