/**
 * What the property suite knows about one public op: how to call it, the kind of each argument
 * (which picks the pool of wrong JS values), an arbitrary of valid arguments, op-specific
 * arbitraries of arguments that are always wrong (shapes, dtypes, axes), and a float64
 * reference for valid calls.
 */
import fc from 'fast-check';
import { reference as R } from '@tensorloom/core/testing';
import { TSpec, tspecOf, type Kind } from './arbitraries.js';

export type Ref = R.Ref;

export interface Spec {
  /** The op name every error must carry (`e.op`). */
  op: string;
  call: (...args: never[]) => unknown;
  /** One kind per argument position ('free': never replaced by a wrong JS value). */
  kinds: Kind[];
  /** Valid arguments (TSpec stands for a tensor). */
  valid: fc.Arbitrary<unknown[]>;
  /** Arguments that are wrong for this op whatever their values (shapes, dtypes, axes). */
  bad?: Array<fc.Arbitrary<unknown[]>>;
  /** The float64 result of a valid call. */
  ref?: (args: unknown[]) => Ref;
  /** Absolute tolerance of the reference comparison (default 1e-4). */
  tol?: number;
}

/** A TSpec's values as a float64 reference tensor (int32 rounded, bool as 0/1). */
export function toRef(t: unknown): Ref {
  if (!(t instanceof TSpec)) throw new Error(`not a tensor spec: ${String(t)}`);
  const v = t.dtype === 'bool' ? t.values.map((x) => (x > 0 ? 1 : 0)) : t.dtype === 'int32' ? t.values.map(Math.round) : t.values;
  return R.ref(t.shape, v);
}

/** Two shapes that broadcast. */
export const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
  .chain((out) => fc.tuple(
    fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })),
    fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })),
  ).map(([[ra, ma], [rb, mb]]) => {
    const pick = (r: number, m: boolean[]): number[] => out.slice(out.length - r).map((d, i) => (m[i] ? 1 : d));
    return [pick(ra, ma), pick(rb, mb)] as [number[], number[]];
  }));

/** Two shapes that never broadcast: one aligned dimension is n vs m, both > 1 and different. */
export const clashingPair = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer({ min: 2, max: 3 }), fc.nat(2))
  .map(([s, i, n, extra]) => {
    const k = i % s.length;
    const a = [...s];
    const b = [...s];
    a[k] = n;
    b[k] = n + 1 + extra;
    return [a, b] as [number[], number[]];
  });

/** A float32 TSpec of each shape of a pair. */
export function specsOf([a, b]: [number[], number[]], da: 'float32' | 'int32' | 'bool' = 'float32', db = da): fc.Arbitrary<[TSpec, TSpec]> {
  return fc.tuple(tspecOf(a, da), tspecOf(b, db));
}
