/**
 * Turns the op specs into concrete cases (fixed seed, so every run sees the same ones) and runs
 * them: a bad case must throw a TensorloomError naming its op; a valid case must agree with
 * the float64 reference.
 */
import fc from 'fast-check';
import { Tensor, TensorloomError, tidy } from '@tensorloom/core';
import { POOLS, materialize } from './arbitraries.js';
import type { Ref, Spec } from './spec.js';
import { ELEMENTWISE_SPECS } from './specs_elementwise.js';
import { STRUCTURE_SPECS } from './specs_structure.js';
import { OTHER_SPECS } from './specs_other.js';

export const SPECS: Spec[] = [...ELEMENTWISE_SPECS, ...STRUCTURE_SPECS, ...OTHER_SPECS];
/** The seed of every run (change it to explore; CI keeps it). */
export const SEED = Number(process.env.TENSORLOOM_PROPERTY_SEED ?? 20261202);

export interface BadCase { spec: Spec; args: unknown[]; how: string }

function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'function' ? 'fn' : x === undefined ? 'undefined' : x)) ?? String(v);
  } catch { return String(v); }
}

/** Wrong JS values in one argument of a valid call, and the spec's own wrong calls. */
function badCases(spec: Spec): fc.Arbitrary<BadCase> {
  const positions = spec.kinds.flatMap((k, i) => (k === 'free' ? [] : [i]));
  const jsType = fc.tuple(spec.valid, fc.nat(), fc.nat()).map(([args, i, j]): BadCase => {
    const pos = positions[i % positions.length];
    const pool = POOLS[spec.kinds[pos] as keyof typeof POOLS] as readonly unknown[];
    const v = pool[j % pool.length];
    const out = [...args];
    while (out.length < spec.kinds.length) out.push(undefined);
    out[pos] = v;
    return { spec, args: out, how: `argument ${pos} (${spec.kinds[pos]}) := ${show(v)}` };
  });
  const own = (spec.bad ?? []).map((a) => a.map((args): BadCase => ({ spec, args, how: `bad call ${show(args.map(String))}` })));
  return own.length ? fc.oneof({ arbitrary: jsType, weight: 3 }, ...own.map((arbitrary) => ({ arbitrary, weight: 2 }))) : jsType;
}

/** `count` bad cases spread over every spec. */
export function sampleBadCases(count: number): BadCase[] {
  const per = Math.ceil(count / SPECS.length);
  return SPECS.flatMap((spec, k) => fc.sample(badCases(spec), { seed: SEED + k, numRuns: per }));
}

export type Outcome = 'typed' | 'accepted' | 'untyped' | 'wrongOp';

/** Runs one bad case; what it did and, for a failure, why. */
export function runBadCase(c: BadCase): { outcome: Outcome; detail: string } {
  try {
    tidy(() => {
      const made: Tensor[] = [];
      const args = c.args.map((a) => materialize(a, made));
      const out = (c.spec.call as (...a: unknown[]) => unknown)(...args);
      // Lazily wrong results would show on reading; read so nothing slips through unread.
      if (out instanceof Tensor) out.dataSync();
    });
    return { outcome: 'accepted', detail: `${c.spec.op}: accepted ${c.how}` };
  } catch (e) {
    if (!(e instanceof TensorloomError)) return { outcome: 'untyped', detail: `${c.spec.op}: ${c.how} threw ${(e as Error)?.name}: ${(e as Error)?.message}` };
    if (e.op !== c.spec.op) return { outcome: 'wrongOp', detail: `${c.spec.op}: ${c.how} threw an error naming '${e.op}': ${e.message}` };
    return { outcome: 'typed', detail: '' };
  }
}

/** `per` valid argument lists of each spec that has a reference. */
export function sampleValidCases(per: number): Array<{ spec: Spec; args: unknown[] }> {
  return SPECS.filter((s) => s.ref).flatMap((spec, k) => fc.sample(spec.valid, { seed: SEED + 1000 + k, numRuns: per }).map((args) => ({ spec, args })));
}

/** Runs a valid case; null when it matches the reference, else what differs. */
export function runValidCase(spec: Spec, args: unknown[]): string | null {
  const expected = spec.ref!(args);
  let got: { shape: readonly number[]; data: ArrayLike<number> };
  try {
    got = tidy(() => {
      const made: Tensor[] = [];
      const out = (spec.call as (...a: unknown[]) => unknown)(...args.map((a) => materialize(a, made))) as Tensor;
      return { shape: out.shape, data: Array.from(out.dataSync(), Number) };
    });
  } catch (e) {
    return `${spec.op}(${show(args.map(String))}) threw ${(e as Error).message}`;
  }
  return compare(spec, got, expected);
}

function compare(spec: Spec, got: { shape: readonly number[]; data: ArrayLike<number> }, want: Ref): string | null {
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return `${spec.op}: shape [${got.shape}] but the reference has [${want.shape}]`;
  }
  const tol = spec.tol ?? 1e-4;
  for (let i = 0; i < want.data.length; i++) {
    const a = got.data[i];
    const b = want.data[i];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    if (!(Math.abs(a - b) <= tol * (1 + Math.abs(b)))) return `${spec.op}: element ${i} is ${a} but the reference says ${b}`;
  }
  return null;
}
