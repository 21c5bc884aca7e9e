/**
 * Primitive `scatterAdd` along `axis`: out = x; out[q, idx[j], k] += updates[q, j, k].
 * Two strategies. Up to SEGMENTED_MAX_J indices: deterministic and atomic-free, each output
 * element sums, in order of j, the updates whose index hits it (O(J) per element). More: x is
 * copied to the output and one thread per update adds it atomically (int32: atomicAdd, which
 * wraps; float32: a compare-exchange loop on the float's bits), O(1) per update, but float sums
 * then depend on the order the threads land in (last-bit differences between runs). Host-known
 * indices are range-checked; a device-computed index outside [0, A) adds nowhere.
 */
import { sizeOf, type PrimitiveKernels } from '@tensorloom/core';
import { allocOut, checkHostIndices, run1d, type S } from '../kernel_util.js';
import { header, main1d, U, wgslType, words } from '../gpu/wgsl.js';

/** Index counts up to this use the deterministic segmented sum. */
export const SEGMENTED_MAX_J = 64;

function atomicShader(t: string): string {
  const add = t === 'i32'
    ? '  atomicAdd(&out[at], v);'
    : `  var old = atomicLoad(&out[at]);
  loop {
    let r = atomicCompareExchangeWeak(&out[at], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`;
  return `${header(4, [{ name: 'idx', type: 'i32' }, { name: 'upd', type: t }], { name: 'out', type: t === 'i32' ? 'i32' : 'u32', atomic: true })}
${main1d('u.m[0].x', `  let inner = ${U(2)}; let nj = ${U(1)};
  let k = i % inner;
  let jj = (i / inner) % nj;
  let q = i / (inner * nj);
  let g = idx[jj];
  if (g < 0 || u32(g) >= ${U(3)}) { return; }
  let at = (q * ${U(3)} + u32(g)) * inner + k;
  let v = upd[i];
${add}`)}`;
}

export const scatterAdd: PrimitiveKernels<S>['scatterAdd'] = ([x, idx, upd], { axis }, out) => {
  const a = x.shape[axis];
  checkHostIndices('scatterAdd', idx.data, a);
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'scatterAdd');
  const n = sizeOf(out.shape);
  if (n === 0) return o;
  const j = sizeOf(idx.shape);
  const inner = sizeOf(x.shape.slice(axis + 1));
  const t = wgslType(x.dtype);
  if (j > SEGMENTED_MAX_J) {
    rt.copy(x.data.buffer, 0, o.buffer, 0, n * 4, 'scatterAdd');
    const updates = sizeOf(upd.shape);
    run1d(rt, 'scatterAdd', atomicShader(t), [idx.data, upd.data], o, words([updates, j, inner, a]), updates);
    return o;
  }
  const add = t === 'i32' ? (s: string, v: string) => `${s} = bitcast<i32>(bitcast<u32>(${s}) + bitcast<u32>(${v}));` : (s: string, v: string) => `${s} = ${s} + ${v};`;
  const code = `${header(4, [{ name: 'x', type: t }, { name: 'idx', type: 'i32' }, { name: 'upd', type: t }], { name: 'out', type: t })}
${main1d('u.m[0].x', `  let inner = ${U(2)};
  let k = i % inner;
  let ai = (i / inner) % ${U(3)};
  let q = i / (inner * ${U(3)});
  var s = x[i];
  let nj = ${U(1)};
  for (var jj = 0u; jj < nj; jj++) {
    let g = idx[jj];
    if (g >= 0 && u32(g) == ai) { ${add('s', `upd[(q * nj + jj) * inner + k]`)} }
  }
  out[i] = s;`)}`;
  run1d(rt, 'scatterAdd', code, [x.data, idx.data, upd.data], o, words([n, j, inner, a]), n);
  return o;
};
