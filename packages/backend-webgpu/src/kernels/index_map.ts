/**
 * The shared movement shader: out[i] = x[offset(i)], where offset unravels i over the output
 * shape and sums coordinate × stride (strides in uniforms, so one shader per rank and dtype).
 * transpose, slice and expand are this with different strides and a base offset.
 */
import { sizeOf, type OutputSpec, type TensorInfo } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, unravel, U, wgslType, words } from '../gpu/wgsl.js';

/** out[i] = x[base + Σ_d coord_d(i) · strides[d]] over `out.shape`. */
export function indexMap(op: string, x: TensorInfo<S>, out: OutputSpec, strides: readonly number[], base: number): S {
  const rt = x.data.rt;
  const o = allocOut(rt, out, op);
  const n = sizeOf(out.shape);
  if (n === 0) return o;
  const r = out.shape.length;
  const uni = [n, base, ...out.shape, ...strides];
  const t = wgslType(x.dtype);
  const code = `${header(uni.length, [{ name: 'x', type: t }], { name: 'out', type: t })}
${main1d('u.m[0].x', `${unravel('i', r, 2, [2 + r])}\n  out[i] = x[${U(1)} + off0];`)}`;
  run1d(rt, op, code, [x.data], o, words(uni), n);
  return o;
}
