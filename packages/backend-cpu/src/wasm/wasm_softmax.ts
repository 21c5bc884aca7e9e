/**
 * The softmax family on WebAssembly SIMD for the common layout (class axis last, contiguous
 * rows): softmax, logSoftmax, logsumexp over the last axis, and cross-entropy, whose per-row
 * max and log-sum-exp come from the kernel (float64 sums) and whose loss terms are then formed
 * in float64 exactly as the JavaScript kernel forms them. Other layouts and dtypes use the
 * JavaScript kernels. The kernels run as pool tasks split over rows (never along a row, so
 * every row's sums are formed the same way at any thread count: results are bitwise the same).
 */
import type { TypedArray } from '@tensorloom/core';
import { logSoftmax as jsLogSoftmax } from '../kernels/log_softmax.js';
import { logsumexp as jsLogsumexp } from '../kernels/logsumexp.js';
import { softmax as jsSoftmax } from '../kernels/softmax.js';
import { softmaxCrossEntropy as jsCrossEntropy } from '../kernels/softmax_cross_entropy.js';
import { allocUninit, splitAxis } from '../kernels/util/array.js';
import type { CpuFusedKernel } from '../kernels/util/types.js';
import { TASK, type TaskRunner } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

/**
 * Pieces per thread a row split is cut into (taken in turn, so a thread that starts late or
 * gets less of a busy CPU takes fewer).
 */
const CHUNKS_PER_THREAD = 8;
/**
 * Elements from which a task is split over the pool: below it (some 0.1 ms of work) waking a
 * worker costs more than it saves (softmax [64, 1000] ran at 0.28 G elem/s split, 0.40 not).
 */
export const SPLIT_ELEMENTS = 1 << 17;

/** Bytes of rows a softmax copies in, normalises and copies out at a time (about an L2 cache). */
const BLOCK_BYTES = 1 << 20;

/** Runs the row task `args` over `rows` rows of `c` classes on `tasks`. */
function runRows(tasks: TaskRunner, args: number[], rows: number, c: number): void {
  const n = rows * c;
  const split = n >= SPLIT_ELEMENTS;
  // The pool runs tasks under its own threshold (in multiply-adds) on the calling thread.
  tasks.run(args, rows, split ? CHUNKS_PER_THREAD * tasks.threads : 1, split ? n * 16 : 0);
}

/** Rows of `c` classes a block of about BLOCK_BYTES holds (at least 2 chunks per thread). */
function blockRows(tasks: TaskRunner, rows: number, c: number): number {
  return Math.min(rows, Math.max(Math.ceil(BLOCK_BYTES / (4 * c)), 2 * CHUNKS_PER_THREAD * tasks.threads));
}

/** Per-row max and log-sum-exp of `rows` rows of length `c` of x (in blocks of rows, as `run` below). */
export function rowStats(rt: WasmRuntime, tasks: TaskRunner, x: Float32Array, rows: number, c: number): { m: Float32Array; lse: Float64Array } {
  const mark = rt.mark();
  try {
    const block = blockRows(tasks, rows, c);
    const pm = rt.alloc(rows * 4);
    const pl = rt.alloc(rows * 8);
    const px = rt.alloc(block * c * 4);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      rt.copyIn(x.subarray(r0 * c, r1 * c), px);
      runRows(tasks, [TASK.rowLogSumExp, px, c, pm + 4 * r0, pl + 8 * r0], r1 - r0, c);
    }
    const m = rt.take(pm, rows);
    const lse = new Float64Array(rt.memory.buffer, pl, rows).slice();
    return { m, lse };
  } finally {
    rt.release(mark);
  }
}

