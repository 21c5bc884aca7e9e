/**
 * Conformance cases: matmul (1-D, batched, broadcast), conv2d and pooling.
 */
import * as T from '../../index.js';
import * as R from '../reference.js';
import type { OpCase } from '../harness.js';

const mm = (name: string, a: number[], b: number[]): OpCase => ({
  name: `matmul ${name}`, inputs: [{ shape: a }, { shape: b }], run: ([x, y]) => T.matmul(x, y), ref: ([x, y]) => R.matmul(x, y),
});

type Conv = { stride?: [number, number]; padding?: [number, number]; dilation?: [number, number]; groups?: number };
const conv = (name: string, x: number[], w: number[], o: Conv, bias = false): OpCase => ({
  name: `conv2d ${name}`,
  inputs: [{ shape: x }, { shape: w }, ...(bias ? [{ shape: [w[0]] }] : [])],
  run: ([a, k, b]) => T.conv2d(a, k, b ?? null, o),
  ref: ([a, k, b]) => R.conv2d(a, k, b ?? null, { stride: o.stride ?? [1, 1], padding: o.padding ?? [0, 0], dilation: o.dilation ?? [1, 1], groups: o.groups ?? 1 }),
  gradRtol: 2e-3,
});

export const linalgCases: OpCase[] = [
  mm('2-D', [3, 4], [4, 5]),
  mm('vector @ matrix', [4], [4, 3]),
  mm('matrix @ vector', [3, 4], [4]),
  mm('vector @ vector', [5], [5]),
  mm('batched', [2, 3, 4], [2, 4, 2]),
  mm('broadcast batch', [2, 1, 3, 4], [3, 4, 2]),
  mm('batched @ matrix', [2, 3, 4], [4, 5]),
  mm('matrix @ batched', [3, 4], [2, 4, 5]),
  mm('empty rows', [0, 3], [3, 2]),
  {
    name: 'matmul int32', inputs: [{ shape: [2, 3], dtype: 'int32', gen: { int: [-4, 4] } }, { shape: [3, 2], dtype: 'int32', gen: { int: [-4, 4] } }],
    run: ([a, b]) => T.matmul(a, b), ref: ([a, b]) => R.matmul(a, b), dtype: 'int32',
  },
  conv('3x3', [2, 3, 5, 5], [4, 3, 3, 3], {}, true),
  conv('stride 2 padding 1', [1, 2, 6, 5], [3, 2, 3, 3], { stride: [2, 2], padding: [1, 1] }),
  conv('dilation 2', [1, 2, 7, 7], [2, 2, 3, 3], { dilation: [2, 2] }, true),
  conv('groups 2', [1, 4, 5, 5], [6, 2, 3, 3], { groups: 2, padding: [1, 1] }),
  conv('depthwise', [2, 3, 4, 4], [3, 1, 3, 3], { groups: 3, padding: [1, 1] }),
  conv('non-square', [1, 2, 6, 7], [2, 2, 2, 3], { stride: [1, 2], padding: [0, 1] }),
  conv('1x1', [2, 3, 3, 3], [5, 3, 1, 1], {}),
  {
    name: 'maxPool2d 2x2', inputs: [{ shape: [2, 2, 4, 6], gen: 'distinct' }],
    run: ([x]) => T.maxPool2d(x, 2), ref: ([x]) => R.pool2d(x, { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }, 'max'),
  },
  {
    name: 'maxPool2d 3x3 stride 2 padding 1', inputs: [{ shape: [1, 2, 5, 5], gen: 'distinct' }],
    run: ([x]) => T.maxPool2d(x, 3, { stride: 2, padding: 1 }), ref: ([x]) => R.pool2d(x, { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, 'max'),
  },
  {
    name: 'avgPool2d 2x2', inputs: [{ shape: [2, 2, 4, 4] }],
    run: ([x]) => T.avgPool2d(x, 2), ref: ([x]) => R.pool2d(x, { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }, 'avg'),
  },
  {
    name: 'avgPool2d padding counts padding', inputs: [{ shape: [1, 2, 5, 5] }],
    run: ([x]) => T.avgPool2d(x, 3, { stride: 2, padding: 1 }), ref: ([x]) => R.pool2d(x, { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, 'avg', true),
  },
  {
    name: 'avgPool2d padding excluded', inputs: [{ shape: [1, 2, 5, 5] }],
    run: ([x]) => T.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), ref: ([x]) => R.pool2d(x, { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, 'avg', false),
  },
];
