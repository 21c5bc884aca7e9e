/**
 * Pooling on WebAssembly (assembly/pool.ts): maxPool2d and avgPool2d forward and maxPool2d's
 * gradient, plane by plane, float32 in and out (avg sums in float64, as the JavaScript kernel).
 */
import type { FusedKernels, TypedArray } from '@tensorloom/core';
import { fused as js } from '../kernels/index.js';
import type { CpuFusedKernel } from '../kernels/util/types.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** The three pooling kernels over `rt`. */
export function wasmPooling(rt: WasmRuntime): Pick<FusedKernels<TypedArray>, 'maxPool2d' | 'avgPool2d' | 'maxPool2dGrad'> {
  const e = rt.exports;
  const maxPool2d: CpuFusedKernel<'maxPool2d'> = ([x], { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw] }, out) => {
    const [n, c, h, w] = x.shape;
    const [, , ho, wo] = out.shape;
    const size = n * c * ho * wo;
    if (size === 0) return new Float32Array(0);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const po = rt.alloc(size * 4);
      e.maxPool2d(px, n * c, h, w, kh, kw, sh, sw, ph, pw, ho, wo, po);
      return rt.take(po, size);
    } finally {
      rt.release(mark);
    }
  };
  const avgPool2d: CpuFusedKernel<'avgPool2d'> = ([x], { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], countIncludePad }, out) => {
    const [n, c, h, w] = x.shape;
    const [, , ho, wo] = out.shape;
    const size = n * c * ho * wo;
    if (size === 0) return new Float32Array(0);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const po = rt.alloc(size * 4);
      e.avgPool2d(px, n * c, h, w, kh, kw, sh, sw, ph, pw, ho, wo, countIncludePad ? 1 : 0, po);
      return rt.take(po, size);
    } finally {
      rt.release(mark);
    }
  };
  const maxPool2dGrad: CpuFusedKernel<'maxPool2dGrad'> = (inputs, attrs, out) => {
    const [x, dy] = inputs;
    const [n, c, h, w] = x.shape;
    const [, , ho, wo] = dy.shape;
    const size = n * c * h * w;
    if (size === 0 || dy.data.length === 0) return js.maxPool2dGrad!(inputs, attrs, out);
    const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw] } = attrs;
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const pg = rt.put(dy.data as Float32Array);
      const po = rt.alloc(size * 4);
      e.maxPool2dGrad(px, pg, n * c, h, w, kh, kw, sh, sw, ph, pw, ho, wo, po);
      return rt.take(po, size);
    } finally {
      rt.release(mark);
    }
  };
  return { maxPool2d, avgPool2d, maxPool2dGrad };
}
