/**
 * NumPy broadcasting as loops: a plan collapses the output into as few dims as possible
 * (size-1 dims dropped, adjacent dims merged where every input allows it), with each input's
 * strides over those dims (0 where it broadcasts). Kernels then run over contiguous innermost
 * "runs", so the common cases (same shape, a scalar operand, [N,C] + [C]) are one or a few
 * tight loops. Reductions use the same plan with the roles swapped (see reduce.ts).
 */
import type { OutputSpec, TypedArray } from '@tensorloom/core';
import { allocFor } from './array.js';
import type { Info } from './types.js';

/** Collapsed loop dims and, per input, its element strides over them. */
export interface BroadcastPlan {
  readonly dims: number[];
  readonly strides: number[][];
}

/** The plan for reading inputs of `inShapes` while writing a contiguous output of `outShape`. */
export function broadcastPlan(inShapes: readonly (readonly number[])[], outShape: readonly number[]): BroadcastPlan {
  const rank = outShape.length;
  const aligned = inShapes.map((s) => {
    const st = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = rank - 1, j = s.length - 1; j >= 0; i--, j--) {
      st[i] = s[j] === 1 ? 0 : acc;
      acc *= s[j];
    }
    return st;
  });
  const dims: number[] = [];
  const strides = inShapes.map(() => [] as number[]);
  for (let d = 0; d < rank; d++) {
    const n = outShape[d];
    if (n === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && aligned.every((st, k) => strides[k][last] === st[d] * n)) {
      dims[last] *= n;
      for (let k = 0; k < strides.length; k++) strides[k][last] = aligned[k][d];
    } else {
      dims.push(n);
      for (let k = 0; k < strides.length; k++) strides[k].push(aligned[k][d]);
    }
  }
  return { dims, strides };
}

/** Input `k`'s stride along the innermost run (0: it is broadcast along the run). */
export function innerStride(plan: BroadcastPlan, k: number): number {
  const s = plan.strides[k];
  return s.length === 0 ? 0 : s[s.length - 1];
}

/**
 * Calls `visit(outOffset, inputOffsets, n)` for each contiguous innermost run of the output,
 * in row-major order. `inputOffsets` is reused between calls.
 */
export function forEachRun(plan: BroadcastPlan, visit: (outOff: number, offs: readonly number[], n: number) => void): void {
  const { dims, strides } = plan;
  const r = dims.length;
  const k = strides.length;
  const offs = new Array<number>(k).fill(0);
  if (r === 0) {
    visit(0, offs, 1);
    return;
  }
  const n = dims[r - 1];
  let rows = 1;
  for (let d = 0; d < r - 1; d++) rows *= dims[d];
  if (n === 0 || rows === 0) return;
  const idx = new Array<number>(r).fill(0);
  for (let row = 0; row < rows; row++) {
    visit(row * n, offs, n);
    for (let d = r - 2; d >= 0; d--) {
      idx[d]++;
      for (let q = 0; q < k; q++) offs[q] += strides[q][d];
      if (idx[d] < dims[d]) break;
      for (let q = 0; q < k; q++) offs[q] -= strides[q][d] * dims[d];
      idx[d] = 0;
    }
  }
}

/**
 * The inner loop of one binary op over a run: `o[oi + j] = f(a[ai + j*as], b[bi + j*bs])`
 * for j < n. Each op writes its own (monomorphic) loop; strides are 0 or 1.
 */
export type BinarySegment = (
  o: TypedArray, oi: number, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, n: number,
) => void;

/** Runs a broadcasting binary op: allocates the output and feeds `seg` the runs. */
export function binaryOp(a: Info, b: Info, out: OutputSpec, seg: BinarySegment): TypedArray {
  const o = allocFor(out);
  const n = o.length;
  if (n === 0) return o;
  const ad = a.data;
  const bd = b.data;
  // Fast paths: equal sizes (same layout once broadcasting is valid) and scalar operands.
  if ((ad.length === n || ad.length === 1) && (bd.length === n || bd.length === 1)) {
    seg(o, 0, ad, 0, ad.length === n ? 1 : 0, bd, 0, bd.length === n ? 1 : 0, n);
    return o;
  }
  const plan = broadcastPlan([a.shape, b.shape], out.shape);
  const as = innerStride(plan, 0);
  const bs = innerStride(plan, 1);
  forEachRun(plan, (oi, offs, len) => seg(o, oi, ad, offs[0], as, bd, offs[1], bs, len));
  return o;
}
