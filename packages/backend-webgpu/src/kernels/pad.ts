/** Primitive `pad`: constant padding; each output coordinate maps back to x or to `value`. */
import { sizeOf, type PrimitiveKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { f32Bits, header, main1d, stridesOf, U, wgslType, words } from '../gpu/wgsl.js';

export const pad: PrimitiveKernels<S>['pad'] = ([x], { pads, value }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'pad');
  const n = sizeOf(out.shape);
  if (n === 0) return o;
  const r = out.shape.length;
  const t = wgslType(x.dtype);
  const fill = x.dtype === 'float32' ? f32Bits(value) : x.dtype === 'int32' ? value | 0 : value !== 0 ? 1 : 0;
  // words: n, fill, outShape[r], inShape[r], before[r], inStrides[r]
  const uni = [n, fill, ...out.shape, ...x.shape, ...pads.map((p) => p[0]), ...stridesOf(x.shape)];
  const lines = ['  var rem = i;', '  var off = 0u;', '  var inside = true;'];
  for (let d = r - 1; d >= 0; d--) {
    lines.push(`  { let c = ${d > 0 ? `rem % ${U(2 + d)}` : 'rem'}; ${d > 0 ? `rem = rem / ${U(2 + d)};` : ''}`);
    lines.push(`    let ci = i32(c) - i32(${U(2 + 2 * r + d)});`);
    lines.push(`    if (ci < 0 || ci >= i32(${U(2 + r + d)})) { inside = false; } else { off += u32(ci) * ${U(2 + 3 * r + d)}; } }`);
  }
  const fillExpr = t === 'f32' ? `bitcast<f32>(${U(1)})` : t === 'i32' ? `bitcast<i32>(${U(1)})` : U(1);
  lines.push(`  if (inside) { out[i] = x[off]; } else { out[i] = ${fillExpr}; }`);
  const code = `${header(uni.length, [{ name: 'x', type: t }], { name: 'out', type: t })}
${main1d('u.m[0].x', lines.join('\n'))}`;
  run1d(rt, 'pad', code, [x.data], o, words(uni), n);
  return o;
};
