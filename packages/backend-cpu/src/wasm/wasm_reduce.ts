/**
 * Reductions on WebAssembly SIMD (assembly/reduce.ts): float32 sum (float64 lanes, as the
 * JavaScript kernel) and max (NaN propagates) over any sorted axes, walking the input once in
 * memory order from the same plan the JavaScript kernels use (util/reduce.ts); argmax along
 * any axis. Other dtypes, and tiny inputs, run as JavaScript.
 */
import type { PrimitiveKernels, TypedArray } from '@tensorloom/core';
import { kernels as js } from '../kernels/index.js';
import { splitAxis } from '../kernels/util/array.js';
import { broadcastPlan } from '../kernels/util/broadcast.js';
import { keptShape } from '../kernels/util/reduce.js';
import type { CpuKernel } from '../kernels/util/types.js';
import { WASM_MIN_ELEMENTS } from './wasm_elementwise.js';
import type { WasmRuntime } from './wasm_runtime.js';

/** sum, max and argmax over `rt`; inputs smaller than `minElements` run as JavaScript. */
export function wasmReduce(rt: WasmRuntime, minElements = WASM_MIN_ELEMENTS): Pick<PrimitiveKernels<TypedArray>, 'sum' | 'max' | 'argmax'> {
  const e = rt.exports;
  const reduce = (op: 0 | 1, x: Float32Array, shape: readonly number[], axes: readonly number[], size: number): Float32Array => {
    const mark = rt.mark();
    try {
      const px = rt.put(x);
      const acc = rt.alloc(size * (op === 0 ? 8 : 4));
      if (op === 0) new Float64Array(rt.memory.buffer, acc, size).fill(0);
      else new Float32Array(rt.memory.buffer, acc, size).fill(-Infinity);
      const { dims, strides } = broadcastPlan([keptShape(shape, axes)], shape);
      const r = dims.length;
      const pd = rt.putInts(dims);
      const ps = rt.putInts(strides[0]);
      const idx = rt.alloc(r * 4);
      e.reduceF32(op, px, acc, pd, ps, r, idx);
      if (op === 1) return rt.take(acc, size);
      const po = rt.alloc(size * 4);
      e.demoteF64(acc, size, po);
      return rt.take(po, size);
    } finally {
      rt.release(mark);
    }
  };
  const sum: CpuKernel<'sum'> = (inputs, attrs, out) => {
    const [x] = inputs;
    if (x.dtype !== 'float32' || out.dtype !== 'float32' || x.data.length < minElements) return js.sum(inputs, attrs, out);
    return reduce(0, x.data as Float32Array, x.shape, attrs.axes, out.shape.reduce((p, d) => p * d, 1));
  };
  const max: CpuKernel<'max'> = (inputs, attrs, out) => {
    const [x] = inputs;
    if (x.dtype !== 'float32' || x.data.length < minElements) return js.max(inputs, attrs, out);
    return reduce(1, x.data as Float32Array, x.shape, attrs.axes, out.shape.reduce((p, d) => p * d, 1));
  };
  const argmax: CpuKernel<'argmax'> = (inputs, attrs, out) => {
    const [x] = inputs;
    const { outer, size, inner } = splitAxis(x.shape, attrs.axis);
    if (x.dtype !== 'float32' || x.data.length < minElements || size === 0) return js.argmax(inputs, attrs, out);
    const mark = rt.mark();
    try {
      const px = rt.put(x.data as Float32Array);
      const po = rt.alloc(outer * inner * 4);
      const best = rt.alloc(inner * 4);
      e.argmaxF32(px, outer, size, inner, po, best);
      return rt.takeI32(po, outer * inner);
    } finally {
      rt.release(mark);
    }
  };
  return { sum, max, argmax };
}
