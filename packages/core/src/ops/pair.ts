/**
 * Reading int-or-pair options (stride, padding, kernel sizes) of the 2-D window ops.
 */
import { TensorloomError } from '../errors.js';
import type { Pair } from '../primitives.js';
import { describe } from '../validate.js';

/** Reads an int-or-pair option as a pair of integers >= `min`. */
export function pairOf(op: string, name: string, v: number | readonly number[] | undefined, fallback: number, min: number): Pair {
  const p: unknown[] = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : Array.isArray(v) ? [...v] : [];
  if (p.length !== 2 || p.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < min)) {
    throw new TensorloomError(op, `${name} must be an integer >= ${min} or a pair [h, w] of them, got ${describe(v)}`);
  }
  return [p[0] as number, p[1] as number];
}
