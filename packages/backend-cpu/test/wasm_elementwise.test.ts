/**
 * The WebAssembly elementwise and reduction kernels against float64 references, forced onto
 * WebAssembly at every size (minElements 0): exact unary ops and the binary ops bitwise, on
 * 1, 3, 17, 255, 257 elements (SIMD tails), empty tensors, every broadcasting layout (same
 * shape, scalar either side, row, column, both sides, rank 3), NaN/±∞/±0 operands; where
 * with broadcast conditions and int32 branches; sum/max/argmax over the last, first, middle,
 * split and all axes with NaN propagation (primitives.ts).
 */
import { describe, expect, it } from 'vitest';
import type { DType } from '@tensorloom/core';
import { CpuBackend } from '../src/index.js';
import { wasmElementwise } from '../src/wasm/wasm_elementwise.js';
import { wasmReduce } from '../src/wasm/wasm_reduce.js';
import { bcastOffset, bshape, expectClose, rng, size, spec, t, unravel, type Info } from './helpers.js';

const rt = new CpuBackend({ threads: 1 }).wasm!;
const ew = wasmElementwise(rt, 0);
const red = wasmReduce(rt, 0);
const SIZES = [1, 3, 17, 255, 257];
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2.5, -3.75, 1e-30, 3e38];

/** Values with specials sprinkled in (seeded). */
function values(n: number, seed: number, special = true): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => (special && i % 5 === 2 ? SPECIAL[(i * 7 + seed) % SPECIAL.length] : 4 * r() - 2));
}

/** Asserts bitwise equality (NaN matches NaN, −0 must be −0). */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (!(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)))) throw new Error(`element ${i}: got ${g}, want ${w}`);
  }
}

const UNARY: Record<string, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sqrt: Math.sqrt, floor: Math.floor, reciprocal: (x) => 1 / x,
};

describe('wasm unary ops', () => {
  for (const [name, f] of Object.entries(UNARY)) {
    it(`${name} is bitwise Math.fround(f64 op) on 0, 1, 3, 17, 255, 257 elements with NaN/±∞/±0`, () => {
      for (const n of [0, ...SIZES]) {
        const x = t(values(n, n + 1), [n]);
        const got = (ew as Record<string, (i: Info[], a: object, s: object) => Float32Array>)[name]([x], {}, spec([n]));
        expectSame(got, Array.from(x.data, (v) => Math.fround(f(v))));
      }
    });
  }
});

const BINARY: Record<string, [(x: number, y: number) => number, DType]> = {
  add: [(x, y) => x + y, 'float32'], sub: [(x, y) => x - y, 'float32'], mul: [(x, y) => x * y, 'float32'],
  div: [(x, y) => x / y, 'float32'],
  maximum: [(x, y) => (x > y || x !== x ? x : y), 'float32'], minimum: [(x, y) => (x < y || x !== x ? x : y), 'float32'],
  equal: [(x, y) => (x === y ? 1 : 0), 'bool'], less: [(x, y) => (x < y ? 1 : 0), 'bool'],
  lessEqual: [(x, y) => (x <= y ? 1 : 0), 'bool'], greater: [(x, y) => (x > y ? 1 : 0), 'bool'],
  greaterEqual: [(x, y) => (x >= y ? 1 : 0), 'bool'],
};

/** Broadcast pairs: same shape, scalar either side, row, column, both, rank 3, empty. */
function layouts(n: number): [number[], number[]][] {
  return [[[n], [n]], [[n], []], [[], [n]], [[3, n], [n]], [[n, 3], [n, 1]], [[n, 1], [1, 3]], [[2, n, 3], [2, 1, 3]], [[1], [2, n]], [[0, n], [n]]];
}

describe('wasm binary ops', () => {
  for (const [name, [f, dtype]] of Object.entries(BINARY)) {
    it(`${name} is bitwise the float64 formula over every broadcasting layout and tail size`, () => {
      for (const n of SIZES) {
        for (const [sa, sb] of layouts(n)) {
          const a = t(values(size(sa), 3 * n), sa);
          const b = t(values(size(sb), 5 * n + 1), sb);
          const so = bshape(sa, sb);
          const got = (ew as Record<string, (i: Info[], a: object, s: object) => ArrayLike<number>>)[name]([a, b], {}, spec(so, dtype));
          const want = Array.from({ length: size(so) }, (_, i) => {
            const idx = unravel(i, so);
            const r = f(a.data[bcastOffset(idx, sa)], b.data[bcastOffset(idx, sb)]);
            return dtype === 'bool' ? r : Math.fround(r);
          });
          if (dtype === 'bool') expect(got).toBeInstanceOf(Uint8Array);
          expectSame(got, want);
        }
      }
    });
  }

  it('a NaN in either operand propagates through maximum and minimum, comparisons with NaN are false', () => {
    const a = t([NaN, 1, NaN, 0, 5], [5]);
    const b = t([1, NaN, NaN, -0, 5], [5]);
    expectSame(ew.maximum!([a, b], {}, spec([5])), [NaN, NaN, NaN, -0, 5]);
    expectSame(ew.minimum!([a, b], {}, spec([5])), [NaN, NaN, NaN, -0, 5]);
    expectSame(ew.equal!([a, b], {}, spec([5], 'bool')), [0, 0, 0, 1, 1]);
  });
});

