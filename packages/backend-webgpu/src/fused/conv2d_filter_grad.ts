/**
 * Fused `conv2dFilterGrad` as an implicit gemm (conv_gemm.ts), per group g:
 * dw[oo, (ci, ky, kx)] = Σ over k = (n, oy, ox) of dy[n, g·O/G + oo, oy, ox] ·
 * x[n, g·C/G + ci, oy·sy − py + ky·dy, ox·sx − px + kx·dx]. K (every output pixel of the batch)
 * is long and the output small, so K is split into chunks that run as separate workgroups,
 * each writing its partial sums to a scratch buffer, and a second kernel adds the partials in
 * a fixed order (deterministic, no atomics).
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, U, words } from '../gpu/wgsl.js';
import { geometryWords } from './conv_geometry.js';
import { gemmShader, pickTile, runGemm, type GemmParts, type GemmTile } from './conv_gemm.js';
import { GpuTensorStorage } from '../storage.js';

/**
 * M = O/G output channels, N = C/G·KH·KW filter taps, K = NB·Ho·Wo output pixels; the
 * output is the split's slice of the scratch buffer (split 0 only: the output itself).
 */
const PARTS: GemmParts = {
  name: 'conv2dFilterGrad',
  inputs: ['x', 'dy'],
  col: (j) => `  let ci_${j} = pc_${j} / (KH * KW); let r_${j} = pc_${j} - ci_${j} * KH * KW; let ky_${j} = r_${j} / KW;
  let offy_${j} = ky_${j} * DY - PY; let offx_${j} = (r_${j} - ky_${j} * KW) * DX - PX;
  let xc_${j} = (g * (C / G) + ci_${j}) * H * W;`,
  krow: `  let n = k / (Ho * Wo); let q = k - n * Ho * Wo; let oy = q / Wo;
  let iyb = oy * SY; let ixb = (q - oy * Wo) * SX; let xn = n * C * H * W; let dyb = n * O * Ho * Wo + q;`,
  a: '  av = dy[dyb + (g * (O / G) + m) * Ho * Wo];',
  b: (j) => `  let iy = iyb + offy_${j}; let ix = ixb + offx_${j};
  if (iy >= 0 && iy < H && ix >= 0 && ix < W) { bv = x[xn + xc_${j} + iy * W + ix]; }`,
  store: '  out[split * O * NC + (g * (O / G) + m) * NC + p] = v;',
};

const shaders = new Map<GemmTile, string>();
function shaderFor(t: GemmTile): string {
  let s = shaders.get(t);
  if (!s) { s = gemmShader(PARTS, t); shaders.set(t, s); }
  return s;
}

/** out[i] = Σ over s < S of part[s · n + i], in order of s. */
const REDUCE = `${header(4, [{ name: 'part', type: 'f32' }], { name: 'out', type: 'f32' })}
${main1d(U(0), `  let n = ${U(0)}; let splits = ${U(1)};
  var acc = 0.0;
  for (var s = 0u; s < splits; s++) { acc = acc + part[s * n + i]; }
  out[i] = acc;`)}`;

/** Workgroups worth aiming for, and the shortest K chunk worth a workgroup of its own. */
const TARGET_WORKGROUPS = 128;
const MIN_CHUNK = 256;
/** Scratch limit for the partial sums (bytes). */
const MAX_SCRATCH = 64 * 1024 * 1024;

/** How many K splits: enough workgroups to fill the device, chunks of at least MIN_CHUNK. */
export function filterGradSplits(tiles: number, k: number, total: number): number {
  const want = Math.ceil(TARGET_WORKGROUPS / Math.max(1, tiles));
  const most = Math.max(1, Math.min(Math.floor(k / MIN_CHUNK), Math.floor(MAX_SCRATCH / (4 * Math.max(1, total)))));
  return Math.max(1, Math.min(want, most));
}

export const conv2dFilterGrad: NonNullable<FusedKernels<S>['conv2dFilterGrad']> = ([x, dy], { stride, padding, dilation, groups, kernelSize }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'conv2dFilterGrad');
  const total = sizeOf(out.shape);
  if (total === 0) return o;
  const [n, c, h, wd] = x.shape;
  const [, oc, ho, wo] = dy.shape;
  const [kh, kw] = kernelSize;
  const m = oc / groups, cols = (c / groups) * kh * kw, k = n * ho * wo;
  const tile = pickTile(m, cols);
  const tiles = Math.ceil(m / (tile.ty * tile.rm)) * Math.ceil(cols / (tile.tx * tile.rn)) * groups;
  const splits = filterGradSplits(tiles, k, total);
  const geometry = geometryWords({ n, c, h, w: wd, o: oc, ho, wo, kernel: kernelSize, stride, padding, dilation, groups });
  const part = splits === 1 ? o : new GpuTensorStorage(rt, rt.alloc(splits * total * 4, 'conv2dFilterGrad'), splits * total, 'float32');
  runGemm(rt, 'conv2dFilterGrad', { code: shaderFor(tile), tile, inputs: [x.data.buffer, dy.data.buffer], output: part.buffer, m, n: cols, k, groups, splits, geometry });
  if (part !== o) {
    run1d(rt, 'conv2dFilterGrad', REDUCE, [part], o, words([total, splits]), total);
    rt.release(part.buffer);
  }
  return o;
};
