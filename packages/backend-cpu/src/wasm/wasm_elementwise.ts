/**
 * Elementwise kernels on WebAssembly SIMD (assembly/elementwise.ts): the float32 unary ops
 * that are exact in float32 (neg, abs, sqrt, floor, reciprocal), the broadcasting binary ops
 * (add, sub, mul, div, maximum, minimum to float32; equal, less, lessEqual, greater,
 * greaterEqual to bool) and `where` over 32-bit branches. Broadcasting of any rank runs in
 * WebAssembly from the same plan the JavaScript kernels use (util/broadcast.ts). Results are
 * bitwise the JavaScript kernels' (float32 +, −, ×, ÷ and √ are correctly rounded either way).
 * Other dtypes, pow and the logical ops, and tiny tensors (where the copies cost more than the
 * loop) run as JavaScript.
 */
import type { PrimitiveKernels, TypedArray } from '@tensorloom/core';
import { kernels as js } from '../kernels/index.js';
import { alloc } from '../kernels/util/array.js';
import { broadcastPlan } from '../kernels/util/broadcast.js';
import type { CpuKernel } from '../kernels/util/types.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** Below this many output elements the JavaScript kernels win (no copies in and out). */
export const WASM_MIN_ELEMENTS = 64;

type UnaryName = 'neg' | 'abs' | 'sqrt' | 'floor' | 'reciprocal';
type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'equal' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

const UNARY: Record<UnaryName, number> = { neg: 0, abs: 1, sqrt: 2, floor: 3, reciprocal: 4 };
const BINARY: Record<BinaryName, number> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 5, minimum: 6, equal: 7, less: 8, lessEqual: 9, greater: 10, greaterEqual: 11,
};

/** The elementwise kernels over `rt`; smaller outputs than `minElements` run as JavaScript. */
export function wasmElementwise(rt: WasmRuntime, minElements = WASM_MIN_ELEMENTS): Partial<PrimitiveKernels<TypedArray>> {
  const e = rt.exports;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(UNARY) as UnaryName[]) {
    const op = UNARY[name];
    const fallback = js[name] as CpuKernel<UnaryName>;
    const k: CpuKernel<UnaryName> = (inputs, attrs, spec) => {
      const [x] = inputs;
      const n = x.data.length;
      if (x.dtype !== 'float32' || n < minElements) return fallback(inputs, attrs, spec);
      const mark = rt.mark();
      try {
        const px = rt.put(x.data as Float32Array);
        const po = rt.alloc(n * 4);
        e.unaryF32(op, px, n, po);
        return rt.take(po, n);
      } finally {
        rt.release(mark);
      }
    };
    out[name] = k;
  }
  for (const name of Object.keys(BINARY) as BinaryName[]) {
    const op = BINARY[name];
    const fallback = js[name] as CpuKernel<BinaryName>;
    const k: CpuKernel<BinaryName> = (inputs, attrs, spec) => {
      const [a, b] = inputs;
      const size = a.data.length > b.data.length ? a.data.length : b.data.length;
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || size < minElements) return fallback(inputs, attrs, spec);
      const n = spec.shape.reduce((p, d) => p * d, 1);
      if (n === 0) return alloc(spec.dtype, 0);
      const mark = rt.mark();
      try {
        const pa = rt.put(a.data as Float32Array);
        const pb = rt.put(b.data as Float32Array);
        const bool = spec.dtype === 'bool';
        const po = rt.alloc(bool ? n : n * 4);
        const { dims, strides } = broadcastPlan([a.shape, b.shape], spec.shape);
        const r = dims.length;
        const pd = rt.putInts(dims);
        const psa = rt.putInts(strides[0]);
        const psb = rt.putInts(strides[1]);
        const idx = rt.alloc(r * 4);
        e.binaryF32(op, po, pa, pb, pd, psa, psb, r, idx);
        return bool ? rt.takeU8(po, n) : rt.take(po, n);
      } finally {
        rt.release(mark);
      }
    };
    out[name] = k;
  }
  const where: CpuKernel<'where'> = (inputs, attrs, spec) => {
    const [c, a, b] = inputs;
    const n = spec.shape.reduce((p, d) => p * d, 1);
    if (spec.dtype === 'bool' || n < minElements) return js.where(inputs, attrs, spec);
    const mark = rt.mark();
    try {
      const pc = rt.putBytes(c.data as Uint8Array);
      const pa = rt.putBytes(a.data as Float32Array | Int32Array);
      const pb = rt.putBytes(b.data as Float32Array | Int32Array);
      const po = rt.alloc(n * 4);
      const { dims, strides } = broadcastPlan([c.shape, a.shape, b.shape], spec.shape);
      const r = dims.length;
      const pd = rt.putInts(dims);
      const ps = rt.putInts([...strides[0], ...strides[1], ...strides[2]]);
      const idx = rt.alloc(r * 4);
      e.whereF32(po, pc, pa, pb, pd, ps, r, idx);
      return spec.dtype === 'int32' ? rt.takeI32(po, n) : rt.take(po, n);
    } finally {
      rt.release(mark);
    }
  };
  out.where = where;
  return out as Partial<PrimitiveKernels<TypedArray>>;
}
