/**
 * Reduction iteration: a reduction over sorted `axes` is broadcasting run backwards. The
 * input is walked once in memory order; each contiguous run of it either folds into one
 * output element (the run lies along reduced dims, `step` 0) or adds elementwise into a row
 * of outputs (`step` 1). Reducing the last axis, the first axis or everything are each a
 * few long runs.
 */
import { broadcastPlan, forEachRun, innerStride } from './broadcast.js';

/** x's shape with the reduced axes set to 1 (the keepDims output shape). */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * Calls `visit(inOff, outOff, n)` for each contiguous run of the input; `step` tells whether
 * the run maps to one output (0) or to n consecutive outputs (1).
 */
export function forEachReduceRun(
  shape: readonly number[], axes: readonly number[],
  visit: (inOff: number, outOff: number, n: number, step: number) => void,
): void {
  const plan = broadcastPlan([keptShape(shape, axes)], shape);
  const step = innerStride(plan, 0);
  forEachRun(plan, (inOff, offs, n) => visit(inOff, offs[0], n, step));
}
