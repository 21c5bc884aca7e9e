/**
 * The conformance kit's machinery: op cases, deterministic inputs, float64 comparison and
 * gradient checks against central finite differences of the float64 reference.
 */
import type { DType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { tensor, mul, sum } from '../index.js';
import { tidy } from '../memory.js';
import type { Ref } from './reference.js';

/** How an input's values are made. */
export type Gen =
  | 'normal'      // N(0, 1)
  | 'positive'    // in [0.5, 2.5): for log, sqrt, pow bases
  | 'nonzero'     // |x| in [0.3, 2): away from kinks at 0
  | 'distinct'    // well separated values: no ties for max/sort
  | { int: [number, number] }  // integers in [lo, hi)
  | { values: number[] };

export interface InputSpec { shape: number[]; dtype?: DType; gen?: Gen }

/** One conformance case: run through the public API, checked against a float64 reference. */
export interface OpCase {
  name: string;
  inputs: InputSpec[];
  run: (xs: Tensor[]) => Tensor;
  ref: (xs: Ref[]) => Ref;
  /** Indices of inputs whose gradients are checked; default all float32 inputs. */
  grad?: number[];
  /** The output dtype to expect (default: float32). */
  dtype?: DType;
  rtol?: number;
  atol?: number;
  gradRtol?: number;
  /** The run function calls several ops (its own intermediates are not a leak of the op). */
  multiOp?: boolean;
}

/** A small deterministic generator (independent of core's RNG). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Deterministic values for an input (seeded by `seed`), rounded to its dtype.
 *
 * @example
 * makeValues({ shape: [2, 3], gen: 'positive' }, 'log#0');
 */
export function makeValues(spec: InputSpec, seed: string): number[] {
  const n = sizeOf(spec.shape);
  const rnd = lcg(hashName(seed));
  const gen = spec.gen ?? (spec.dtype === 'int32' ? { int: [0, 5] as [number, number] } : spec.dtype === 'bool' ? { int: [0, 2] as [number, number] } : 'normal');
  let values: number[];
  if (typeof gen === 'object' && 'values' in gen) values = gen.values.slice();
  else if (typeof gen === 'object') values = Array.from({ length: n }, () => gen.int[0] + Math.floor(rnd() * (gen.int[1] - gen.int[0])));
  else if (gen === 'positive') values = Array.from({ length: n }, () => 0.5 + 2 * rnd());
  else if (gen === 'nonzero') values = Array.from({ length: n }, () => (rnd() < 0.5 ? -1 : 1) * (0.3 + 1.7 * rnd()));
  else if (gen === 'distinct') {
    values = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.37 + 0.05 * rnd());
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [values[i], values[j]] = [values[j], values[i]]; }
  } else {
    values = Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
  }
  return spec.dtype === 'int32' || spec.dtype === 'bool' ? values : Array.from(Float32Array.from(values));
}

/**
 * True when `got` is within `atol + rtol·|want|` of `want` (NaN matches NaN, ±∞ match exactly).
 *
 * @example
 * close(1.0000001, 1, 1e-5, 1e-6); // true
 */
export function close(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/**
 * The first mismatch between two value lists, as a message, or null when they agree.
 *
 * @example
 * mismatch(await y.data(), expected, 1e-5, 1e-6); // null, or 'element 3: got …'
 */
export function mismatch(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): string | null {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i], want[i], rtol, atol)) {
      return `element ${i}: got ${got[i]}, expected ${want[i]} (|diff| must be <= ${atol} + ${rtol}·|expected|)`;
    }
  }
  return null;
}

/**
 * d/dx_j of Σ f(xs)·r with respect to input `which`, by central differences in float64.
 *
 * @example
 * const g = finiteDifference(([x]) => reference.zip(Math.exp, x), [x], 0, r);
 */
export function finiteDifference(f: (xs: Ref[]) => Ref, xs: Ref[], which: number, r: Float64Array): Float64Array {
  const x = xs[which];
  const out = new Float64Array(x.data.length);
  const dot = (y: Ref): number => y.data.reduce((s, v, i) => s + v * r[i], 0);
  for (let j = 0; j < x.data.length; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(x.data[j]));
    const plus = Float64Array.from(x.data); plus[j] += h;
    const minus = Float64Array.from(x.data); minus[j] -= h;
    const at = (d: Float64Array): number => dot(f(xs.map((t, i) => (i === which ? { shape: t.shape, data: d } : t))));
    out[j] = (at(plus) - at(minus)) / (2 * h);
  }
  return out;
}

/** Autograd gradients of Σ run(xs)·r for the inputs in `which`, read back from the backend. */
export async function autogradOf(run: (xs: Tensor[]) => Tensor, xs: Tensor[], which: number[], r: number[]): Promise<Float32Array[]> {
  const leaves = xs.map((x, i) => (which.includes(i) ? x.detach().requiresGrad_() : x));
  const loss = tidy(() => {
    const y = run(leaves);
    return sum(mul(y, tensor(r, { shape: y.shape, backend: y.backend })));
  });
  loss.backward();
  loss.dispose();
  const grads: Float32Array[] = [];
  for (const i of which) {
    const g = leaves[i].grad;
    grads.push(g ? Float32Array.from(await g.data()) : new Float32Array(xs[i].size));
  }
  for (const i of which) leaves[i].dispose();
  return grads;
}
