/**
 * Fused `softmaxCrossEntropy` (ONNX SoftmaxCrossEntropyLoss / torch cross_entropy semantics, as
 * the CPU backend): one workgroup per position (the class axis read with stride `inner`; one
 * thread per position instead for many or short rows, see serialRows), the
 * online statistics give m and log s, a second strided pass sums the smoothing / soft-target
 * terms a_k·(x_k − m − log s) over the classes whose coefficient is non-zero (so a masked class
 * with zero mass adds nothing). Losses and the 'mean' denominators go to a [2, P] buffer that a
 * row reduction sums; a last one-thread pass divides. Class targets written from JS are
 * range-checked on the host; a device-computed out-of-range target gives a NaN loss there.
 */
import { TensorloomError, sizeOf, type FusedKernels } from '@tensorloom/core';
import { allocOut, run1d, type S } from '../kernel_util.js';
import { GpuTensorStorage } from '../storage.js';
import { f32Bits, grid, header, main1d, U, words } from '../gpu/wgsl.js';
import { reduceRows, serialRows } from '../kernels/reduce_rows.js';
import { ROW_STATS_SERIAL_WGSL, ROW_STATS_WGSL, ROW_WG } from './online_softmax.js';

function checkTargets(t: Int32Array | undefined, c: number, ignoreIndex: number | null): void {
  if (!t) return;
  for (const v of t) {
    if (ignoreIndex !== null && v === ignoreIndex) continue;
    if (!(v >= 0 && v < c)) {
      const also = ignoreIndex !== null ? ` (or equal ignoreIndex ${ignoreIndex})` : '';
      throw new TensorloomError('softmaxCrossEntropy', `target ${v} is out of range for ${c} classes; class targets must be in [0, ${c})${also}`);
    }
  }
}

function shader(hard: boolean, weighted: boolean): string {
  const tt = hard ? 'i32' : 'f32';
  const w = (k: string) => (weighted ? `wt[${k}]` : '1.0');
  return `${header(12, [{ name: 'x', type: 'f32' }, { name: 'tg', type: tt }, { name: 'wt', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_WGSL}
var<workgroup> sum2: array<f32, ${ROW_WG}>;
@compute @workgroup_size(${ROW_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wg_index(wid, nwg);
  let P = ${U(0)}; let C = ${U(1)}; let inner = ${U(2)};
  let keep = bitcast<f32>(${U(3)}); let sm = bitcast<f32>(${U(4)});
  let hasIgnore = ${U(5)} != 0u; let ignore = bitcast<i32>(${U(6)}); let writeDen = ${U(7)} != 0u;
  let valid = r < P;
  let base = (r / inner) * C * inner + r % inner;
  row_stats(base, C, inner, lid, valid);
  let m = st_m[0];
  let ls = log(st_s[0]);
  let bad = st_f[0] != 0u || m == -inf_f();
  ${hard ? `var t = 0;
  if (valid) { t = tg[r]; }
  let skip = hasIgnore && t == ignore;
  let inRange = t >= 0 && u32(t) < C;` : 'let skip = false;'}
  var acc = 0.0;
  if (valid && !skip) {
    for (var k = lid; k < C; k += ${ROW_WG}u) {
      let xv = x[base + k * inner];
      ${hard ? `let a = sm * ${w('k')};` : `let a = ${w('k')} * (keep * tg[base + k * inner] + sm);`}
      if (a != 0.0) { acc = acc + a * (xv - m - ls); }
    }
  }
  sum2[lid] = acc;
  workgroupBarrier();
  for (var h = ${ROW_WG / 2}u; h > 0u; h >>= 1u) {
    if (lid < h) { sum2[lid] = sum2[lid] + sum2[lid + h]; }
    workgroupBarrier();
  }
  if (!valid || lid != 0u) { return; }
  var loss = 0.0;
  var den = 0.0;
  ${hard ? `if (!skip) {
    if (!inRange) { loss = nan_f(); den = 1.0; } else {
      let wt_t = ${w('u32(t)')};
      den = wt_t;
      let a = keep * wt_t;
      if (a != 0.0) { loss = loss - a * (x[base + u32(t) * inner] - m - ls); }
      loss = loss - sum2[0];
      if (bad) { loss = nan_f(); }
    }
  }` : `den = 1.0;
  loss = -sum2[0];
  if (bad) { loss = nan_f(); }`}
  out[r] = loss;
  if (writeDen) { out[P + r] = den; }
}`;
}

