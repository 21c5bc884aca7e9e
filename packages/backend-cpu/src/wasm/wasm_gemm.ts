/**
 * How the WebAssembly kernels hand work to threads: a task is a list of int32 arguments (its
 * kind first, see assembly/tasks.ts) over `units` independent work units, and a TaskRunner
 * runs units [0, units) on one thread or spreads them over a worker pool (wasm_pool.ts).
 * A unit's result never depends on who runs it, so results are bitwise the same at any
 * thread count. The gemm is one such task, split over rows of C or columns, never the depth.
 */
import type { WasmRuntime } from './wasm_runtime.js';

/** Task kinds of assembly/tasks.ts. */
export const TASK = { gemmRows: 0, gemmCols: 1, conv: 2, convInputGrad: 3, convFilterGradTaps: 4, convFilterGradRows: 5, packB: 6, softmaxRows: 7, rowLogSumExp: 8 } as const;
/** Columns of the gemm's register tile (assembly/gemm.ts): column units are NR columns (row units are MR = rt.exports.gemmMR() rows). */
export const NR = 8;
/** Floats of each thread's im2col buffer (assembly/tasks.ts COLS_FLOATS). */
export const COLS_FLOATS = 1 << 18;

/** Runs tasks: on the calling thread, or split over a pool. */
export interface TaskRunner {
  /** Threads that may share a task, the calling one included. */
  readonly threads: number;
  /**
   * Runs units [0, units) of the task `args`, in at most `chunks` contiguous pieces that
   * threads take in turn; `work` (multiply-adds) says whether splitting is worth a dispatch.
   */
  run(args: readonly number[], units: number, chunks: number, work: number): void;
}

/** The calling thread alone: scratch and arguments on the runtime's stack. */
export function singleThread(rt: WasmRuntime): TaskRunner {
  const bytes = rt.exports.taskScratchBytes();
  return {
    threads: 1,
    run(args, units) {
      if (units <= 0) return;
      const mark = rt.mark();
      try {
        const s = rt.alloc(bytes);
        rt.exports.runTask(rt.putInts(args), 0, units, s);
      } finally {
        rt.release(mark);
      }
    },
  };
}

/** One gemm: C[i*ldc + j] (+)= Σ_p A[i*rsa + p*csa] · B[p*rsb + j*csb] for i < rows, j < n, p < k. */
export interface GemmCall {
  readonly rows: number;
  readonly n: number;
  readonly k: number;
  readonly a: number; readonly rsa: number; readonly csa: number;
  readonly b: number; readonly rsb: number; readonly csb: number;
  readonly c: number; readonly ldc: number;
  /** 0 overwrites C, 1 adds onto it. */
  readonly beta: number;
}

/** Runs one gemm (pointers into the runtime's memory). */
export type Gemm = (call: GemmCall) => void;

/** Multiply-adds from which a gemm split over rows packs B once for all threads. */
const SHARED_PACK_WORK = 1 << 20;

/**
 * The gemm over `tasks`: split over rows of C where there are rows for 2 pieces per thread,
 * else over columns; pieces taken in turn (3 per thread, 8 for a row split that shares B)
 * even out a thread that starts late or gets less of the CPU. A big row split first packs B once, itself split over column
 * tiles, so the pieces share it and nothing is packed twice (a column split packs all of A
 * in each piece, which is why it is only for few rows).
 */
export function gemmOn(rt: WasmRuntime, tasks: TaskRunner): Gemm {
  const mr = rt.exports.gemmMR();
  return (g) => {
    const t = tasks.threads;
    const rowUnits = Math.ceil(g.rows / mr);
    const colUnits = Math.ceil(g.n / NR);
    const work = g.rows * g.n * g.k;
    const byRows = rowUnits >= 2 * t || colUnits < 2 * t;
    if (!byRows) {
      tasks.run([TASK.gemmCols, g.rows, g.n, g.k, g.a, g.rsa, g.csa, g.b, g.rsb, g.csb, g.c, g.ldc, g.beta, 0], colUnits, 3 * t, work);
      return;
    }
    const mark = rt.mark();
    try {
      let packed = 0;
      if (t > 1 && work >= SHARED_PACK_WORK && g.k > 0) {
        packed = rt.alloc(colUnits * NR * g.k * 4);
        tasks.run([TASK.packB, g.n, g.k, g.b, g.rsb, g.csb, packed], colUnits, 2 * t, g.n * g.k);
      }
      // (With B shared, a piece of rows packs only its own rows of A: many small pieces cost
      // little and leave less for the last thread to finish alone.)
      tasks.run([TASK.gemmRows, g.rows, g.n, g.k, g.a, g.rsa, g.csa, g.b, g.rsb, g.csb, g.c, g.ldc, g.beta, packed], rowUnits, (packed ? 8 : 3) * t, work);
    } finally {
      rt.release(mark);
    }
  };
}
