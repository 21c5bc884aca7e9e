/**
 * Fused `maxPool2d` and `avgPool2d` over NCHW windows, one thread per output element. Max:
 * padding never wins, NaN propagates. Avg: zero padding, divided by kh·kw (countIncludePad)
 * or by the window's valid part.
 */
import { sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, U, words } from '../gpu/wgsl.js';
import { GEOMETRY_LETS, geometryWords } from './conv_geometry.js';

function code(kind: 'max' | 'avg'): string {
  return `${header(18, [{ name: 'x', type: 'f32' }], { name: 'out', type: 'f32' })}
${main1d('u.m[0].x', `${GEOMETRY_LETS}
  let includePad = ${U(17)} != 0u;
  let ii = i32(i);
  let ox = ii % Wo; let oy = (ii / Wo) % Ho; let nc = ii / (Wo * Ho);
  let y0 = oy * SY - PY; let x0 = ox * SX - PX;
  let ys = max(y0, 0); let ye = min(y0 + KH, H); let xs = max(x0, 0); let xe = min(x0 + KW, W);
  var m = -inf_f(); var nan = false; var s = 0.0;
  for (var iy = ys; iy < ye; iy++) {
    for (var ix = xs; ix < xe; ix++) {
      let v = x[(nc * H + iy) * W + ix];
      ${kind === 'max' ? 'if (is_nan(v)) { nan = true; } else if (v > m) { m = v; }' : 's = s + v;'}
    }
  }
  ${kind === 'max' ? 'out[i] = select(m, nan_f(), nan);' : 'out[i] = s / f32(select(max(ye - ys, 0) * max(xe - xs, 0), KH * KW, includePad));'}`)}`;
}
const MAX = code('max');
const AVG = code('avg');

function run(kind: 'max' | 'avg', x: Parameters<NonNullable<FusedKernels<S>['maxPool2d']>>[0][0], kernelSize: [number, number], stride: [number, number], padding: [number, number], include: boolean, out: { shape: readonly number[]; dtype: 'float32' | 'int32' | 'bool' }): S {
  const rt = x.data.rt;
  const o = allocOut(rt, out, kind === 'max' ? 'maxPool2d' : 'avgPool2d');
  const total = sizeOf(out.shape);
  const [n, c, h, w] = x.shape;
  const [, , ho, wo] = out.shape;
  const uni = [total, ...geometryWords({ n, c, h, w, o: c, ho, wo, kernel: kernelSize, stride, padding, dilation: [1, 1], groups: 1 }), include ? 1 : 0];
  run1d(rt, kind === 'max' ? 'maxPool2d' : 'avgPool2d', kind === 'max' ? MAX : AVG, [x.data], o, words(uni), total);
  return o;
}

export const maxPool2d: NonNullable<FusedKernels<S>['maxPool2d']> = ([x], { kernelSize, stride, padding }, out) => run('max', x, kernelSize, stride, padding, false, out);
export const avgPool2d: NonNullable<FusedKernels<S>['avgPool2d']> = ([x], { kernelSize, stride, padding, countIncludePad }, out) =>
  run('avg', x, kernelSize, stride, padding, countIncludePad, out);
