/**
 * Row reductions, the core of sum, max, argmax and argmin: the reduced axes are moved last
 * (a transpose when they are not already trailing), giving [rows, L]. Short rows (≤ 64) take
 * one thread each (workgroup barriers cost much on CPU drivers such as SwiftShader); longer ones a 256-thread workgroup tree reduction in shared memory, in several
 * passes when a row spans more than one chunk (each pass reduces chunks to partials).
 */
import { sizeOf, type DType, type TensorInfo } from '@tensorloom/core';
import { GpuTensorStorage } from '../storage.js';
import { run1d, type S } from '../kernel_util.js';
import { grid, header, main1d, stridesOf, U, wgslType, words } from '../gpu/wgsl.js';
import { indexMap } from './index_map.js';
import type { GpuRuntime } from '../gpu/runtime.js';

/** Rows at or below this length are reduced by one thread each. */
const SHORT_ROW = 64;

/**
 * One thread per row: rows that are short, or many enough to fill the device and not too long.
 * (Workgroup barriers are expensive on CPU drivers such as SwiftShader; with many rows a tree
 * per row buys nothing.)
 */
export function serialRows(rows: number, len: number): boolean {
  return len <= SHORT_ROW || (rows >= 256 && len <= 8192);
}
/** Elements one workgroup reduces per pass. */
const CHUNK = 4096;
const WG = 256;

/** x with `axes` moved last as [rows, L]; `temp` is true when the storage is a new copy to release. */
export function asRows(op: string, x: TensorInfo<S>, axes: readonly number[]): { data: S; rows: number; len: number; temp: boolean } {
  const r = x.shape.length;
  const len = axes.reduce((p, a) => p * x.shape[a], 1);
  const rows = len === 0 ? sizeOf(x.shape.filter((_, d) => !axes.includes(d))) : sizeOf(x.shape) / len;
  const trailing = axes.every((a, k) => a === r - axes.length + k);
  if (trailing || len <= 1 || rows <= 1) return { data: x.data, rows, len, temp: false };
  const keep = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const perm = [...keep, ...axes];
  const st = stridesOf(x.shape);
  const data = indexMap(op, x, { shape: perm.map((p) => x.shape[p]), dtype: x.dtype }, perm.map((p) => st[p]), 0);
  return { data, rows, len, temp: true };
}

/** Frees a temporary (its pending uses run first: one queue). */
export function releaseTemp(rt: GpuRuntime, s: S): void {
  rt.release(s.buffer);
}

function newStorage(rt: GpuRuntime, n: number, dtype: DType, op: string): S {
  return new GpuTensorStorage(rt, rt.alloc(Math.max(4, n * 4), op), n, dtype);
}

/** sum or max over each row of [rows, len] into `out` (rows elements). */
export function reduceRows(op: 'sum' | 'max', rt: GpuRuntime, data: S, rows: number, len: number, dtype: DType, out: S): void {
  const t = wgslType(dtype);
  const ident = op === 'sum' ? (t === 'f32' ? '0.0' : '0') : t === 'f32' ? '-inf_f()' : 'i32(-2147483647 - 1)';
  const comb = op === 'sum'
    ? (t === 'f32' ? 'a + b' : 'bitcast<i32>(bitcast<u32>(a) + bitcast<u32>(b))')
    : (t === 'f32' ? 'select(max(a, b), nan_f(), is_nan(a) || is_nan(b))' : 'max(a, b)');
  const fn = `fn comb(a: ${t}, b: ${t}) -> ${t} { return ${comb}; }`;
  if (rows === 0) return;
  if (serialRows(rows, len)) {
    // float sums use Kahan compensation, so a long serial row keeps its precision.
    const kahan = op === 'sum' && t === 'f32';
    const body = kahan
      ? `  var acc = 0.0; var comp = 0.0;
  for (var k = 0u; k < len; k++) { let y = x[i * len + k] - comp; let t = acc + y; comp = (t - acc) - y; acc = t; }`
      : `  var acc: ${t} = ${ident};
  for (var k = 0u; k < len; k++) { acc = comb(acc, x[i * len + k]); }`;
    const code = `${header(2, [{ name: 'x', type: t }], { name: 'out', type: t })}
${fn}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = wg_index(wid, nwg) * ${WG}u + lid;
  if (i >= ${U(0)}) { return; }
  let len = ${U(1)};
${body}
  out[i] = acc;
}`;
    run1d(rt, op, code, [data], out, words([rows, len]), rows);
    return;
  }
  const code = `${header(3, [{ name: 'x', type: t }], { name: 'out', type: t })}
${fn}
var<workgroup> sh: array<${t}, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = wg_index(wid, nwg);
  let chunks = ${U(2)};
  let len = ${U(1)};
  let valid = w < ${U(0)} * chunks;
  let row = w / chunks;
  let start = (w % chunks) * ${CHUNK}u;
  let end = min(start + ${CHUNK}u, len);
  var acc: ${t} = ${ident};
  if (valid) { for (var k = start + lid; k < end; k += ${WG}u) { acc = comb(acc, x[row * len + k]); } }
  sh[lid] = acc;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { sh[lid] = comb(sh[lid], sh[lid + s]); }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { out[w] = sh[0]; }
}`;
  let src = data;
  let l = len;
  while (true) {
    const chunks = Math.ceil(l / CHUNK);
    const dst = chunks === 1 ? out : newStorage(rt, rows * chunks, dtype, op);
    rt.dispatch({ code, inputs: [src.buffer], output: dst.buffer, uniforms: words([rows, l, chunks]), workgroups: grid(rows * chunks, rt.maxWorkgroupsPerDim) }, op);
    if (src !== data) releaseTemp(rt, src);
    if (chunks === 1) break;
    src = dst;
    l = chunks;
  }
}