/** The same loss with one thread per position (many or short rows; see serialRows). */
function serialShader(hard: boolean, weighted: boolean): string {
  const tt = hard ? 'i32' : 'f32';
  const w = (k: string) => (weighted ? `wt[${k}]` : '1.0');
  return `${header(12, [{ name: 'x', type: 'f32' }, { name: 'tg', type: tt }, { name: 'wt', type: 'f32' }], { name: 'out', type: 'f32' })}
${ROW_STATS_SERIAL_WGSL}
${main1d(U(0), `  let P = ${U(0)}; let C = ${U(1)}; let inner = ${U(2)};
  let keep = bitcast<f32>(${U(3)}); let sm = bitcast<f32>(${U(4)});
  let hasIgnore = ${U(5)} != 0u; let ignore = bitcast<i32>(${U(6)}); let writeDen = ${U(7)} != 0u;
  let r = i;
  let base = (r / inner) * C * inner + r % inner;
  let st = row_stats_serial(base, C, inner);
  let m = st.m;
  let ls = log(st.s);
  let bad = st.f != 0u || m == -inf_f();
  ${hard ? `let t = tg[r];
  let skip = hasIgnore && t == ignore;
  let inRange = t >= 0 && u32(t) < C;` : 'let skip = false;'}
  var acc = 0.0;
  if (!skip) {
    for (var k = 0u; k < C; k++) {
      let xv = x[base + k * inner];
      ${hard ? `let a = sm * ${w('k')};` : `let a = ${w('k')} * (keep * tg[base + k * inner] + sm);`}
      if (a != 0.0) { acc = acc + a * (xv - m - ls); }
    }
  }
  var loss = 0.0;
  var den = 0.0;
  ${hard ? `if (!skip) {
    if (!inRange) { loss = nan_f(); den = 1.0; } else {
      let wt_t = ${w('u32(t)')};
      den = wt_t;
      let a = keep * wt_t;
      if (a != 0.0) { loss = loss - a * (x[base + u32(t) * inner] - m - ls); }
      loss = loss - acc;
      if (bad) { loss = nan_f(); }
    }
  }` : `den = 1.0;
  loss = -acc;
  if (bad) { loss = nan_f(); }`}
  out[r] = loss;
  if (writeDen) { out[P + r] = den; }`)}`;
}

const FINISH = `${header(2, [{ name: 'tot', type: 'f32' }], { name: 'out', type: 'f32' })}
@compute @workgroup_size(1)
fn main() {
  let s = tot[0]; let d = tot[1];
  if (${U(0)} == 1u) { out[0] = s; return; }
  out[0] = select(s / d, nan_f(), d == 0.0);
}`;

export const softmaxCrossEntropy: NonNullable<FusedKernels<S>['softmaxCrossEntropy']> = (inputs, attrs, out) => {
  const [logits, target, weight] = inputs;
  const { axis, reduction, labelSmoothing: eps, ignoreIndex } = attrs;
  const rt = logits.data.rt;
  const c = logits.shape[axis];
  const inner = sizeOf(logits.shape.slice(axis + 1));
  const positions = sizeOf(logits.shape) / Math.max(1, c) || sizeOf(logits.shape.filter((_, d) => d !== axis));
  const hard = target.dtype === 'int32';
  if (hard) checkTargets(target.data.hostInts, c, ignoreIndex);
  const o = allocOut(rt, out, 'softmaxCrossEntropy');
  const none = reduction === 'none';
  const per = none ? o : new GpuTensorStorage(rt, rt.alloc(Math.max(4, 2 * positions * 4), 'softmaxCrossEntropy'), 2 * positions, 'float32');
  if (positions > 0) {
    const uni = words([positions, c, inner, f32Bits(1 - eps), f32Bits(eps / c), ignoreIndex !== null ? 1 : 0, ignoreIndex ?? 0, none ? 0 : 1, 0, 0, 0, 0]);
    const w = weight ?? logits;
    if (serialRows(positions, c)) {
      run1d(rt, 'softmaxCrossEntropy', serialShader(hard, weight !== undefined), [logits.data, target.data, w.data], per, uni, positions);
    } else {
      rt.dispatch({
        code: shader(hard, weight !== undefined), inputs: [logits.data.buffer, target.data.buffer, w.data.buffer], output: per.buffer,
        uniforms: uni, workgroups: grid(positions, rt.maxWorkgroupsPerDim),
      }, 'softmaxCrossEntropy');
    }
  }
  if (none) return o;
  const tot = new GpuTensorStorage(rt, rt.alloc(8, 'softmaxCrossEntropy'), 2, 'float32');
  reduceRows('sum', rt, per, 2, positions, 'float32', tot);
  run1d(rt, 'softmaxCrossEntropy', FINISH, [tot], o, words([reduction === 'sum' ? 1 : 0]), 1, 1);
  rt.release(per.buffer);
  rt.release(tot.buffer);
  return o;
};
