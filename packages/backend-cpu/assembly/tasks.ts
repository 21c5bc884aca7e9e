/**
 * The one entry point a worker pool calls: runTask(args, lo, hi, scratch) runs work units
 * [lo, hi) of the task that `args` describes (int32 words, the kind first). Every thread
 * runs the same code on its units, and a unit's result does not depend on which thread runs
 * it or on which other units that thread runs, so results are bitwise the same at any
 * thread count. `scratch` is the thread's own: taskScratchBytes() bytes (the gemm's packs,
 * then an im2col buffer).
 */
import { MR, NR, gemm, gemmScratchBytes, packBPanels } from './gemm';
import { conv2dFilterGradUnits, conv2dInputGradUnits, conv2dUnits } from './conv';
import { rowLogSumExp, softmaxRows } from './softmax';

/**
 * Task kinds (args[0]). Gemm args: kind, rows, n, k, a, rsa, csa, b, rsb, csb, c, ldc, beta,
 * packed B (or 0). Packing args: kind, n, k, b, rsb, csb, dst (units: tiles of NR columns).
 */
const GEMM_ROWS = 0; // units of MR rows of C
const GEMM_COLS = 1; // units of NR columns of C
const CONV = 2;
const CONV_INPUT_GRAD = 3;
const CONV_FILTER_GRAD_TAPS = 4;
const CONV_FILTER_GRAD_ROWS = 5;
const PACK_B = 6;
/** Softmax args: kind, x, c, out, log (units: rows of c classes). */
const SOFTMAX_ROWS = 7;
/** Row-statistics args: kind, x, c, max out (f32), log-sum-exp out (f64) (units: rows). */
const ROW_LSE = 8;

/** Floats of a thread's im2col buffer (~1 MB); a conv's block · taps must fit. */
export const COLS_FLOATS: i32 = 1 << 18;

/** Bytes of scratch one thread needs for any task. */
export function taskScratchBytes(): i32 {
  return gemmScratchBytes() + COLS_FLOATS * 4;
}

// @ts-ignore: decorator
@inline function arg(args: usize, i: i32): i32 {
  return load<i32>(args + <usize>i * 4);
}

/** Runs units [lo, hi) of the task at `args` with this thread's `scratch`. */
export function runTask(args: usize, lo: i32, hi: i32, scratch: usize): void {
  const kind = arg(args, 0);
  const buf = scratch + <usize>gemmScratchBytes();
  if (kind === GEMM_ROWS || kind === GEMM_COLS) {
    const rows = arg(args, 1), n = arg(args, 2), k = arg(args, 3);
    const a = <usize>arg(args, 4), rsa = arg(args, 5), csa = arg(args, 6);
    const b = <usize>arg(args, 7), rsb = arg(args, 8), csb = arg(args, 9);
    const c = <usize>arg(args, 10), ldc = arg(args, 11), beta = arg(args, 12);
    if (kind === GEMM_ROWS) {
      gemm(lo * MR, min(rows, hi * MR), n, k, a, rsa, csa, b, rsb, csb, c, ldc, beta, scratch, <usize>arg(args, 13));
    } else {
      const j0 = lo * NR, j1 = min(n, hi * NR);
      if (j1 > j0) gemm(0, rows, j1 - j0, k, a, rsa, csa, b + <usize>(j0 * csb) * 4, rsb, csb, c + <usize>j0 * 4, ldc, beta, scratch, 0);
    }
  } else if (kind === SOFTMAX_ROWS) {
    const c = arg(args, 2);
    const off = <usize>lo * <usize>c * 4;
    softmaxRows(<usize>arg(args, 1) + off, hi - lo, c, <usize>arg(args, 3) + off, arg(args, 4));
  } else if (kind === ROW_LSE) {
    const c = arg(args, 2);
    rowLogSumExp(<usize>arg(args, 1) + <usize>lo * <usize>c * 4, hi - lo, c, <usize>arg(args, 3) + <usize>lo * 4, <usize>arg(args, 4) + <usize>lo * 8);
  } else if (kind === PACK_B) {
    packBPanels(<usize>arg(args, 3), arg(args, 4), arg(args, 5), arg(args, 1), arg(args, 2), lo, hi, <usize>arg(args, 6));
  } else if (kind === CONV) {
    conv2dUnits(args, lo, hi, scratch, buf);
  } else if (kind === CONV_INPUT_GRAD) {
    conv2dInputGradUnits(args, lo, hi, scratch, buf);
  } else if (kind === CONV_FILTER_GRAD_TAPS || kind === CONV_FILTER_GRAD_ROWS) {
    conv2dFilterGradUnits(args, lo, hi, scratch, buf, kind === CONV_FILTER_GRAD_TAPS);
  } else {
    abort();
  }
}
