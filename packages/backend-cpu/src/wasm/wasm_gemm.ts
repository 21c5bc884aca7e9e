/**
 * The one gemm call every WebAssembly kernel goes through: C (+)= A · B over `rows` rows of C,
 * A and B given by pointers and element strides. On one thread it is a single call; a worker
 * pool (wasm_pool.ts) splits the rows between threads, never the depth, so the result is
 * bitwise the same at any thread count.
 */
import type { WasmRuntime } from './wasm_runtime.js';

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

/** A gemm on the calling thread, with its scratch taken from the runtime's stack. */
export function singleThreadGemm(rt: WasmRuntime): Gemm {
  const scratchBytes = rt.exports.gemmScratchBytes();
  return (g) => {
    const mark = rt.mark();
    const s = rt.alloc(scratchBytes);
    rt.exports.gemm(0, g.rows, g.n, g.k, g.a, g.rsa, g.csa, g.b, g.rsb, g.csb, g.c, g.ldc, g.beta, s);
    rt.release(mark);
  };
}
