/**
 * Fused `conv2dFilterGrad`: dw[o, ci, ky, kx] = Σ over n, oy, ox of dy[n, o, oy, ox] ·
 * x[n, g·C/g + ci, oy·sy − py + ky·dy, ox·sx − px + kx·dx]. One thread per weight element,
 * summing in a fixed order (deterministic).
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, words } from '../gpu/wgsl.js';
import { GEOMETRY_LETS, geometryWords } from './conv_geometry.js';

const CODE = `${header(17, [{ name: 'x', type: 'f32' }, { name: 'dy', type: 'f32' }], { name: 'out', type: 'f32' })}
${main1d('u.m[0].x', `${GEOMETRY_LETS}
  let ii = i32(i);
  let kx = ii % KW; let ky = (ii / KW) % KH; let cg = C / G; let ci = (ii / (KW * KH)) % cg; let o = ii / (KW * KH * cg);
  let og = O / G; let c = (o / og) * cg + ci;
  var acc = 0.0;
  for (var n = 0; n < N; n++) {
    for (var oy = 0; oy < Ho; oy++) {
      let iy = oy * SY - PY + ky * DY;
      if (iy < 0 || iy >= H) { continue; }
      for (var ox = 0; ox < Wo; ox++) {
        let ix = ox * SX - PX + kx * DX;
        if (ix < 0 || ix >= W) { continue; }
        acc = acc + dy[((n * O + o) * Ho + oy) * Wo + ox] * x[((n * C + c) * H + iy) * W + ix];
      }
    }
  }
  out[i] = acc;`)}`;

export const conv2dFilterGrad: NonNullable<FusedKernels<S>['conv2dFilterGrad']> = ([x, dy], { stride, padding, dilation, groups, kernelSize }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'conv2dFilterGrad');
  const total = sizeOf(out.shape);
  const [n, c, h, wd] = x.shape;
  const [, oc, ho, wo] = dy.shape;
  const uni = [total, ...geometryWords({ n, c, h, w: wd, o: oc, ho, wo, kernel: kernelSize, stride, padding, dilation, groups })];
  run1d(rt, 'conv2dFilterGrad', CODE, [x.data, dy.data], o, words(uni), total);
  return o;
};
