/**
 * Conformance cases: softmax, logSoftmax, logsumexp and softmaxCrossEntropy with every option.
 */
import * as T from '../../index.js';
import * as R from '../reference.js';
import type { OpCase } from '../harness.js';

type CeOpts = { axis?: number; reduction?: 'none' | 'mean' | 'sum'; labelSmoothing?: number; ignoreIndex?: number | null };

const ce = (name: string, logits: number[], target: { shape: number[]; soft?: boolean; values?: number[] }, o: CeOpts, weight = false): OpCase => {
  const axis = o.axis ?? 1;
  const classes = logits[axis < 0 ? logits.length + axis : axis];
  return {
    name: `softmaxCrossEntropy ${name}`,
    inputs: [
      { shape: logits },
      target.soft
        ? { shape: target.shape, gen: 'positive' }
        : { shape: target.shape, dtype: 'int32', gen: target.values ? { values: target.values } : { int: [0, classes] } },
      ...(weight ? [{ shape: [classes], gen: 'positive' as const }] : []),
    ],
    run: ([z, t, w]) => {
      const tt = target.soft ? T.softmax(t, axis) : t; // soft targets: a distribution per position
      return T.softmaxCrossEntropy(z, tt, { ...o, weight: w });
    },
    ref: ([z, t, w]) => {
      const ax = axis < 0 ? logits.length + axis : axis;
      const tt = target.soft ? R.softmax(t, ax) : t;
      return R.crossEntropy(z, tt, {
        axis: ax, reduction: o.reduction ?? 'mean', labelSmoothing: o.labelSmoothing ?? 0, ignoreIndex: o.ignoreIndex ?? null, weight: w, soft: !!target.soft,
      });
    },
    grad: target.soft ? [0, 1] : [0],
    multiOp: !!target.soft,
  };
};

export const softmaxCases: OpCase[] = [
  ...[0, 1, -1].map((axis): OpCase => ({
    name: `softmax axis ${axis}`, inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.softmax(x, axis), ref: ([x]) => R.softmax(x, axis < 0 ? 2 : axis),
  })),
  ...[0, 1, -1].map((axis): OpCase => ({
    name: `logSoftmax axis ${axis}`, inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.logSoftmax(x, axis), ref: ([x]) => R.logSoftmax(x, axis < 0 ? 2 : axis),
  })),
  { name: 'softmax 1-D', inputs: [{ shape: [5] }], run: ([x]) => T.softmax(x), ref: ([x]) => R.softmax(x, 0) },
  { name: 'softmax size-1 axis', inputs: [{ shape: [3, 1] }], run: ([x]) => T.softmax(x, 1), ref: ([x]) => R.softmax(x, 1) },
  { name: 'logsumexp axis 1', inputs: [{ shape: [3, 4] }], run: ([x]) => T.logsumexp(x, 1), ref: ([x]) => R.logsumexp(x, [1], false) },
  { name: 'logsumexp all keepDims', inputs: [{ shape: [2, 3] }], run: ([x]) => T.logsumexp(x, undefined, true), ref: ([x]) => R.logsumexp(x, [0, 1], true) },
  { name: 'logsumexp large values', inputs: [{ shape: [2, 3], gen: { values: [1e4, 1e4 - 1, 1e4 - 3, -1e4, -1e4 + 2, -1e4] } }], run: ([x]) => T.logsumexp(x, 1), ref: ([x]) => R.logsumexp(x, [1], false) },
  ce('class targets mean', [4, 5], { shape: [4] }, {}),
  ce('class targets sum', [4, 5], { shape: [4] }, { reduction: 'sum' }),
  ce('class targets none', [4, 5], { shape: [4] }, { reduction: 'none' }),
  ce('class weights', [5, 3], { shape: [5] }, {}, true),
  ce('ignoreIndex', [5, 4], { shape: [5], values: [1, -100, 3, 0, -100] }, { ignoreIndex: -100 }),
  ce('ignoreIndex none', [4, 3], { shape: [4], values: [2, 1, 2, 0] }, { ignoreIndex: 2, reduction: 'none' }),
  ce('label smoothing', [4, 5], { shape: [4] }, { labelSmoothing: 0.1 }),
  ce('weights, smoothing and ignoreIndex', [5, 4], { shape: [5], values: [3, 0, 7, 1, 2] }, { labelSmoothing: 0.2, ignoreIndex: 7 }, true),
  ce('soft targets', [3, 4], { shape: [3, 4], soft: true }, {}),
  ce('soft targets sum with smoothing', [3, 4], { shape: [3, 4], soft: true }, { reduction: 'sum', labelSmoothing: 0.1 }),
  ce('soft targets weighted', [3, 4], { shape: [3, 4], soft: true }, { reduction: 'none' }, true),
  ce('3-D logits class axis 1', [2, 3, 4], { shape: [2, 4] }, {}),
  ce('class axis -1', [2, 3, 4], { shape: [2, 3] }, { axis: -1 }),
  ce('1-D logits', [5], { shape: [], values: [3] }, { axis: 0 }),
];
