/**
 * Fused `conv2dInputGrad` as an implicit gemm (conv_gemm.ts), per group g:
 * dx[ci, (n, iy, ix)] = Σ over k = (oo, ky, kx) of W[g·O/G + oo, ci, ky, kx] · dy[n, g·O/G + oo,
 * oy, ox] with oy = (iy + py − ky·dy) / sy, ox likewise, where those divide exactly and fall
 * inside dy (zero elsewhere). The strides are baked into the shader (a stride of 1 needs no
 * divisibility test); deterministic, no atomics.
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { geometryWords } from './conv_geometry.js';
import { gemmShader, pickTile, runGemm, type GemmParts, type GemmTile } from './conv_gemm.js';

/** `t` (≥ 0) divided by a baked stride, and whether it divides exactly. */
function strided(t: string, s: number): { ok: string; q: string } {
  return s === 1 ? { ok: 'true', q: t } : { ok: `${t} % ${s} == 0`, q: `${t} / ${s}` };
}

/** M = C/G input channels, N = NB·H·W input pixels, K = O/G·KH·KW. */
function parts(sy: number, sx: number): GemmParts {
  const y = strided('ty', sy), x = strided('tx', sx);
  return {
    name: 'conv2dInputGrad',
    inputs: ['dy', 'wt'],
    col: (j) => `  let n_${j} = pc_${j} / (H * W); let q_${j} = pc_${j} - n_${j} * H * W; let iy_${j} = q_${j} / W;
  let ty_${j} = iy_${j} + PY; let tx_${j} = q_${j} - iy_${j} * W + PX;
  let db_${j} = (n_${j} * O + g * (O / G)) * Ho * Wo;`,
    krow: `  let oo = k / (KH * KW); let r = k - oo * KH * KW; let ky = r / KW;
  let dyy = ky * DY; let dxx = (r - ky * KW) * DX; let ob = oo * Ho * Wo;`,
    a: '  av = wt[((g * (O / G) + oo) * (C / G) + m) * KH * KW + r];',
    b: (j) => `  let ty = ty_${j} - dyy; let tx = tx_${j} - dxx;
  if (ty >= 0 && tx >= 0) {
    if (${y.ok} && ${x.ok}) {
      let oy = ${y.q}; let ox = ${x.q};
      if (oy < Ho && ox < Wo) { bv = dy[db_${j} + ob + oy * Wo + ox]; }
    }
  }`,
    store: '  let n = p / (H * W); out[(n * C + g * (C / G) + m) * H * W + p - n * H * W] = v;',
  };
}

const shaders = new Map<string, string>();
function shaderFor(t: GemmTile, sy: number, sx: number): string {
  const key = `${JSON.stringify(t)} ${sy} ${sx}`;
  let s = shaders.get(key);
  if (!s) { s = gemmShader(parts(sy, sx), t); shaders.set(key, s); }
  return s;
}

export const conv2dInputGrad: NonNullable<FusedKernels<S>['conv2dInputGrad']> = ([dy, w], { stride, padding, dilation, groups, inputSize }, out) => {
  const rt = dy.data.rt;
  const o = allocOut(rt, out, 'conv2dInputGrad');
  if (sizeOf(out.shape) === 0) return o;
  const [n, c] = out.shape;
  const [h, wd] = inputSize;
  const [oc, , kh, kw] = w.shape;
  const [, , ho, wo] = dy.shape;
  const m = c / groups, cols = n * h * wd, k = (oc / groups) * kh * kw;
  const tile = pickTile(m, cols);
  const geometry = geometryWords({ n, c, h, w: wd, o: oc, ho, wo, kernel: [kh, kw], stride, padding, dilation, groups });
  runGemm(rt, 'conv2dInputGrad', { code: shaderFor(tile, stride[0], stride[1]), tile, inputs: [dy.data.buffer, w.data.buffer], output: o.buffer, m, n: cols, k, groups, splits: 1, geometry });
  return o;
};
