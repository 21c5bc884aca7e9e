/**
 * Test helpers for the CPU kernels: TensorInfo builders, a seeded RNG, float64 reference
 * index arithmetic and tolerance assertions.
 */
import type { DType, Kernel, OutputSpec, TensorInfo, TypedArray } from '@tensorloom/core';
import { expect } from 'vitest';

export type Info = TensorInfo<TypedArray>;

/** Any attribute-free CPU kernel (so tables of unary or binary kernels type-check). */
export type PlainKernel = Kernel<Record<string, never>, TypedArray>;

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** A TensorInfo of `dtype` holding `values` (converted through the typed array). */
export function t(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Info {
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values);
  if (data.length !== size(shape)) throw new Error(`test bug: ${data.length} values for [${shape.join(',')}]`);
  return { data, shape, dtype };
}

export function spec(shape: readonly number[], dtype: DType = 'float32'): OutputSpec {
  return { shape, dtype };
}

/** Mulberry32: a small seeded generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform float32 values in [lo, hi). */
export function randn(shape: readonly number[], seed: number, lo = -1, hi = 1): Info {
  const r = rng(seed);
  const v = new Float32Array(size(shape));
  for (let i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * r();
  return { data: v, shape, dtype: 'float32' };
}

/** Random int32 values in [lo, hi). */
export function randint(shape: readonly number[], seed: number, lo: number, hi: number): Info {
  const r = rng(seed);
  const v = new Int32Array(size(shape));
  for (let i = 0; i < v.length; i++) v[i] = lo + Math.floor((hi - lo) * r());
  return { data: v, shape, dtype: 'int32' };
}

/** Multi-index of a flat position. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

/** Flat offset in a broadcast operand of `shape` for the output multi-index `idx`. */
export function bcastOffset(idx: readonly number[], shape: readonly number[]): number {
  const s = strides(shape);
  const lead = idx.length - shape.length;
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += (shape[d] === 1 ? 0 : idx[lead + d]) * s[d];
  return off;
}

/** The NumPy broadcast of shapes. */
export function bshape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/**
 * Asserts every element of `got` is within atol + rtol*|want| of `want`; NaN must match NaN
 * and infinities must match exactly.
 */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-6, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) {
        throw new Error(`element ${i}: got ${g}, want ${w}`);
      }
      continue;
    }
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(`element ${i}: got ${g}, want ${w} (diff ${Math.abs(g - w)})`);
    }
  }
}

/** Asserts exact equality element by element (NaN equals NaN). */
export function expectExact(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(Array.from(got)).toEqual(Array.from(want));
}
