/**
 * conv2dInputGrad (fused): the gradient of conv2d for its input, dx = col2im(wᵀ · dy). Per
 * image and group, in blocks of output pixels: dyᵀ [pixels, O/groups] times wᵀ gives the
 * receptive-field gradients [pixels, C/groups·kh·kw], which col2im adds back onto dx.
 */
import { allocFor } from './util/array.js';
import { gemmNT, transpose2d } from './util/gemm.js';
import { col2imT, type Window2d } from './util/im2col.js';
import type { CpuFusedKernel } from './util/types.js';

/** Floats of receptive-field gradients per block (~1 MB). */
const COLS_FLOATS = 1 << 18;

export const conv2dInputGrad: CpuFusedKernel<'conv2dInputGrad'> = ([dy, weight], attrs, out) => {
  const dx = allocFor(out) as Float32Array;
  const { stride, padding, dilation, groups } = attrs;
  const [n, c, h, w] = out.shape;
  const [oc, cg, kh, kw] = weight.shape;
  const [, , ho, wo] = dy.shape;
  const pixels = ho * wo;
  const kc = cg * kh * kw;
  const og = oc / groups;
  if (dx.length === 0 || pixels === 0 || kc === 0) return dx;
  const dyd = dy.data as Float32Array;
  const wd = weight.data as Float32Array;
  const geom: Window2d = { h, w, kh, kw, sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], wo };
  // wᵀ per group: [kc, og], so that gemmNT's rows are contiguous.
  const wT = new Float32Array(groups * kc * og);
  for (let g = 0; g < groups; g++) transpose2d(wd, g * og * kc, og, kc, wT, g * kc * og);
  const block = Math.max(1, Math.min(pixels, Math.floor(COLS_FLOATS / Math.max(kc, og))));
  const dyT = new Float32Array(block * og);
  const cols = new Float32Array(block * kc);
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < groups; g++) {
      const dyOff = (b * oc + g * og) * pixels;
      for (let p0 = 0; p0 < pixels; p0 += block) {
        const np = Math.min(block, pixels - p0);
        for (let o = 0; o < og; o++) {
          const src = dyOff + o * pixels + p0;
          for (let p = 0; p < np; p++) dyT[p * og + o] = dyd[src + p];
        }
        gemmNT(dyT, 0, og, wT, g * kc * og, og, cols, 0, kc, np, kc, og);
        col2imT(cols, cg, geom, p0, np, dx, (b * c + g * cg) * h * w);
      }
    }
  }
  return dx;
};
