/**
 * Assertions shared by the kit's hand-written tests: read a tensor and compare it with
 * expected values, throwing an Error that says what differed.
 */
import type { Tensor } from '../tensor.js';
import { mismatch } from './harness.js';

export async function expectValues(t: Tensor, shape: number[], values: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): Promise<void> {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`shape [${t.shape}] but expected [${shape}]`);
  }
  const got = await t.data();
  const bad = mismatch(got, values, rtol, atol);
  if (bad) throw new Error(`values differ: ${bad}; got [${Array.from(got).slice(0, 12)}]`);
}

/** Runs `fn` and requires it to throw a TensorloomError whose message matches `pattern`. */
export function expectTensorloomError(fn: () => unknown, pattern: RegExp): void {
  let thrown: unknown = null;
  try { fn(); } catch (e) { thrown = e; }
  if (!thrown) throw new Error(`expected a TensorloomError matching ${pattern}, but nothing was thrown`);
  const err = thrown as Error;
  if (err.name !== 'TensorloomError') throw new Error(`expected a TensorloomError, got ${err.name}: ${err.message}`);
  if (!pattern.test(err.message)) throw new Error(`error message "${err.message}" does not match ${pattern}`);
}
