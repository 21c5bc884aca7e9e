/**
 * WGSL building blocks shared by the generated kernels: the binding header (uniforms, inputs,
 * output), uniform word accessors, the 1-D/2-D grid that keeps dispatches under the
 * per-dimension limit, index unravelling, and bit-level NaN/∞ tests (compilers may assume
 * IEEE specials away in `x != x`; bit tests they cannot).
 */
import type { DType } from '@tensorloom/core';

/** Threads per workgroup of the elementwise and movement kernels. */
export const WG = 256;

/** The WGSL storage type of a dtype (bool is a u32 0/1). */
export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

/** The expression reading uniform word `i`. */
export function U(i: number): string {
  return `u.m[${i >> 2}].${'xyzw'[i & 3]}`;
}

/** A storage binding of the header. */
export interface Binding { name: string; type: string; atomic?: boolean }

/**
 * The bindings every kernel declares: uniforms (`words` u32 words) at 0, inputs at 1..n
 * (read-only), the output at n+1 (read_write), plus the NaN helpers.
 */
export function header(words: number, inputs: readonly Binding[], output: Binding): string {
  const vecs = Math.max(1, Math.ceil(words / 4));
  const lines = [
    `struct Uniforms { m: array<vec4<u32>, ${vecs}> }`,
    '@group(0) @binding(0) var<uniform> u: Uniforms;',
    ...inputs.map((b, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${b.name}: array<${b.type}>;`),
    `@group(0) @binding(${inputs.length + 1}) var<storage, read_write> ${output.name}: array<${output.atomic ? `atomic<${output.type}>` : output.type}>;`,
    HELPERS,
  ];
  return lines.join('\n');
}

const HELPERS = `
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f() -> f32 { return bitcast<f32>(INF_BITS); }
fn wg_index(wid: vec3<u32>, nwg: vec3<u32>) -> u32 { return wid.x + wid.y * nwg.x; }
`;

/** A 1-D count of workgroups as an x × y grid within the per-dimension limit. */
export function grid(workgroups: number, maxPerDim: number): [number, number, number] {
  if (workgroups <= maxPerDim) return [Math.max(1, workgroups), 1, 1];
  const y = Math.ceil(workgroups / maxPerDim);
  if (y > maxPerDim) throw new Error(`dispatch of ${workgroups} workgroups is too large`);
  return [Math.ceil(workgroups / y), y, 1];
}

/** The entry point header of a 1-D kernel; `i` is the global thread index, guarded by `n`. */
export function main1d(nExpr: string, body: string, wg = WG): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = wg_index(wid, nwg) * ${wg}u + lid;
  if (i >= ${nExpr}) { return; }
${body}
}`;
}

/** Row-major strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}

/** Strides of `shape` broadcast to `outShape` (0 along broadcast dimensions, right-aligned). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = stridesOf(shape);
  const r = outShape.length;
  const off = r - shape.length;
  const out = new Array<number>(r).fill(0);
  for (let d = 0; d < shape.length; d++) out[d + off] = shape[d] === 1 ? 0 : st[d];
  return out;
}

/**
 * WGSL that unravels `idx` over a rank-`rank` shape whose sizes are uniform words
 * `shapeAt..shapeAt+rank-1` and accumulates, for each of `strideSets` (uniform word offsets
 * of stride lists), `off_k += coord * stride`. Declares `var off0..` as u32.
 */
export function unravel(idx: string, rank: number, shapeAt: number, strideSets: readonly number[]): string {
  const lines: string[] = [`  var rem = ${idx};`];
  strideSets.forEach((_, k) => lines.push(`  var off${k} = 0u;`));
  for (let d = rank - 1; d >= 0; d--) {
    const size = U(shapeAt + d);
    lines.push(d > 0 ? `  { let c = rem % ${size}; rem = rem / ${size};` : '  { let c = rem;');
    strideSets.forEach((at, k) => lines.push(`    off${k} += c * ${U(at + d)};`));
    lines.push('  }');
  }
  return lines.join('\n');
}

/** Packs numbers as u32 uniform words. */
export function words(values: readonly number[]): Uint32Array {
  const w = new Uint32Array(Math.max(4, values.length));
  for (let i = 0; i < values.length; i++) w[i] = values[i] >>> 0;
  return w;
}

/** The u32 bits of a float32 (for float uniforms). */
export function f32Bits(x: number): number {
  const f = new Float32Array([x]);
  return new Uint32Array(f.buffer)[0];
}