/** argmax / argmin over each row of [rows, len] into int32 `out` (first index wins ties; NaN wins). */
export function argRows(op: 'argmax' | 'argmin', rt: GpuRuntime, data: S, rows: number, len: number, dtype: DType, out: S): void {
  if (rows === 0) return;
  const t = wgslType(dtype);
  const cmp = op === 'argmax' ? '>' : '<';
  // better(a at ia, b at ib): does (a, ia) beat (b, ib)?
  const nanA = t === 'f32' ? 'is_nan(a)' : 'false';
  const nanB = t === 'f32' ? 'is_nan(b)' : 'false';
  const fn = `fn better(a: ${t}, ia: u32, b: ${t}, ib: u32) -> bool {
  if (ib == 0xffffffffu) { return true; }
  if (ia == 0xffffffffu) { return false; }
  let na = ${nanA}; let nb = ${nanB};
  if (na || nb) { return na && (!nb || ia < ib); }
  if (a == b) { return ia < ib; }
  return a ${cmp} b;
}`;
  const zero = t === 'f32' ? '0.0' : t === 'i32' ? '0' : '0u';
  if (serialRows(rows, len)) {
    const short = `${header(2, [{ name: 'x', type: t }], { name: 'out', type: 'i32' })}
${fn}
${main1d(U(0), `  let len = ${U(1)};
  var bv: ${t} = ${zero};
  var bi = 0xffffffffu;
  for (var k = 0u; k < len; k++) { let v = x[i * len + k]; if (better(v, k, bv, bi)) { bv = v; bi = k; } }
  out[i] = i32(bi);`)}`;
    run1d(rt, op, short, [data], out, words([rows, len]), rows);
    return;
  }
  const code = `${header(2, [{ name: 'x', type: t }], { name: 'out', type: 'i32' })}
${fn}
var<workgroup> sv: array<${t}, ${WG}>;
var<workgroup> si: array<u32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wg_index(wid, nwg);
  let len = ${U(1)};
  let valid = row < ${U(0)};
  var bv: ${t} = ${zero};
  var bi = 0xffffffffu;
  if (valid) {
    for (var k = lid; k < len; k += ${WG}u) {
      let v = x[row * len + k];
      if (better(v, k, bv, bi)) { bv = v; bi = k; }
    }
  }
  sv[lid] = bv; si[lid] = bi;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s && better(sv[lid + s], si[lid + s], sv[lid], si[lid])) { sv[lid] = sv[lid + s]; si[lid] = si[lid + s]; }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { out[row] = i32(si[0]); }
}`;
  rt.dispatch({ code, inputs: [data.buffer], output: out.buffer, uniforms: words([rows, len]), workgroups: grid(rows, rt.maxWorkgroupsPerDim) }, op);
}
