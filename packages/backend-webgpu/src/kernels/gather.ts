/**
 * Primitive `gather` (ONNX Gather) along `axis`: x viewed as [outer, A, inner], indices
 * flattened to J, out [outer, J, inner]. Indices written from JS are range-checked on the host
 * (TensorloomError); a device-computed index outside [0, A) gives 0 in its output row and
 * never reads outside x.
 */
import { sizeOf, type PrimitiveKernels } from '@tensorloom/core';
import { allocOut, checkHostIndices, run1d, type S } from '../kernel_util.js';
import { header, main1d, U, wgslType, words } from '../gpu/wgsl.js';

export const gather: PrimitiveKernels<S>['gather'] = ([x, idx], { axis }, out) => {
  const a = x.shape[axis];
  checkHostIndices('gather', idx.data, a);
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'gather');
  const n = sizeOf(out.shape);
  if (n === 0) return o;
  const j = sizeOf(idx.shape);
  const inner = sizeOf(x.shape.slice(axis + 1));
  const t = wgslType(x.dtype);
  const zero = t === 'f32' ? '0.0' : t === 'i32' ? '0' : '0u';
  const code = `${header(4, [{ name: 'x', type: t }, { name: 'idx', type: 'i32' }], { name: 'out', type: t })}
${main1d('u.m[0].x', `  let inner = ${U(2)};
  let k = i % inner;
  let jj = (i / inner) % ${U(1)};
  let q = i / (inner * ${U(1)});
  let g = idx[jj];
  if (g < 0 || u32(g) >= ${U(3)}) { out[i] = ${zero}; return; }
  out[i] = x[(q * ${U(3)} + u32(g)) * inner + k];`)}`;
  run1d(rt, 'gather', code, [x.data, idx.data], o, words([n, j, inner, a]), n);
  return o;
};
