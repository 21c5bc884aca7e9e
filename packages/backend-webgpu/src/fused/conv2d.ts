/**
 * Fused `conv2d` (NCHW, PyTorch semantics, groups, stride, padding, dilation; no bias): a
 * direct convolution, one thread per output element summing C/groups × kh × kw products in
 * float32. (Not an implicit-gemm tiling yet: correct for every geometry, not the fastest.)
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, words } from '../gpu/wgsl.js';
import { GEOMETRY_LETS, geometryWords } from './conv_geometry.js';

const CODE = `${header(17, [{ name: 'x', type: 'f32' }, { name: 'wt', type: 'f32' }], { name: 'out', type: 'f32' })}
${main1d('u.m[0].x', `${GEOMETRY_LETS}
  let ii = i32(i);
  let ox = ii % Wo; let oy = (ii / Wo) % Ho; let o = (ii / (Wo * Ho)) % O; let n = ii / (Wo * Ho * O);
  let cg = C / G; let og = O / G; let g = o / og;
  var acc = 0.0;
  for (var ci = 0; ci < cg; ci++) {
    let c = g * cg + ci;
    for (var ky = 0; ky < KH; ky++) {
      let iy = oy * SY - PY + ky * DY;
      if (iy < 0 || iy >= H) { continue; }
      for (var kx = 0; kx < KW; kx++) {
        let ix = ox * SX - PX + kx * DX;
        if (ix < 0 || ix >= W) { continue; }
        acc = acc + x[((n * C + c) * H + iy) * W + ix] * wt[((o * cg + ci) * KH + ky) * KW + kx];
      }
    }
  }
  out[i] = acc;`)}`;

export const conv2d: NonNullable<FusedKernels<S>['conv2d']> = ([x, w], { stride, padding, dilation, groups }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'conv2d');
  const total = sizeOf(out.shape);
  const [n, c, h, wd] = x.shape;
  const [oc, , kh, kw] = w.shape;
  const [, , ho, wo] = out.shape;
  const uni = [total, ...geometryWords({ n, c, h, w: wd, o: oc, ho, wo, kernel: [kh, kw], stride, padding, dilation, groups })];
  run1d(rt, 'conv2d', CODE, [x.data, w.data], o, words(uni), total);
  return o;
};
