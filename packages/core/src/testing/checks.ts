/**
 * Assertions shared by the kit's hand-written tests: read a tensor and compare it with
 * expected values, throwing an Error that says what differed.
 */
import type { Tensor } from '../tensor.js';
import { mismatch } from './harness.js';

/**
 * Reads `t` and requires its shape to be `shape` and its values to be within
 * `atol + rtol·|want|` of `values` (NaN matches NaN, ±∞ match exactly).
 *
 * @example
 * await expectValues(softmax(tensor([0, 0])), [2], [0.5, 0.5]);
 */
export async function expectValues(t: Tensor, shape: number[], values: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): Promise<void> {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`shape [${t.shape}] but expected [${shape}]`);
  }
  const got = await t.data();
  const bad = mismatch(got, values, rtol, atol);
  if (bad) throw new Error(`values differ: ${bad}; got [${Array.from(got).slice(0, 12)}]`);
}

function checkThrown(thrown: unknown, pattern: RegExp): void {
  if (!thrown) throw new Error(`expected a TensorloomError matching ${pattern}, but nothing was thrown`);
  const err = thrown as Error;
  if (err.name !== 'TensorloomError') throw new Error(`expected a TensorloomError, got ${err.name}: ${err.message}`);
  if (!pattern.test(err.message)) throw new Error(`error message "${err.message}" does not match ${pattern}`);
}

/**
 * Runs `fn` and requires it to throw a TensorloomError whose message matches `pattern`.
 *
 * @example
 * expectTensorloomError(() => add(ones([2]), ones([3])), /cannot be broadcast/);
 */
export function expectTensorloomError(fn: () => unknown, pattern: RegExp): void {
  let thrown: unknown = null;
  try { fn(); } catch (e) { thrown = e; }
  checkThrown(thrown, pattern);
}

/**
 * Awaits `fn` and requires it to reject (or throw) with a TensorloomError matching `pattern`:
 * for errors that a lazy or GPU backend may report only when the result is read.
 *
 * @example
 * await expectTensorloomErrorAsync(() => gather(x, badIndices).data(), /out of range/);
 */
export async function expectTensorloomErrorAsync(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  let thrown: unknown = null;
  try { await fn(); } catch (e) { thrown = e; }
  checkThrown(thrown, pattern);
}
