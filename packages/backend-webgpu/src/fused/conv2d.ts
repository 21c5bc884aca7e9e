/**
 * Fused `conv2d` (NCHW, PyTorch semantics, groups, stride, padding, dilation; no bias) as an
 * implicit gemm (conv_gemm.ts), per group g: out[o, (n, oy, ox)] = Σ over k = (ci, ky, kx) of
 * W[o, k] · x[n, g·C/G + ci, oy·sy − py + ky·dy, ox·sx − px + kx·dx], the im2col matrix
 * gathered tile by tile into shared memory (zero outside the image), never stored.
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { geometryWords } from './conv_geometry.js';
import { gemmShader, pickTile, runGemm, type GemmParts, type GemmTile } from './conv_gemm.js';

/** M = O/G output channels, N = NB·Ho·Wo output pixels, K = C/G·KH·KW. */
const PARTS: GemmParts = {
  name: 'conv2d',
  inputs: ['x', 'wt'],
  col: (j) => `  let n_${j} = pc_${j} / (Ho * Wo); let q_${j} = pc_${j} - n_${j} * Ho * Wo; let oy_${j} = q_${j} / Wo;
  let iy_${j} = oy_${j} * SY - PY; let ix_${j} = (q_${j} - oy_${j} * Wo) * SX - PX;
  let xb_${j} = (n_${j} * C + g * (C / G)) * H * W;`,
  krow: `  let ci = k / (KH * KW); let r = k - ci * KH * KW; let ky = r / KW;
  let dyy = ky * DY; let dxx = (r - ky * KW) * DX; let cb = ci * H * W;`,
  a: '  av = wt[(g * (O / G) + m) * K + k];',
  b: (j) => `  let iy = iy_${j} + dyy; let ix = ix_${j} + dxx;
  if (iy >= 0 && iy < H && ix >= 0 && ix < W) { bv = x[xb_${j} + cb + iy * W + ix]; }`,
  store: '  let n = p / (Ho * Wo); out[(n * O + g * (O / G) + m) * Ho * Wo + p - n * Ho * Wo] = v;',
};

const shaders = new Map<GemmTile, string>();
function shaderFor(t: GemmTile): string {
  let s = shaders.get(t);
  if (!s) { s = gemmShader(PARTS, t); shaders.set(t, s); }
  return s;
}

export const conv2d: NonNullable<FusedKernels<S>['conv2d']> = ([x, w], { stride, padding, dilation, groups }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'conv2d');
  if (sizeOf(out.shape) === 0) return o;
  const [n, c, h, wd] = x.shape;
  const [oc, , kh, kw] = w.shape;
  const [, , ho, wo] = out.shape;
  const m = oc / groups, cols = n * ho * wo, k = (c / groups) * kh * kw;
  const tile = pickTile(m, cols);
  const geometry = geometryWords({ n, c, h, w: wd, o: oc, ho, wo, kernel: [kh, kw], stride, padding, dilation, groups });
  runGemm(rt, 'conv2d', { code: shaderFor(tile), tile, inputs: [x.data.buffer, w.data.buffer], output: o.buffer, m, n: cols, k, groups, splits: 1, geometry });
  return o;
};
