/**
 * The implicit-gemm skeleton shared by conv2d and both of its gradients: per group, an M × N
 * output is Σ over K of A[m, k] · B[k, n], where A and B are never materialised. Each operand
 * tile is gathered from the NCHW tensors straight into shared memory (zeros outside the
 * image, the padding, or the matrix), then the tiled matmul's inner loop runs on it: 256
 * threads, each an RM × RN register block of a TM × TN output tile, KT-deep K steps, fully
 * unrolled (no private arrays: SwiftShader compiles them slowly).
 *
 * A thread loads one K row (kk = lid mod KT) of each tile, so the index arithmetic that
 * depends on k (the divisions that split k into channel and window position, or into image
 * and pixel) runs once per K step and thread; what depends on the column is worked out once,
 * before the K loop. The kernel kinds supply those snippets (`GemmParts`). Tails on M, N and K
 * are zero-filled on load and masked on store; columns beyond the per-dimension workgroup
 * limit run as several dispatches, and so does z (groups × K splits).
 */
import { TensorloomError } from '@tensorloom/core';
import type { GpuRuntime } from '../gpu/runtime.js';
import type { GpuBufferLike } from '../gpu/types.js';
import { header, U, words } from '../gpu/wgsl.js';

/** One tile shape: ty × tx threads (256), each an rm × rn block; kt-deep K steps. */
export interface GemmTile { readonly ty: number; readonly tx: number; readonly rm: number; readonly rn: number; readonly kt: number }

/** Tile shapes (TM × TN): square, wide and tall ones for the small channel counts of convs. */
export const GEMM_TILES: readonly GemmTile[] = [
  { ty: 16, tx: 16, rm: 4, rn: 4, kt: 16 }, // 64 × 64
  { ty: 8, tx: 32, rm: 4, rn: 4, kt: 16 }, // 32 × 128
  { ty: 32, tx: 8, rm: 4, rn: 4, kt: 16 }, // 128 × 32
  { ty: 4, tx: 64, rm: 4, rn: 4, kt: 8 }, // 16 × 256
  { ty: 64, tx: 4, rm: 4, rn: 4, kt: 8 }, // 256 × 16
  { ty: 4, tx: 64, rm: 2, rn: 2, kt: 16 }, // 8 × 128
  { ty: 64, tx: 4, rm: 2, rn: 2, kt: 16 }, // 128 × 8
  { ty: 16, tx: 16, rm: 1, rn: 1, kt: 16 }, // 16 × 16
];

/** Relative cost of one padded output element per register block (fewer FMAs per shared load). */
const BLOCK_COST: Record<number, number> = { 16: 1, 4: 1.6, 1: 3 };

/**
 * The tile with the least padded work for an M × N output (ties: the earlier, bigger tile).
 *
 * @example
 * pickTile(8, 50176); // { ty: 4, tx: 64, rm: 2, rn: 2, kt: 16 }: an 8 × 128 tile
 */
export function pickTile(m: number, n: number): GemmTile {
  let best = GEMM_TILES[0];
  let bestCost = Infinity;
  for (const t of GEMM_TILES) {
    const tm = t.ty * t.rm, tn = t.tx * t.rn;
    const cost = Math.ceil(m / tm) * tm * Math.ceil(n / tn) * tn * BLOCK_COST[t.rm * t.rn];
    if (cost < bestCost) { best = t; bestCost = cost; }
  }
  return best;
}

/** Uniform words of every gemm kernel: M N K colTileOffset zOffset kChunk zPerGroup -, then the geometry. */
export const GEO_AT = 8;

/** WGSL `let`s (i32) naming the conv geometry words. */
export const GEMM_GEOMETRY = ['NB', 'C', 'H', 'W', 'O', 'Ho', 'Wo', 'KH', 'KW', 'SY', 'SX', 'PY', 'PX', 'DY', 'DX', 'G']
  .map((name, k) => `  let ${name} = i32(${U(GEO_AT + k)});`).join('\n');

/**
 * What one kernel kind supplies (WGSL fragments; `g` is the group, `split` the K split, all i32).
 * - `col(j)`: statements run once per B column slot j with `pc_${j}` (its global column,
 *   clamped into range): declare what the slot needs, every name suffixed `_${j}`;
 * - `krow`: statements run once per K step with `k` (valid): declare what the row needs;
 * - `a`: statements assigning `av` for row `m` (valid) at the K row;
 * - `b(j)`: statements assigning `bv` for slot j at the K row (zero stays zero);
 * - `store`: statements writing `v` for row `m`, column `p` (both valid).
 */
export interface GemmParts {
  readonly name: string;
  readonly inputs: readonly [string, string];
  readonly col: (j: number) => string;
  readonly krow: string;
  readonly a: string;
  readonly b: (j: number) => string;
  readonly store: string;
}