/** softmax, logSoftmax, logsumexp and softmaxCrossEntropy over `rt`, split over rows by `tasks`. */
export function wasmSoftmax(rt: WasmRuntime, tasks: TaskRunner): {
  softmax: CpuFusedKernel<'softmax'>; logSoftmax: CpuFusedKernel<'logSoftmax'>;
  logsumexp: CpuFusedKernel<'logsumexp'>; softmaxCrossEntropy: CpuFusedKernel<'softmaxCrossEntropy'>;
} {
  const rowsOf = (shape: readonly number[], axis: number): number => {
    const { outer, inner } = splitAxis(shape, axis);
    return inner === 1 ? outer : -1;
  };
  // In blocks of rows, in place: each block is copied in, normalised where it lies and copied
  // straight into the output while it is still in cache (one buffer of ~1 MB, not two of the
  // whole tensor).
  const run = (x: Float32Array, rows: number, c: number, log: number): TypedArray => {
    const block = blockRows(tasks, rows, c);
    const o = allocUninit('float32', rows * c) as Float32Array;
    const mark = rt.mark();
    try {
      const p = rt.alloc(block * c * 4);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const len = (r1 - r0) * c;
        rt.copyIn(x.subarray(r0 * c, r1 * c), p);
        runRows(tasks, [TASK.softmaxRows, p, c, p, log], r1 - r0, c);
        o.set(rt.f32().subarray(p >> 2, (p >> 2) + len), r0 * c);
        rt.copiedBytes += 4 * len;
      }
      return o;
    } finally {
      rt.release(mark);
    }
  };
  const softmax: CpuFusedKernel<'softmax'> = (inputs, attrs, out) => {
    const [x] = inputs;
    const rows = rowsOf(x.shape, attrs.axis);
    if (rows < 0 || x.dtype !== 'float32' || x.data.length === 0) return jsSoftmax(inputs, attrs, out);
    return run(x.data as Float32Array, rows, x.shape[attrs.axis], 0);
  };
  const logSoftmax: CpuFusedKernel<'logSoftmax'> = (inputs, attrs, out) => {
    const [x] = inputs;
    const rows = rowsOf(x.shape, attrs.axis);
    if (rows < 0 || x.dtype !== 'float32' || x.data.length === 0) return jsLogSoftmax(inputs, attrs, out);
    return run(x.data as Float32Array, rows, x.shape[attrs.axis], 1);
  };
  const logsumexp: CpuFusedKernel<'logsumexp'> = (inputs, attrs, out) => {
    const [x] = inputs;
    const last = x.shape.length - 1;
    if (attrs.axes.length !== 1 || attrs.axes[0] !== last || x.dtype !== 'float32' || x.data.length === 0) {
      return jsLogsumexp(inputs, attrs, out);
    }
    const c = x.shape[last];
    const rows = x.data.length / c;
    const { m, lse } = rowStats(rt, tasks, x.data as Float32Array, rows, c);
    const o = new Float32Array(rows);
    // torch: a ±inf max is not subtracted (so an all −inf row gives −inf, a +inf entry +inf).
    for (let q = 0; q < rows; q++) o[q] = m[q] === Infinity || m[q] === -Infinity ? Math.log(sumExp(x.data, q * c, c)) : lse[q] + m[q];
    return o;
  };
  const softmaxCrossEntropy: CpuFusedKernel<'softmaxCrossEntropy'> = (inputs, attrs, out) => {
    const [logits, target, weight] = inputs;
    const rows = rowsOf(logits.shape, attrs.axis);
    if (rows < 0 || logits.dtype !== 'float32' || target.dtype !== 'int32' || weight || logits.data.length === 0 || attrs.labelSmoothing !== 0) {
      return jsCrossEntropy(inputs, attrs, out);
    }
    const c = logits.shape[attrs.axis];
    const t = target.data;
    const { ignoreIndex, reduction } = attrs;
    for (let i = 0; i < rows; i++) {
      const v = t[i];
      if (!(v >= 0 && v < c) && !(ignoreIndex !== null && v === ignoreIndex)) return jsCrossEntropy(inputs, attrs, out); // it throws the error
    }
    const x = logits.data;
    const { m, lse } = rowStats(rt, tasks, x as Float32Array, rows, c);
    const losses = new Float64Array(rows);
    let denom = 0;
    for (let i = 0; i < rows; i++) {
      if (ignoreIndex !== null && t[i] === ignoreIndex) continue;
      denom += 1;
      losses[i] = -(x[i * c + t[i]] - m[i] - lse[i]);
    }
    const o = new Float32Array(reduction === 'none' ? rows : 1);
    if (reduction === 'none') {
      o.set(losses);
      return o;
    }
    let total = 0;
    for (let i = 0; i < rows; i++) total += losses[i];
    o[0] = reduction === 'sum' ? total : total / denom;
    return o;
  };
  return { softmax, logSoftmax, logsumexp, softmaxCrossEntropy };
}

/** Σ e^(x − 0) of one row in float64 (the rare ±inf-max rows of logsumexp). */
function sumExp(x: TypedArray, off: number, c: number): number {
  let s = 0;
  for (let k = 0; k < c; k++) s += Math.exp(x[off + k]);
  return s;
}
