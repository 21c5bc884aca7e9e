/**
 * conv2d and both of its gradients in WebAssembly: the operands are copied in and each runs as
 * one task of independent units (assembly/conv.ts), which a worker pool spreads over threads:
 *   forward      units (image, group, pixel block), each im2col + W · cols into its columns of y
 *   input grad   units (image, group[, input channels]), each its rows of Wᵀ · dy per pixel
 *                block, col2im onto its own dx planes
 *   filter grad  units of 8 taps (im2col of just those taps) or of MR rows of dW, each summing
 *                its dW entries over every image and pixel block in a fixed order
 * so the result is bitwise the same at any thread count. Depthwise and grouped convolutions
 * are units per group (no im2col blow-up); a thread's im2col buffer holds ≤ COLS_FLOATS
 * taps × pixels (~1 MB). A group with more taps than that (forward: an eighth of that) runs
 * the JavaScript kernels.
 */
import type { TypedArray } from '@tensorloom/core';
import { conv2d as jsConv2d } from '../kernels/conv2d.js';
import { conv2dFilterGrad as jsFilterGrad } from '../kernels/conv2d_filter_grad.js';
import { conv2dInputGrad as jsInputGrad } from '../kernels/conv2d_input_grad.js';
import type { CpuFusedKernel } from '../kernels/util/types.js';
import { COLS_FLOATS, NR, TASK, type TaskRunner } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

interface ConvAttrs {
  readonly stride: readonly number[]; readonly padding: readonly number[];
  readonly dilation: readonly number[]; readonly groups: number;
}

interface Geometry {
  n: number; c: number; h: number; w: number; oc: number; cg: number; og: number; kh: number; kw: number;
  ho: number; wo: number; groups: number; pixels: number; kc: number;
}

function geometry(x: readonly number[], wShape: readonly number[], y: readonly number[], a: ConvAttrs): Geometry {
  const [n, c, h, w] = x;
  const [oc, cg, kh, kw] = wShape;
  const [, , ho, wo] = y;
  return { n, c, h, w, oc, cg, og: oc / a.groups, kh, kw, ho, wo, groups: a.groups, pixels: ho * wo, kc: cg * kh * kw };
}

/** The task's int32 arguments (the layout of assembly/conv.ts). */
function convArgs(kind: number, in1: number, in2: number, out: number, g: Geometry, a: ConvAttrs, block: number, split = 0): number[] {
  return [
    kind, in1, in2, out, g.n, g.c, g.h, g.w, g.oc, g.cg, g.og, g.kh, g.kw,
    a.stride[0], a.stride[1], a.padding[0], a.padding[1], a.dilation[0], a.dilation[1], g.ho, g.wo, g.groups, block, split,
  ];
}

/** The pixel block of the gradients: as many pixels as fit the buffer (depends on the shape alone). */
function blockOf(g: Geometry): number {
  return Math.max(1, Math.min(g.pixels, Math.floor(COLS_FLOATS / g.kc)));
}

/**
 * The forward pixel block: blocks of equal size (a multiple of NR where it can be) that fit
 * the buffer, and at least two per thread when there are fewer images than that (a block is
 * a set of output columns, so any block size gives the same result).
 */
function forwardBlock(g: Geometry, threads: number): number {
  // A multiple of NR (im2col writes whole 8-pixel panels, the last one zero-padded); the
  // caller made sure that NR · kc floats fit the buffer.
  const roundUp = (v: number): number => Math.ceil(v / NR) * NR;
  const most = Math.min(roundUp(g.pixels), Math.floor(COLS_FLOATS / g.kc / NR) * NR);
  let blocks = Math.ceil(g.pixels / most);
  const images = g.n * g.groups;
  if (images * blocks < 2 * threads) blocks = Math.max(blocks, Math.min(Math.ceil((2 * threads) / images), Math.floor(g.pixels / 64)));
  const even = Math.ceil(g.pixels / Math.max(1, blocks));
  return Math.min(most, roundUp(even));
}

