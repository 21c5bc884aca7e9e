/**
 * Conformance cases: movement and indexing (reshape, transpose, slice, pad, concat, stack,
 * split, expand, squeeze, flip, gather, indexSelect, scatterAdd, takeAlongAxis, oneHot).
 */
import * as T from '../../index.js';
import * as R from '../reference.js';
import type { OpCase } from '../harness.js';

export const movementCases: OpCase[] = [
  { name: 'reshape with -1', inputs: [{ shape: [2, 6] }], run: ([x]) => T.reshape(x, [3, -1]), ref: ([x]) => R.reshape(x, [3, 4]) },
  { name: 'flatten from dim 1', inputs: [{ shape: [2, 3, 2] }], run: ([x]) => T.flatten(x, 1), ref: ([x]) => R.reshape(x, [2, 6]) },
  { name: 'transpose matrix', inputs: [{ shape: [2, 3] }], run: ([x]) => T.transpose(x), ref: ([x]) => R.transpose(x, [1, 0]) },
  { name: 'permute 3-D', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.permute(x, [2, 0, 1]), ref: ([x]) => R.transpose(x, [2, 0, 1]) },
  { name: 'transpose two dims', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => T.transpose(x, 0, 2), ref: ([x]) => R.transpose(x, [2, 1, 0]) },
  { name: 'slice', inputs: [{ shape: [4, 5] }], run: ([x]) => T.slice(x, [1, 2], [2, -1]), ref: ([x]) => R.slice(x, [1, 2], [2, 3]) },
  { name: 'slice negative begin', inputs: [{ shape: [4, 5] }], run: ([x]) => T.slice(x, [-2, 0], [2, 3]), ref: ([x]) => R.slice(x, [2, 0], [2, 3]) },
  { name: 'narrow', inputs: [{ shape: [3, 6] }], run: ([x]) => T.narrow(x, 1, 2, 3), ref: ([x]) => R.slice(x, [0, 2], [3, 3]) },
  { name: 'pad with a value', inputs: [{ shape: [2, 3] }], run: ([x]) => T.pad(x, [[1, 0], [2, 1]], -1.5), ref: ([x]) => R.pad(x, [[1, 0], [2, 1]], -1.5) },
  { name: 'concat three along axis 1', inputs: [{ shape: [2, 1] }, { shape: [2, 3] }, { shape: [2, 2] }], run: (xs) => T.concat(xs, 1), ref: (xs) => R.concat(xs, 1) },
  { name: 'concat with an empty tensor', inputs: [{ shape: [0, 3] }, { shape: [2, 3] }], run: (xs) => T.concat(xs, 0), ref: (xs) => R.concat(xs, 0) },
  { name: 'stack axis 1', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], run: (xs) => T.stack(xs, 1), ref: ([a, b]) => R.concat([R.reshape(a, [2, 1, 3]), R.reshape(b, [2, 1, 3])], 1) },
  {
    name: 'split sizes', multiOp: true, inputs: [{ shape: [2, 5] }],
    run: ([x]) => { const [a, b] = T.split(x, [2, 3], 1); return T.concat([b, a], 1); },
    ref: ([x]) => R.concat([R.slice(x, [0, 2], [2, 3]), R.slice(x, [0, 0], [2, 2])], 1),
  },
  { name: 'expand', inputs: [{ shape: [3, 1] }], run: ([x]) => T.expand(x, [2, 3, 4]), ref: ([x]) => R.expand(x, [2, 3, 4]) },
  { name: 'squeeze and unsqueeze', multiOp: true, inputs: [{ shape: [1, 3, 1] }], run: ([x]) => T.unsqueeze(T.squeeze(x), 0), ref: ([x]) => R.reshape(x, [1, 3]) },
  { name: 'flip two axes', inputs: [{ shape: [2, 3] }], run: ([x]) => T.flip(x, [0, 1]), ref: ([x]) => ({ shape: x.shape, data: Float64Array.from(x.data).reverse() }) },
  { name: 'gather axis 0', inputs: [{ shape: [5, 3] }, { shape: [4], dtype: 'int32', gen: { values: [4, 0, 0, 2] } }], run: ([x, i]) => T.gather(x, i, 0), ref: ([x, i]) => R.gather(x, i, 0) },
  { name: 'gather axis 1 with 2-D indices', inputs: [{ shape: [2, 4, 3] }, { shape: [2, 2], dtype: 'int32', gen: { values: [3, 1, 1, 0] } }], run: ([x, i]) => T.gather(x, i, 1), ref: ([x, i]) => R.gather(x, i, 1) },
  { name: 'indexSelect', inputs: [{ shape: [3, 4] }, { shape: [3], dtype: 'int32', gen: { values: [3, 3, 0] } }], run: ([x, i]) => T.indexSelect(x, 1, i), ref: ([x, i]) => R.gather(x, i, 1) },
  {
    name: 'scatterAdd with repeated indices', inputs: [{ shape: [4, 2] }, { shape: [5], dtype: 'int32', gen: { values: [1, 3, 1, 0, 1] } }, { shape: [5, 2] }],
    run: ([x, i, u]) => T.scatterAdd(x, i, u, 0), ref: ([x, i, u]) => R.scatterAdd(x, i, u, 0),
  },
  {
    name: 'takeAlongAxis', inputs: [{ shape: [3, 4] }, { shape: [3, 1], dtype: 'int32', gen: { values: [2, 0, 3] } }],
    run: ([x, i]) => T.takeAlongAxis(x, i, 1), ref: ([x]) => R.ref([3, 1], [x.data[2], x.data[4], x.data[11]]),
  },
  {
    name: 'oneHot', inputs: [{ shape: [3], dtype: 'int32', gen: { values: [2, 0, 1] } }],
    run: ([i]) => T.oneHot(i, 4), ref: () => R.ref([3, 4], [0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0]),
  },
];
