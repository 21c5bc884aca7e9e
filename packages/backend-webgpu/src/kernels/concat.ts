/**
 * Primitive `concat`: one dispatch per input, each writing its block of the output along
 * `axis` (so any number of inputs fits the per-stage storage-buffer limit).
 */
import { sizeOf, type PrimitiveKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { header, main1d, stridesOf, unravel, U, wgslType, words } from '../gpu/wgsl.js';

export const concat: PrimitiveKernels<S>['concat'] = (inputs, { axis }, out) => {
  const rt = inputs[0].data.rt;
  const o = allocOut(rt, out, 'concat');
  const r = out.shape.length;
  const t = wgslType(out.dtype);
  const outStrides = stridesOf(out.shape);
  const code = `${header(2 + 2 * r, [{ name: 'x', type: t }], { name: 'out', type: t })}
${main1d('u.m[0].x', `${unravel('i', r, 2, [2 + r])}\n  out[${U(1)} + off0] = x[i];`)}`;
  let at = 0;
  for (const x of inputs) {
    const n = sizeOf(x.shape);
    const uni = [n, at * outStrides[axis], ...x.shape, ...outStrides];
    run1d(rt, 'concat', code, [x.data], o, words(uni), n);
    at += x.shape[axis];
  }
  return o;
};
