/**
 * conv2d (fused, forward): x [N, C, H, W] * w [O, C/groups, kh, kw] -> [N, O, Ho, Wo] with
 * stride, symmetric padding, dilation and groups (PyTorch semantics, no bias). Per image and
 * group, output pixels are taken in blocks: im2col packs a block's receptive fields as rows,
 * and the blocked gemm computes weights [O/groups, C/groups*kh*kw] x rowsᵀ straight into the
 * output planes.
 */
import { allocFor } from './util/array.js';
import { gemmNT } from './util/gemm.js';
import { im2colT, type Window2d } from './util/im2col.js';
import type { CpuFusedKernel } from './util/types.js';

/** Floats of packed receptive fields per block (~1 MB). */
const COLS_FLOATS = 1 << 18;

export const conv2d: CpuFusedKernel<'conv2d'> = ([x, weight], { stride, padding, dilation, groups }, out) => {
  const o = allocFor(out) as Float32Array;
  const [n, c, h, w] = x.shape;
  const [oc, cg, kh, kw] = weight.shape;
  const [, , ho, wo] = out.shape;
  const pixels = ho * wo;
  const kc = cg * kh * kw;
  if (o.length === 0 || kc === 0) return o;
  const og = oc / groups;
  const xd = x.data as Float32Array;
  const wd = weight.data as Float32Array;
  const geom: Window2d = {
    h, w, kh, kw, sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], wo,
  };
  const block = Math.max(1, Math.min(pixels, Math.floor(COLS_FLOATS / kc)));
  const cols = new Float32Array(block * kc);
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < groups; g++) {
      const xOff = (b * c + g * cg) * h * w;
      const oOff = (b * oc + g * og) * pixels;
      for (let p0 = 0; p0 < pixels; p0 += block) {
        const np = Math.min(block, pixels - p0);
        im2colT(xd, xOff, cg, geom, p0, np, cols);
        gemmNT(wd, g * og * kc, kc, cols, 0, kc, o, oOff + p0, pixels, og, np, kc);
      }
    }
  }
  return o;
};
