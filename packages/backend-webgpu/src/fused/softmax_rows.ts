/**
 * softmax and logSoftmax along any axis in one dispatch: rows are (outer, inner) pairs read
 * with stride `inner` (no transposes), one workgroup per row (online_softmax.ts), then each
 * thread writes its elements (or, for many rows or short ones, one thread per row). NaN or +∞ in a row, or a row of all −∞, gives a NaN row (as the
 * CPU backend and PyTorch); −∞ entries give 0 (softmax) or −∞ (logSoftmax).
 */
import { sizeOf, type OutputSpec, type TensorInfo } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { grid, header, main1d, U, words } from '../gpu/wgsl.js';
import { serialRows } from '../kernels/reduce_rows.js';
import { ROW_STATS_SERIAL_WGSL, ROW_STATS_WGSL, ROW_WG } from './online_softmax.js';

export function softmaxRows(op: 'softmax' | 'logSoftmax', x: TensorInfo<S>, axis: number, out: OutputSpec): S {
  const rt = x.data.rt;
  const o = allocOut(rt, out, op);
  const len = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const rows = outer * inner;
  if (rows === 0 || len === 0) return o;
  const write = op === 'softmax' ? 'exp(v - m) / s' : 'v - m - log(s)';
  if (serialRows(rows, len)) {
    const serial = `${header(4, [{ name: 'x', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_SERIAL_WGSL}
${main1d(U(0), `  let len = ${U(1)}; let inner = ${U(2)};
  let base = (i / inner) * len * inner + i % inner;
  let st = row_stats_serial(base, len, inner);
  let m = st.m; let s = st.s;
  let bad = st.f != 0u || m == -inf_f();
  for (var k = 0u; k < len; k++) {
    let at = base + k * inner;
    let v = x[at];
    out[at] = select(${write}, nan_f(), bad);
  }`)}`;
    run1d(rt, op, serial, [x.data], o, words([rows, len, inner, 0]), rows);
    return o;
  }
  const code = `${header(4, [{ name: 'x', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_WGSL}
@compute @workgroup_size(${ROW_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wg_index(wid, nwg);
  let len = ${U(1)}; let inner = ${U(2)};
  let valid = r < ${U(0)};
  let base = (r / inner) * len * inner + r % inner;
  row_stats(base, len, inner, lid, valid);
  if (!valid) { return; }
  let m = st_m[0]; let s = st_s[0];
  let bad = st_f[0] != 0u || m == -inf_f();
  for (var k = lid; k < len; k += ${ROW_WG}u) {
    let at = base + k * inner;
    let v = x[at];
    out[at] = select(${write}, nan_f(), bad);
  }
}`;
  rt.dispatch({ code, inputs: [x.data.buffer], output: o.buffer, uniforms: words([rows, len, inner, 0]), workgroups: grid(rows, rt.maxWorkgroupsPerDim) }, op);
  return o;
}