/** The WGSL of one kernel kind on one tile shape. */
export function gemmShader(parts: GemmParts, t: GemmTile): string {
  const T = 256;
  const tm = t.ty * t.rm, tn = t.tx * t.rn, kt = t.kt;
  const rows = T / kt; // threads per K row of a tile
  const aSlots = Math.ceil(tm / rows), bSlots = Math.ceil(tn / rows);
  const lines: string[] = [];
  const L = (s: string) => lines.push(s);
  L(header(GEO_AT + 16, parts.inputs.map((name) => ({ name, type: 'f32' })), { name: 'out', type: 'f32' }));
  L(`var<workgroup> As: array<f32, ${kt * tm}>;`);
  L(`var<workgroup> Bs: array<f32, ${kt * tn}>;`);
  L(`@compute @workgroup_size(${T})`);
  L('fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {');
  L(`  let M = i32(${U(0)}); let NC = i32(${U(1)}); let K = i32(${U(2)});`);
  L(GEMM_GEOMETRY);
  L(`  let z = i32(wid.z + ${U(4)}); let zPer = i32(${U(6)});`);
  L('  let g = z / zPer; let split = z - g * zPer;');
  L(`  let kChunk = i32(${U(5)});`);
  L('  let kBegin = split * kChunk; let kEnd = min(K, kBegin + kChunk);');
  L(`  let m0 = i32(wid.y) * ${tm}; let n0 = (i32(wid.x) + i32(${U(3)})) * ${tn};`);
  L(`  let kk = i32(lid) % ${kt}; let s0 = i32(lid) / ${kt};`);
  L(`  let tx = i32(lid) % ${t.tx}; let ty = i32(lid) / ${t.tx};`);
  for (let j = 0; j < bSlots; j++) {
    L(`  let jj_${j} = s0 + ${rows * j}; let p_${j} = n0 + jj_${j}; let pv_${j} = ${tn < rows ? `jj_${j} < ${tn} && ` : ''}p_${j} < NC;`);
    L(`  let pc_${j} = min(p_${j}, max(NC - 1, 0));`);
    L(parts.col(j));
  }
  for (let r = 0; r < t.rm; r++) for (let c = 0; c < t.rn; c++) L(`  var c${r}_${c} = 0.0;`);
  L(`  for (var k0 = kBegin; k0 < kEnd; k0 += ${kt}) {`);
  L('    let k = k0 + kk; let kv = k < kEnd;');
  L('    {');
  L(parts.krow.replace(/^/gm, '    '));
  for (let i = 0; i < aSlots; i++) {
    L(`      { let mm = s0 + ${rows * i}; let m = m0 + mm; var av = 0.0;`);
    L(`        if (kv && ${tm < rows ? `mm < ${tm} && ` : ''}m < M) {\n${parts.a.replace(/^/gm, '          ')}\n        }`);
    L(`        ${tm < rows ? `if (mm < ${tm}) { ` : ''}As[kk * ${tm} + mm] = av;${tm < rows ? ' }' : ''} }`);
  }
  for (let j = 0; j < bSlots; j++) {
    L(`      { var bv = 0.0;`);
    L(`        if (kv && pv_${j}) {\n${parts.b(j).replace(/^/gm, '          ')}\n        }`);
    L(`        ${tn < rows ? `if (jj_${j} < ${tn}) { ` : ''}Bs[kk * ${tn} + jj_${j}] = bv;${tn < rows ? ' }' : ''} }`);
  }
  L('    }');
  L('    workgroupBarrier();');
  L(`    for (var q = 0; q < ${kt}; q++) {`);
  L(`      let ab = q * ${tm} + ty * ${t.rm}; let bb = q * ${tn} + tx * ${t.rn};`);
  for (let r = 0; r < t.rm; r++) L(`      let a${r} = As[ab + ${r}];`);
  for (let c = 0; c < t.rn; c++) L(`      let b${c} = Bs[bb + ${c}];`);
  for (let r = 0; r < t.rm; r++) for (let c = 0; c < t.rn; c++) L(`      c${r}_${c} = c${r}_${c} + a${r} * b${c};`);
  L('    }');
  L('    workgroupBarrier();');
  L('  }');
  for (let r = 0; r < t.rm; r++) {
    L(`  { let m = m0 + ty * ${t.rm} + ${r};`);
    L('    if (m < M) {');
    for (let c = 0; c < t.rn; c++) {
      L(`      { let p = n0 + tx * ${t.rn} + ${c}; if (p < NC) { let v = c${r}_${c};\n${parts.store.replace(/^/gm, '        ')}\n      } }`);
    }
    L('    } }');
  }
  L('}');
  return lines.join('\n');
}

/** One gemm launch: the shader, its two inputs, the output, the sizes and the geometry words. */
export interface GemmLaunch {
  readonly code: string;
  readonly tile: GemmTile;
  readonly inputs: readonly [GpuBufferLike, GpuBufferLike];
  readonly output: GpuBufferLike;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** Groups (z) and K splits per group. */
  readonly groups: number;
  readonly splits: number;
  readonly geometry: readonly number[];
}

/** Records a gemm launch, as several dispatches where x or z exceed the per-dimension limit. */
export function runGemm(rt: GpuRuntime, op: string, l: GemmLaunch): void {
  const tm = l.tile.ty * l.tile.rm, tn = l.tile.tx * l.tile.rn;
  const gx = Math.ceil(l.n / tn), gy = Math.ceil(l.m / tm), gz = l.groups * l.splits;
  if (gx === 0 || gy === 0 || gz === 0) return;
  const lim = rt.maxWorkgroupsPerDim;
  if (gy > lim) throw new TensorloomError(op, `${l.m} output rows need more than ${lim} tiles; split the channels`);
  const kChunk = Math.ceil(Math.ceil(l.k / l.splits) / l.tile.kt) * l.tile.kt;
  for (let z0 = 0; z0 < gz; z0 += lim) {
    for (let x0 = 0; x0 < gx; x0 += lim) {
      const uniforms = words([l.m, l.n, l.k, x0, z0, kChunk, l.splits, 0, ...l.geometry]);
      rt.dispatch({ code: l.code, inputs: l.inputs, output: l.output, uniforms, workgroups: [Math.min(lim, gx - x0), gy, Math.min(lim, gz - z0)] }, op);
    }
  }
}