/** The three conv kernels over `rt`, their tasks run by `tasks`. */
export function wasmConv2d(rt: WasmRuntime, tasks: TaskRunner): {
  conv2d: CpuFusedKernel<'conv2d'>; conv2dInputGrad: CpuFusedKernel<'conv2dInputGrad'>; conv2dFilterGrad: CpuFusedKernel<'conv2dFilterGrad'>;
} {
  const conv2d: CpuFusedKernel<'conv2d'> = (inputs, attrs, out) => {
    const [x, weight] = inputs;
    const g = geometry(x.shape, weight.shape, out.shape, attrs);
    const size = g.n * g.oc * g.pixels;
    if (size === 0 || g.kc === 0) return new Float32Array(size);
    if (g.kc * NR > COLS_FLOATS) return jsConv2d(inputs, attrs, out);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const pw = rt.put(weight.data as Float32Array);
      const py = rt.alloc(size * 4);
      const block = forwardBlock(g, tasks.threads);
      const units = g.n * g.groups * Math.ceil(g.pixels / block);
      tasks.run(convArgs(TASK.conv, px, pw, py, g, attrs, block), units, units, size * g.kc);
      return rt.take(py, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  const conv2dInputGrad: CpuFusedKernel<'conv2dInputGrad'> = (inputs, attrs, out) => {
    const [dy, weight] = inputs;
    const g = geometry(out.shape, weight.shape, dy.shape, attrs);
    const size = g.n * g.c * g.h * g.w;
    if (size === 0 || g.pixels === 0 || g.kc === 0) return new Float32Array(size);
    if (g.kc > COLS_FLOATS) return jsInputGrad(inputs, attrs, out);
    const mark = rt.mark();
    try {
      const pdy = rt.put(dy.data as Float32Array);
      const pw = rt.put(weight.data as Float32Array);
      const pdx = rt.alloc(size * 4);
      // Whole (image, group) units, or, with fewer of them than 2 per thread, input channels
      // cut into tiles (a tile owns its dx planes either way).
      const images = g.n * g.groups;
      const tiles = images >= 2 * tasks.threads ? 1 : Math.min(g.cg, Math.ceil((2 * tasks.threads) / images));
      const split = Math.ceil(g.cg / tiles);
      const units = images * Math.ceil(g.cg / split);
      tasks.run(convArgs(TASK.convInputGrad, pdy, pw, pdx, g, attrs, blockOf(g), split), units, units, g.n * g.oc * g.pixels * g.kc);
      return rt.take(pdx, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  const conv2dFilterGrad: CpuFusedKernel<'conv2dFilterGrad'> = (inputs, attrs, out) => {
    const [x, dy] = inputs;
    const g = geometry(x.shape, out.shape, dy.shape, attrs);
    const size = g.oc * g.kc;
    if (size === 0 || g.pixels === 0 || g.n === 0) return new Float32Array(size);
    if (g.kc > COLS_FLOATS) return jsFilterGrad(inputs, attrs, out);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const pdy = rt.put(dy.data as Float32Array);
      const pdw = rt.alloc(size * 4);
      // Units of NR taps (each im2col's only its own taps), unless there are too few taps to
      // share: then units of MR rows of dW (each runs the whole im2col, cheap for few taps).
      const tapTiles = Math.ceil(g.kc / NR);
      const rowTiles = Math.ceil(g.og / rt.exports.gemmMR());
      const byTaps = tapTiles >= 4 || rowTiles < 2;
      const units = g.groups * (byTaps ? tapTiles : rowTiles);
      const kind = byTaps ? TASK.convFilterGradTaps : TASK.convFilterGradRows;
      tasks.run(convArgs(kind, px, pdy, pdw, g, attrs, blockOf(g)), units, (byTaps ? 2 : 1) * tasks.threads, size * g.n * g.pixels);
      return rt.take(pdw, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };

  return { conv2d, conv2dInputGrad, conv2dFilterGrad };
}
