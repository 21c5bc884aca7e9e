/**
 * conv2dFilterGrad (fused): the gradient of conv2d for its weight, dw = Σ_images dy · im2col(x)ᵀ.
 * Per image and group, in blocks of output pixels: im2col packs receptive fields as rows
 * [pixels, C/groups·kh·kw] and dy [O/groups, pixels] times them accumulates into dw (float64).
 */
import { allocFor } from './util/array.js';
import { gemmNNSmall } from './util/gemm.js';
import { im2colT, type Window2d } from './util/im2col.js';
import type { CpuFusedKernel } from './util/types.js';

/** Floats of packed receptive fields per block (~1 MB). */
const COLS_FLOATS = 1 << 18;

export const conv2dFilterGrad: CpuFusedKernel<'conv2dFilterGrad'> = ([x, dy], attrs, out) => {
  const dw = allocFor(out) as Float32Array;
  const { stride, padding, dilation, groups, kernelSize: [kh, kw] } = attrs;
  const [n, c, h, w] = x.shape;
  const [, oc, ho, wo] = dy.shape;
  const cg = c / groups;
  const og = oc / groups;
  const pixels = ho * wo;
  const kc = cg * kh * kw;
  if (dw.length === 0 || pixels === 0) return dw;
  const xd = x.data as Float32Array;
  const dyd = dy.data as Float32Array;
  const geom: Window2d = { h, w, kh, kw, sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], wo };
  const block = Math.max(1, Math.min(pixels, Math.floor(COLS_FLOATS / kc)));
  const cols = new Float32Array(block * kc);
  const dyBlock = new Float32Array(og * block);
  const part = new Float32Array(og * kc);
  const acc = new Float64Array(dw.length);
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < groups; g++) {
      const dyOff = (b * oc + g * og) * pixels;
      for (let p0 = 0; p0 < pixels; p0 += block) {
        const np = Math.min(block, pixels - p0);
        im2colT(xd, (b * c + g * cg) * h * w, cg, geom, p0, np, cols);
        for (let o = 0; o < og; o++) dyBlock.set(dyd.subarray(dyOff + o * pixels + p0, dyOff + o * pixels + p0 + np), o * np);
        gemmNNSmall(dyBlock, 0, np, cols, 0, kc, part, 0, kc, og, kc, np);
        const base = g * og * kc;
        for (let i = 0; i < og * kc; i++) acc[base + i] += part[i];
      }
    }
  }
  for (let i = 0; i < dw.length; i++) dw[i] = acc[i];
  return dw;
};
