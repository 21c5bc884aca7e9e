/**
 * Fused `logsumexp` over sorted axes: the axes moved last ([rows, L], a transpose only when
 * they are not trailing), then one workgroup per row: m + log s from the online statistics.
 * NaN gives NaN, a +∞ gives +∞, a group of all −∞ gives −∞ (as the CPU backend).
 */
import type { FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { grid, header, main1d, U, words } from '../gpu/wgsl.js';
import { asRows, releaseTemp, serialRows } from '../kernels/reduce_rows.js';
import { ROW_STATS_SERIAL_WGSL, ROW_STATS_WGSL, ROW_WG } from './online_softmax.js';

export const logsumexp: NonNullable<FusedKernels<S>['logsumexp']> = ([x], { axes }, out) => {
  const rt = x.data.rt;
  const o = allocOut(rt, out, 'logsumexp');
  const v = asRows('logsumexp', x, axes);
  const finish = `  var y = m + log(s);
  if (m == -inf_f()) { y = -inf_f(); }
  if ((f & 2u) != 0u) { y = inf_f(); }
  if ((f & 1u) != 0u) { y = nan_f(); }`;
  if (v.rows > 0 && serialRows(v.rows, v.len)) {
    const serial = `${header(2, [{ name: 'x', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_SERIAL_WGSL}
${main1d(U(0), `  let st = row_stats_serial(i * ${U(1)}, ${U(1)}, 1u);
  let m = st.m; let s = st.s; let f = st.f;
${finish}
  out[i] = y;`)}`;
    run1d(rt, 'logsumexp', serial, [v.data], o, words([v.rows, v.len]), v.rows);
  } else if (v.rows > 0) {
    const code = `${header(2, [{ name: 'x', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_WGSL}
@compute @workgroup_size(${ROW_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wg_index(wid, nwg);
  let len = ${U(1)};
  let valid = r < ${U(0)};
  row_stats(r * len, len, 1u, lid, valid);
  if (!valid || lid != 0u) { return; }
  let f = st_f[0]; let m = st_m[0]; let s = st_s[0];
${finish}
  out[r] = y;
}`;
    rt.dispatch({ code, inputs: [v.data.buffer], output: o.buffer, uniforms: words([v.rows, v.len]), workgroups: grid(v.rows, rt.maxWorkgroupsPerDim) }, 'logsumexp');
  }
  if (v.temp) releaseTemp(rt, v.data);
  return o;
};
