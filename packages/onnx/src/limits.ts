/**
 * Bounds for untrusted models: the largest tensor a graph may make, the deepest nesting, and
 * the checks that every element count is backed by bytes that are really in the file.
 */
import { TensorloomError } from '@tensorloom/core';

/** The largest tensor (in elements) an imported graph may create from sizes it computes itself. */
export const DEFAULT_MAX_ELEMENTS = 1 << 26;

/** Product of dims, checked: each an integer >= 0 and the product at most `max`. */
export function checkedSize(op: string, what: string, dims: readonly number[], max: number): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new TensorloomError(op, `${what} has an invalid dimension ${d} in [${dims.join(',')}]`);
    n *= d;
    if (n > max) throw new TensorloomError(op, `${what} of shape [${dims.join(',')}] is larger than allowed (${max} elements); the file may be corrupt`);
  }
  return n;
}

/** An int64/Long field value as a JS number. */
export function longToNumber(v: number | { low: number; high: number; unsigned?: boolean } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  return v.unsigned ? (v.high >>> 0) * 4294967296 + (v.low >>> 0) : v.high * 4294967296 + (v.low >>> 0);
}