describe('wasm where', () => {
  for (const dtype of ['float32', 'int32'] as const) {
    it(`selects ${dtype} branches under every broadcast of condition and branches`, () => {
      for (const n of SIZES) {
        const shapes: [number[], number[], number[]][] = [
          [[n], [n], [n]], [[n], [], [n]], [[n], [n], []], [[], [n], [n]], [[3, n], [n], [3, 1]], [[n, 1], [1, 3], [n, 3]], [[0, n], [n], []],
        ];
        for (const [sc, sa, sb] of shapes) {
          const r = rng(n);
          const c = t(Array.from({ length: size(sc) }, () => (r() < 0.5 ? 1 : 0)), sc, 'bool');
          const a = t(dtype === 'int32' ? Array.from({ length: size(sa) }, (_, i) => i - 7) : values(size(sa), n + 2), sa, dtype);
          const b = t(dtype === 'int32' ? Array.from({ length: size(sb) }, (_, i) => -3 * i) : values(size(sb), n + 3), sb, dtype);
          const so = bshape(sc, sa, sb);
          const got = ew.where!([c, a, b], {}, spec(so, dtype));
          expect(got).toBeInstanceOf(dtype === 'int32' ? Int32Array : Float32Array);
          const want = Array.from({ length: size(so) }, (_, i) => {
            const idx = unravel(i, so);
            return c.data[bcastOffset(idx, sc)] ? a.data[bcastOffset(idx, sa)] : b.data[bcastOffset(idx, sb)];
          });
          expectSame(got, want);
        }
      }
    });
  }
});

/** float64 reduction of x over `axes` (sum or NaN-propagating max). */
function reduceRef(x: Info, axes: number[], op: 'sum' | 'max'): { shape: number[]; values: number[] } {
  const shape = x.shape.filter((_, i) => !axes.includes(i));
  const out = new Array<number>(size(shape)).fill(op === 'sum' ? 0 : -Infinity);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).filter((_, d) => !axes.includes(d));
    let o = 0;
    for (let d = 0; d < idx.length; d++) o = o * shape[d] + idx[d];
    const v = x.data[i];
    out[o] = op === 'sum' ? out[o] + v : v > out[o] || v !== v ? v : out[o];
  }
  return { shape, values: out };
}

describe('wasm reductions', () => {
  const cases = (n: number): [number[], number[]][] => [
    [[n], [0]], [[3, n], [1]], [[3, n], [0]], [[n, 3], [0]], [[2, n, 3], [1]], [[2, n, 3], [0, 2]], [[2, n, 3], [0, 1, 2]], [[2, 3, n], [2]],
  ];
  it('sum (float64 accumulation) over last, first, middle, split and all axes at tail sizes; empty groups give 0', () => {
    for (const n of SIZES) {
      for (const [shape, axes] of cases(n)) {
        const x = t(values(size(shape), n + 11, false), shape);
        const want = reduceRef(x, axes, 'sum');
        expectClose(red.sum([x], { axes, keepDims: false }, spec(want.shape)), want.values.map(Math.fround), 1e-6, 1e-6);
      }
    }
    expectSame(red.sum([t([], [0, 3])], { axes: [0], keepDims: false }, spec([3])), [0, 0, 0]);
    expectSame(red.sum([t([], [3, 0])], { axes: [1], keepDims: false }, spec([3])), [0, 0, 0]);
  });

  it('sum and max propagate NaN; max is exact and keeps ±∞', () => {
    for (const n of SIZES) {
      for (const [shape, axes] of cases(n)) {
        const x = t(values(size(shape), n + 13), shape);
        const want = reduceRef(x, axes, 'max');
        expectSame(red.max([x], { axes, keepDims: false }, spec(want.shape)), want.values);
        const s = reduceRef(x, axes, 'sum');
        const got = red.sum([x], { axes, keepDims: false }, spec(s.shape));
        s.values.forEach((w, i) => expect(Number.isNaN(got[i])).toBe(Number.isNaN(w)));
      }
    }
  });

  it('argmax gives the first maximum, or the first NaN, along any axis', () => {
    for (const n of SIZES) {
      for (const [shape, axis] of [[[n], 0], [[3, n], 1], [[n, 3], 0], [[2, n, 3], 1]] as [number[], number][]) {
        const r = rng(n);
        // Few distinct values, so ties are common; some NaN.
        const x = t(Array.from({ length: size(shape) }, (_, i) => (i % 11 === 4 ? NaN : Math.floor(3 * r()))), shape);
        const outShape = shape.filter((_, d) => d !== axis);
        const got = red.argmax([x], { axis, keepDims: false }, spec(outShape, 'int32'));
        const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
        const len = shape[axis];
        const want = Array.from({ length: size(outShape) }, (_, o) => {
          const base = Math.floor(o / inner) * len * inner + (o % inner);
          let best = 0;
          for (let k = 0; k < len; k++) {
            const v = x.data[base + k * inner];
            if (v !== v) return k;
            if (v > x.data[base + best * inner]) best = k;
          }
          return best;
        });
        expect(got).toBeInstanceOf(Int32Array);
        expectSame(got, want);
      }
    }
  });
});
