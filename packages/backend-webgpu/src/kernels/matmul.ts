/**
 * Primitive `matmul`: batched [B, M, K] × [B, K, N] (B = 1 broadcasts; either operand
 * transposed in its last two axes). Tiled and register-blocked: a 16 × 16 workgroup computes
 * a 64 × 64 output tile, 4 × 4 per thread, from 16-deep K tiles of A and B staged in shared
 * memory (outputs under 64 on a side use a plain 16 × 16 tile, one output per thread: cheaper to
 * compile and to run when small); tails are zero-filled on load and masked on store. Batches beyond the per-dimension
 * workgroup limit run as several dispatches.
 */
import { TensorloomError, type PrimitiveKernels } from '@tensorloom/core';
import { allocOut, type S } from '../kernel_util.js';
import { header, U, wgslType, words } from '../gpu/wgsl.js';

const TILE = 64;
const KT = 16;

/** The 4 × 4 outer product of one K step, unrolled (no local arrays: SwiftShader compiles them slowly). */
function unrolledFma(): string {
  const lines: string[] = [];
  for (let r = 0; r < 4; r++) lines.push(`      let a${r} = As[ab + ${r}u];`);
  for (let c = 0; c < 4; c++) lines.push(`      let b${c} = Bs[bb + ${c}u];`);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) lines.push(`      c${r}${c} = c${r}${c} + a${r} * b${c};`);
  return lines.join('\n');
}

function shader(t: string, ta: boolean, tb: boolean): string {
  const zero = t === 'f32' ? '0.0' : '0';
  const aAt = ta ? 'aBase + k * M + m' : 'aBase + m * K + k';
  const bAt = tb ? 'bBase + n * K + k' : 'bBase + k * N + n';
  return `${header(8, [{ name: 'A', type: t }, { name: 'B', type: t }], { name: 'out', type: t })}
var<workgroup> As: array<${t}, ${KT * TILE}>;
var<workgroup> Bs: array<${t}, ${KT * TILE}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let M = ${U(0)}; let N = ${U(1)}; let K = ${U(2)};
  let batch = wid.z + ${U(5)};
  let aBase = batch * ${U(3)};
  let bBase = batch * ${U(4)};
  let m0 = wid.y * ${TILE}u;
  let n0 = wid.x * ${TILE}u;
  let tx = lid3.x; let ty = lid3.y;
${[0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => `  var c${r}${c}: ${t} = ${zero};`).join('\n')).join('\n')}
  for (var k0 = 0u; k0 < K; k0 += ${KT}u) {
    for (var r = 0u; r < 4u; r++) {
      let e = lid + r * 256u;
      let kk = e / ${TILE}u; let mm = e % ${TILE}u;
      let m = m0 + mm; let k = k0 + kk; let n = n0 + mm;
      var av: ${t} = ${zero};
      if (m < M && k < K) { av = A[${aAt}]; }
      As[kk * ${TILE}u + mm] = av;
      var bv: ${t} = ${zero};
      if (n < N && k < K) { bv = B[${bAt}]; }
      Bs[kk * ${TILE}u + mm] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${KT}u; kk++) {
      let ab = kk * ${TILE}u + ty * 4u;
      let bb = kk * ${TILE}u + tx * 4u;
${unrolledFma()}
    }
    workgroupBarrier();
  }
  let oBase = batch * M * N;
${[0, 1, 2, 3].map((r) => `  { let m = m0 + ty * 4u + ${r}u;
    if (m < M) {
${[0, 1, 2, 3].map((c) => `      if (n0 + tx * 4u + ${c}u < N) { out[oBase + m * N + n0 + tx * 4u + ${c}u] = c${r}${c}; }`).join('\n')}
    } }`).join('\n')}
}`;
}

/** Outputs smaller than a big tile on either side use a plain 16 × 16 tile, one output per thread. */
function smallShader(t: string, ta: boolean, tb: boolean): string {
  const zero = t === 'f32' ? '0.0' : '0';
  const aAt = ta ? 'aBase + k * M + m' : 'aBase + m * K + k';
  const bAt = tb ? 'bBase + n * K + k' : 'bBase + k * N + n';
  return `${header(8, [{ name: 'A', type: t }, { name: 'B', type: t }], { name: 'out', type: t })}
var<workgroup> As: array<${t}, 256>;
var<workgroup> Bs: array<${t}, 256>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let M = ${U(0)}; let N = ${U(1)}; let K = ${U(2)};
  let batch = wid.z + ${U(5)};
  let aBase = batch * ${U(3)};
  let bBase = batch * ${U(4)};
  let row = wid.y * 16u + l.y;
  let col = wid.x * 16u + l.x;
  var acc: ${t} = ${zero};
  for (var k0 = 0u; k0 < K; k0 += 16u) {
    { let m = row; let k = k0 + l.x; var v: ${t} = ${zero}; if (m < M && k < K) { v = A[${aAt}]; } As[l.y * 16u + l.x] = v; }
    { let n = col; let k = k0 + l.y; var v: ${t} = ${zero}; if (n < N && k < K) { v = B[${bAt}]; } Bs[l.y * 16u + l.x] = v; }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) { acc = acc + As[l.y * 16u + kk] * Bs[kk * 16u + l.x]; }
    workgroupBarrier();
  }
  if (row < M && col < N) { out[batch * M * N + row * N + col] = acc; }
}`;
}

export const matmul: PrimitiveKernels<S>['matmul'] = ([a, b], { transposeA, transposeB }, out) => {
  const rt = a.data.rt;
  const o = allocOut(rt, out, 'matmul');
  const [batch, m, n] = out.shape;
  const k = transposeA ? a.shape[1] : a.shape[2];
  if (batch * m * n === 0) return o;
  const big = m >= TILE && n >= TILE;
  const tile = big ? TILE : 16;
  const gx = Math.ceil(n / tile);
  const gy = Math.ceil(m / tile);
  const lim = rt.maxWorkgroupsPerDim;
  if (gx > lim || gy > lim) throw new TensorloomError('matmul', `a ${m} × ${n} output needs more than ${lim} tiles along one side; split the product`);
  const code = (big ? shader : smallShader)(wgslType(out.dtype), transposeA, transposeB);
  const sa = a.shape[0] === 1 ? 0 : m * k;
  const sb = b.shape[0] === 1 ? 0 : k * n;
  for (let b0 = 0; b0 < batch; b0 += lim) {
    const nb = Math.min(lim, batch - b0);
    rt.dispatch({ code, inputs: [a.data.buffer, b.data.buffer], output: o.buffer, uniforms: words([m, n, k, sa, sb, b0, 0, 0]), workgroups: [gx, gy, nb] }, 'matmul');
  }
  return o;
};
