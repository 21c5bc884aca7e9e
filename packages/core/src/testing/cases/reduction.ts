/**
 * Conformance cases: reductions (sum, mean, max, min, argmax, argmin, var, std) with axes
 * and keepDims.
 */
import * as T from '../../index.js';
import * as R from '../reference.js';
import type { OpCase } from '../harness.js';

/** Index of the best entry along `axis` (first one on ties). */
const argRef = (x: R.Ref, axis: number, better: (a: number, b: number) => boolean): R.Ref => {
  const lanes = R.alongAxis(x, axis, (lane) => {
    let best = 0;
    lane.forEach((v, j) => { if (better(v, lane[best])) best = j; });
    return lane.map(() => best);
  });
  const first = R.slice(lanes, x.shape.map(() => 0), x.shape.map((d, i) => (i === axis ? 1 : d)));
  return { shape: x.shape.filter((_, i) => i !== axis), data: first.data };
};

function varianceRef(x: R.Ref, axes: number[], correction: number, keepDims: boolean): R.Ref {
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  const mean = R.zip((s) => s / count, R.sum(x, axes, true));
  const sq = R.zip((v, m) => (v - m) ** 2, x, mean);
  return R.zip((s) => s / (count - correction), R.sum(sq, axes, keepDims));
}

export const reductionCases: OpCase[] = [
  { name: 'sum all', inputs: [{ shape: [3, 4] }], run: ([x]) => T.sum(x), ref: ([x]) => R.sum(x, [0, 1]) },
  { name: 'sum axis 0', inputs: [{ shape: [3, 4] }], run: ([x]) => T.sum(x, 0), ref: ([x]) => R.sum(x, [0]) },
  { name: 'sum axes [0,2] keepDims', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.sum(x, [0, 2], true), ref: ([x]) => R.sum(x, [0, 2], true) },
  { name: 'sum negative axis', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.sum(x, -1), ref: ([x]) => R.sum(x, [2]) },
  { name: 'sum long row keeps precision', inputs: [{ shape: [1, 4096], gen: 'positive' }], run: ([x]) => T.sum(x, 1), ref: ([x]) => R.sum(x, [1]), rtol: 2e-6, grad: [] },
  { name: 'sum int32', inputs: [{ shape: [3, 4], dtype: 'int32' }], run: ([x]) => T.sum(x, 1), ref: ([x]) => R.sum(x, [1]), dtype: 'int32' },
  { name: 'sum bool counts', inputs: [{ shape: [3, 4], dtype: 'bool' }], run: ([x]) => T.sum(x), ref: ([x]) => R.sum(x, [0, 1]), dtype: 'int32' },
  { name: 'mean axis 1', inputs: [{ shape: [3, 4] }], run: ([x]) => T.mean(x, 1), ref: ([x]) => R.zip((s) => s / 4, R.sum(x, [1])) },
  { name: 'max axis 1', inputs: [{ shape: [3, 4], gen: 'distinct' }], run: ([x]) => T.max(x, 1), ref: ([x]) => R.max(x, [1]) },
  { name: 'max all keepDims', inputs: [{ shape: [2, 3], gen: 'distinct' }], run: ([x]) => T.max(x, undefined, true), ref: ([x]) => R.max(x, [0, 1], true) },
  { name: 'max ties share the gradient', inputs: [{ shape: [2, 3], gen: { values: [1, 3, 3, 2, 2, 0] } }], run: ([x]) => T.max(x, 1), ref: ([x]) => R.max(x, [1]), grad: [] },
  { name: 'min axis 0', inputs: [{ shape: [3, 4], gen: 'distinct' }], run: ([x]) => T.min(x, 0), ref: ([x]) => R.zip((v) => -v, R.max(R.zip((v) => -v, x), [0])) },
  { name: 'argmax axis 1', inputs: [{ shape: [3, 4], gen: 'distinct' }], run: ([x]) => T.argmax(x, 1), ref: ([x]) => argRef(x, 1, (a, b) => a > b), dtype: 'int32' },
  { name: 'argmax ties pick the first', inputs: [{ shape: [2, 3], gen: { values: [1, 5, 5, 2, 2, 2] } }], run: ([x]) => T.argmax(x, 1), ref: () => R.ref([2], [1, 0]), dtype: 'int32' },
  { name: 'argmin axis 0', inputs: [{ shape: [3, 4], gen: 'distinct' }], run: ([x]) => T.argmin(x, 0), ref: ([x]) => argRef(x, 0, (a, b) => a < b), dtype: 'int32' },
  { name: 'argmax flattened', inputs: [{ shape: [3, 4], gen: 'distinct' }], run: ([x]) => T.argmax(x), ref: ([x]) => argRef(R.reshape(x, [12]), 0, (a, b) => a > b), dtype: 'int32' },
  { name: 'var unbiased', inputs: [{ shape: [3, 5] }], run: ([x]) => T.variance(x, 1), ref: ([x]) => varianceRef(x, [1], 1, false) },
  { name: 'var population keepDims', inputs: [{ shape: [3, 5] }], run: ([x]) => T.variance(x, 0, { correction: 0, keepDims: true }), ref: ([x]) => varianceRef(x, [0], 0, true) },
  { name: 'std', inputs: [{ shape: [2, 6] }], run: ([x]) => T.std(x, 1), ref: ([x]) => R.zip(Math.sqrt, varianceRef(x, [1], 1, false)) },
];
