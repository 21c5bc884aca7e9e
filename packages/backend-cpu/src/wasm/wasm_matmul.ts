/**
 * matmul on the WebAssembly gemm: float32 [Ba, M, K] x [Bb, K, N] (either operand transposed,
 * a batch of 1 broadcast) with float32 SIMD accumulation; int32 stays on the JS kernel. The
 * operands are copied into WebAssembly memory and the product out (see the README for why
 * copies rather than tensors living in that memory).
 */
import type { TypedArray } from '@tensorloom/core';
import { matmul as jsMatmul } from '../kernels/matmul.js';
import type { CpuKernel } from '../kernels/util/types.js';
import type { Gemm } from './wasm_gemm.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** The matmul kernel over `rt`, its gemm split by `gemm`. */
export function wasmMatmul(rt: WasmRuntime, gemm: Gemm): CpuKernel<'matmul'> {
  return (inputs, attrs, out) => {
    const [a, b] = inputs;
    if (out.dtype !== 'float32') return jsMatmul(inputs, attrs, out);
    const { transposeA: ta, transposeB: tb } = attrs;
    const [bOut, m, n] = out.shape;
    const ba = a.shape[0];
    const bb = b.shape[0];
    const k = ta ? a.shape[1] : a.shape[2];
    const size = bOut * m * n;
    if (size === 0 || k === 0) return new Float32Array(size);
    const mark = rt.mark();
    try {
      const pa = rt.put(a.data as Float32Array);
      const pb = rt.put(b.data as Float32Array);
      const pc = rt.alloc(size * 4);
      // Element strides of A [M, K] and B [K, N] per layout.
      const [rsa, csa] = ta ? [1, m] : [k, 1];
      const [rsb, csb] = tb ? [1, k] : [n, 1];
      if (bb === 1 && !ta) {
        // One B for all of A's batches: the batches are just more rows.
        gemm({ rows: ba * m, n, k, a: pa, rsa, csa, b: pb, rsb, csb, c: pc, ldc: n, beta: 0 });
      } else {
        for (let q = 0; q < bOut; q++) {
          gemm({
            rows: m, n, k,
            a: pa + (ba === 1 ? 0 : q * m * k * 4), rsa, csa,
            b: pb + (bb === 1 ? 0 : q * k * n * 4), rsb, csb,
            c: pc + q * m * n * 4, ldc: n, beta: 0,
          });
        }
      }
      return rt.take(pc, size) as TypedArray;
    } finally {
      rt.release(mark);
    }
  };
}
