/**
 * The building blocks of the property suite: tensor descriptions (made into tensors only when
 * a case runs, so fast-check can print and shrink them), shape and value arbitraries, and the
 * pools of wrong JavaScript values for each kind of argument. Every pool entry is wrong for its
 * kind whatever the other arguments are, so a call that accepts one has accepted bad input.
 */
import fc from 'fast-check';
import { sizeOf, tensor, type DType, type Tensor } from '@tensorloom/core';

/** A tensor to make when the case runs. */
export class TSpec {
  constructor(readonly shape: number[], readonly dtype: DType, readonly values: number[]) {}
  toString(): string { return `T(${this.dtype}[${this.shape.join(',')}])`; }
}

/** A tensor that is already disposed when the op sees it. */
export const DISPOSED = Object.freeze({ disposedTensor: true });

/** Makes the tensors a case describes (TSpec, arrays of them, DISPOSED). */
export function materialize(arg: unknown, made: Tensor[]): unknown {
  if (arg instanceof TSpec) {
    const values = arg.dtype === 'bool' ? arg.values.map((v) => v > 0) : arg.dtype === 'int32' ? arg.values.map(Math.round) : arg.values;
    const t = tensor(values, { shape: arg.shape, dtype: arg.dtype });
    made.push(t);
    return t;
  }
  if (arg === DISPOSED) {
    const t = tensor([1, 2]);
    t.dispose();
    return t;
  }
  if (Array.isArray(arg) && arg.some((a) => a instanceof TSpec || a === DISPOSED)) return arg.map((a) => materialize(a, made));
  return arg;
}

/** Exact binary fractions in [-3, 3] (sums and products stay exact in float32). */
export const value = fc.integer({ min: -24, max: 24 }).map((i) => i / 8);
/** Positive values, for log/sqrt/reciprocal. */
export const positive = fc.integer({ min: 1, max: 32 }).map((i) => i / 8);

export function shapeOf(minRank = 0, maxRank = 3, maxDim = 3, minDim = 1): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/** A tensor description of `shape` and `dtype` with random values. */
export function tspecOf(shape: number[], dtype: DType = 'float32', values: fc.Arbitrary<number> = value): fc.Arbitrary<TSpec> {
  const n = sizeOf(shape);
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => new TSpec(shape, dtype, v));
}

/** A tensor description of random shape. */
export function tspec(o: { minRank?: number; maxRank?: number; maxDim?: number; dtype?: DType; values?: fc.Arbitrary<number> } = {}): fc.Arbitrary<TSpec> {
  return shapeOf(o.minRank ?? 0, o.maxRank ?? 3, o.maxDim ?? 3).chain((s) => tspecOf(s, o.dtype ?? 'float32', o.values));
}

/** int32 indices in [0, n). */
export function indicesOf(shape: number[], n: number): fc.Arbitrary<TSpec> {
  return tspecOf(shape, 'int32', fc.integer({ min: 0, max: Math.max(n - 1, 0) }));
}

export const anyDType = fc.constantFrom<DType>('float32', 'int32', 'bool');

const fn = (): number => 0;

/** Wrong values for each kind of argument. */
export const POOLS = {
  tensor: [undefined, null, 'x', 3, [1, 2], {}, true, fn, DISPOSED, 2n],
  tensorLike: [undefined, null, 'x', [1, 2], {}, fn, DISPOSED, 2n, '1'],
  axis: [null, '0', true, 1.5, NaN, Infinity, [0], {}, 50, -50],
  axes: [null, '0', true, 1.5, NaN, [0.5], ['0'], {}, 50, [50], [0, 0], [-50]],
  bool: ['true', 1, null, {}, [], 0, 'false'],
  intList: [6, 'x', null, undefined, [1.5], ['2'], {}, [NaN], true, [Infinity]],
  options: ['x', 1, null, [1], true, fn],
  number: ['1', null, NaN, Infinity, {}, [], true, undefined, 2n],
  numberOpt: ['1', null, NaN, Infinity, {}, [], true, 2n],
  bound: ['0', null, NaN, {}, [], true],
  dtype: ['float64', 'int64', null, 1, {}, 'Float32', 'uint8'],
  dtypeOpt: ['float64', 'int64', null, 1, {}, 'Float32', 'uint8'],
  pair: [null, 'x', 0, -1, [1], [1, 2, 3], 1.5, {}, [1, '2'], true, NaN, [0, 1]],
  padPair: [null, 'x', -1, [1], [1, 2, 3], 1.5, {}, [1, '2'], true, NaN],
  natOpt: [null, '3', 1.5, NaN, -1, Infinity, {}, [], true],
  intListOpt: [6, 'x', null, [1.5], ['2'], {}, [NaN], true],
  fillValue: ['x', null, undefined, {}, [], 2n, fn],
  anyNumber: ['1', null, {}, [], true, 2n],
  posInt: [null, '3', 1.5, NaN, -1, 0, Infinity, {}, [], undefined],
  int: [null, '3', 1.5, NaN, Infinity, {}, [], undefined, true],
  tensorList: [undefined, null, 'x', [], [1, 2], {}, [DISPOSED], 7],
  pads: [[1], 6, null, 'x', [[1]], [[1, 'a']], [[-1, 0]], [[1.5, 0]], {}, [[0, 0, 0]]],
  splitSizes: [null, 'x', 0, -1, 1.5, NaN, [1.5], ['1'], {}, true],
  bias: ['x', 3, [1], {}, true, DISPOSED],
} as const;

export type Kind = keyof typeof POOLS | 'free';
