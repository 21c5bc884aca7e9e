/**
 * Fused `conv2dInputGrad`: dx[n, c, iy, ix] = Σ dy[n, o, oy, ox] · w[o, c mod C/g, ky, kx] over
 * the output positions whose window covers (iy, ix): oy = (iy + py − ky·dy) / sy when that
 * divides exactly. One thread per input element, no atomics (deterministic).
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, words } from '../gpu/wgsl.js';
import { GEOMETRY_LETS, geometryWords } from './conv_geometry.js';

const CODE = `${header(17, [{ name: 'dy', type: 'f32' }, { name: 'wt', type: 'f32' }], { name: 'out', type: 'f32' })}
${main1d('u.m[0].x', `${GEOMETRY_LETS}
  let ii = i32(i);
  let ix = ii % W; let iy = (ii / W) % H; let c = (ii / (W * H)) % C; let n = ii / (W * H * C);
  let cg = C / G; let og = O / G; let g = c / cg; let ci = c - g * cg;
  var acc = 0.0;
  for (var ky = 0; ky < KH; ky++) {
    let ty = iy + PY - ky * DY;
    if (ty < 0 || ty % SY != 0) { continue; }
    let oy = ty / SY;
    if (oy >= Ho) { continue; }
    for (var kx = 0; kx < KW; kx++) {
      let tx = ix + PX - kx * DX;
      if (tx < 0 || tx % SX != 0) { continue; }
      let ox = tx / SX;
      if (ox >= Wo) { continue; }
      for (var oo = 0; oo < og; oo++) {
        let o = g * og + oo;
        acc = acc + dy[((n * O + o) * Ho + oy) * Wo + ox] * wt[((o * cg + ci) * KH + ky) * KW + kx];
      }
    }
  }
  out[i] = acc;`)}`;

export const conv2dInputGrad: NonNullable<FusedKernels<S>['conv2dInputGrad']> = ([dy, w], { stride, padding, dilation, groups, inputSize }, out) => {
  const rt = dy.data.rt;
  const o = allocOut(rt, out, 'conv2dInputGrad');
  const total = sizeOf(out.shape);
  const [n, c] = out.shape;
  const [oc, , kh, kw] = w.shape;
  const [, , ho, wo] = dy.shape;
  const uni = [total, ...geometryWords({ n, c, h: inputSize[0], w: inputSize[1], o: oc, ho, wo, kernel: [kh, kw], stride, padding, dilation, groups })];
  run1d(rt, 'conv2dInputGrad', CODE, [dy.data, w.data], o, words(uni), total);
  return o;
};
