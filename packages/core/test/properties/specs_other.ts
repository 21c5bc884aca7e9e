/**
 * Property specs of the window ops (conv2d, pooling), cross-entropy, creation, copies, casts
 * and the random functions.
 */
import fc from 'fast-check';
import * as C from '@tensorloom/core';
import { reference as R } from '@tensorloom/core/testing';
import { TSpec, indicesOf, shapeOf, tspec, tspecOf } from './arbitraries.js';
import { toRef, type Spec } from './spec.js';

type Fn = Spec['call'];
const f = (g: unknown): Fn => g as Fn;
const image = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }));

const conv2d: Spec = {
  op: 'conv2d', call: f(C.conv2d), kinds: ['tensor', 'tensor', 'bias', 'options'],
  valid: image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), tspecOf([2, c, 2, 2]), tspecOf([2]), fc.constantFrom({}, { padding: 1 }, { stride: [1, 2] }))),
  bad: [
    image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), tspecOf([2, c + 1, 2, 2]))),
    image.chain(([, c, h, w]) => fc.tuple(tspecOf([c, h, w]), tspecOf([2, c, 2, 2]))),
    image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), tspecOf([2, c, h + 3, 2]))),
    image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), tspecOf([2, c, 2, 2]), tspecOf([3]))),
    image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), tspecOf([2, c, 2, 2]), fc.constant(null), fc.constantFrom({ stride: 0 }, { groups: 0 }, { groups: 1.5 }, { dilation: 'x' }, { padding: -1 }))),
    image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w], 'int32'), tspecOf([2, c, 2, 2]))),
  ],
  ref: ([x, w, b, o]) => {
    const p = (v: unknown, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v as [number, number]);
    const opts = o as { stride?: number; padding?: number };
    return R.conv2d(toRef(x), toRef(w), toRef(b), { stride: p(opts.stride, 1), padding: p(opts.padding, 0), dilation: [1, 1], groups: 1 });
  },
};

function poolSpec(op: 'maxPool2d' | 'avgPool2d'): Spec {
  return {
    op, call: f(C[op]), kinds: ['tensor', 'pair', 'options'],
    valid: image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), fc.constant(2), fc.constantFrom({}, { stride: 1 }))),
    bad: [
      image.chain(([, c, h, w]) => fc.tuple(tspecOf([c, h, w]), fc.constant(2))),
      image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), fc.constant(h + w + 3))),
      image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w]), fc.constant(2), fc.constantFrom({ stride: 0 }, { padding: 2 }, { padding: 'x' }, { stride: null }))),
      image.chain(([n, c, h, w]) => fc.tuple(tspecOf([n, c, h, w], 'int32'), fc.constant(2))),
    ],
    ref: ([x, k, o]) => {
      const s = (o as { stride?: number }).stride ?? (k as number);
      return R.pool2d(toRef(x), { kernel: [k as number, k as number], stride: [s, s], padding: [0, 0] }, op === 'maxPool2d' ? 'max' : 'avg');
    },
  };
}

const crossEntropy: Spec = {
  op: 'softmaxCrossEntropy', call: f(C.softmaxCrossEntropy), kinds: ['tensor', 'tensor', 'options'],
  valid: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) => fc.tuple(
    tspecOf([n, c]), indicesOf([n], c), fc.constantFrom({}, { reduction: 'sum' as const }, { labelSmoothing: 0.25 }))),
  bad: [
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) => fc.tuple(tspecOf([n, c]), indicesOf([n + 1], c))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) => fc.tuple(tspecOf([n, c]), tspecOf([n], 'bool'))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) => fc.tuple(tspecOf([n, c], 'int32'), indicesOf([n], c))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) => fc.tuple(tspecOf([n, c]), indicesOf([n], c),
      fc.constantFrom({ reduction: 'avg' }, { labelSmoothing: 2 }, { labelSmoothing: 'x' }, { axis: 5 }, { ignoreIndex: 'x' }, { weight: 3 }))),
  ],
  ref: ([z, t, o]) => {
    const opts = o as { reduction?: 'none' | 'mean' | 'sum'; labelSmoothing?: number };
    return R.crossEntropy(toRef(z), toRef(t), { axis: 1, reduction: opts.reduction ?? 'mean', labelSmoothing: opts.labelSmoothing ?? 0, ignoreIndex: -100, soft: false });
  },
};

const fullSpec = (op: 'full' | 'zeros' | 'ones'): Spec => ({
  op, call: f(C[op]), kinds: op === 'full' ? ['intList', 'fillValue', 'options'] : ['intList', 'options'],
  valid: fc.tuple(shapeOf(0, 3), fc.integer({ min: -8, max: 8 })).map(([s, v]) => (op === 'full' ? [s, v / 4] : [s])),
  bad: [
    shapeOf(0, 2).map((s) => (op === 'full' ? [[...s, -1], 1] : [[...s, -1]])),
    fc.constant(op === 'full' ? [[1e6, 1e6], 0] : [[1e6, 1e6]]),
    fc.constantFrom({ dtype: 'float64' }, { requiresGrad: 'yes' }, { backend: 3 }, { dtype: 'int32', requiresGrad: true }).map((o) => (op === 'full' ? [[2], 1, o] : [[2], o])),
    ...(op === 'full' ? [fc.constantFrom(3e9, 2 ** 32 + 5, NaN, Infinity, -Infinity).map((v) => [[1], v, { dtype: 'int32' }])] : []),
  ],
  ref: ([s, v]) => { const n = C.sizeOf(s as number[]); return R.ref(s as number[], new Array(n).fill(op === 'full' ? v : op === 'ones' ? 1 : 0)); },
});

const tensorSpec: Spec = {
  op: 'tensor', call: f(C.tensor), kinds: ['free', 'options'],
  valid: tspec().map((t) => [t.values, { shape: t.shape }]),
  bad: [
    fc.constantFrom([[3e9], { dtype: 'int32' }], [[NaN, Infinity], { dtype: 'int32' }], [[-(2 ** 31) - 1], { dtype: 'int32' }], [[1, 'a']], [[[1, 2], [3]]],
      [[1, 2, 3], { shape: [2, 2] }], [[1], { shape: [-1] }], [[1], { dtype: 'float64' }], [undefined], [null], ['1'], [{}], [[1], { requiresGrad: 1 }], [[1], { dtype: 'bool', requiresGrad: true }]),
  ],
  ref: ([v, o]) => R.ref((o as { shape: number[] }).shape, v as number[]),
};

const arange: Spec = {
  op: 'arange', call: f(C.arange), kinds: ['number', 'numberOpt', 'numberOpt', 'options'],
  valid: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(1, 2, 0.5)).map(([a, n, s]) => [a, a + n, s]),
  bad: [fc.constantFrom([0, Infinity], [0, NaN], [0, 1, 0], [0, 1e12], [0, 4e9, 1e9, { dtype: 'int32' }], [5, undefined, 1, { dtype: 'int64' }])],
  ref: ([a, b, s]) => { const out: number[] = []; for (let v = a as number; v < (b as number); v += s as number) out.push(v); return R.ref([out.length], out); },
};

const linspace: Spec = {
  op: 'linspace', call: f(C.linspace), kinds: ['number', 'number', 'natOpt', 'options'],
  valid: fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 }), fc.integer({ min: 2, max: 5 })),
  bad: [fc.constantFrom([0, 1, 2 ** 40], [0, Infinity, 3], [NaN, 1, 3])],
  ref: ([a, b, n]) => R.ref([n as number], Array.from({ length: n as number }, (_, i) => (a as number) + (i * ((b as number) - (a as number))) / ((n as number) - 1))),
};

const eye: Spec = {
  op: 'eye', call: f(C.eye), kinds: ['int', 'natOpt', 'options'],
  valid: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })),
  bad: [fc.constantFrom([-1], [2, -1], [1e5, 1e5], [1.5])],
  ref: ([n, m]) => R.ref([n as number, m as number], Array.from({ length: (n as number) * (m as number) }, (_, i) => +(Math.floor(i / (m as number)) === i % (m as number)))),
};

const likeSpec = (op: 'zerosLike' | 'onesLike' | 'fullLike'): Spec => ({
  op, call: f(C[op]), kinds: op === 'fullLike' ? ['tensor', 'fillValue', 'dtypeOpt'] : ['tensor', 'dtypeOpt'],
  valid: tspec().map((t) => (op === 'fullLike' ? [t, 0.5] : [t])),
  bad: op === 'fullLike' ? [tspec().map((t) => [t, NaN, 'int32']), tspec().map((t) => [t, 3e9, 'int32'])] : [],
  ref: ([x]) => R.ref((x as TSpec).shape, new Array(C.sizeOf((x as TSpec).shape)).fill(op === 'zerosLike' ? 0 : op === 'onesLike' ? 1 : 0.5)),
});

const copySpec = (op: 'detach' | 'clone'): Spec => ({ op, call: f(C[op]), kinds: ['tensor'], valid: tspec().map((t) => [t]), ref: ([x]) => toRef(x) });

const scalar: Spec = {
  op: 'scalar', call: f(C.scalar), kinds: ['fillValue', 'options'],
  valid: fc.integer({ min: -8, max: 8 }).map((v) => [v / 4]),
  bad: [fc.constantFrom([NaN, { dtype: 'int32' }], [2 ** 31, { dtype: 'int32' }], [1, { dtype: 'float16' }])],
  ref: ([v]) => R.ref([], [v as number]),
};

const cast: Spec = {
  op: 'cast', call: f(C.cast), kinds: ['tensor', 'dtype'],
  valid: tspec().map((t) => [t, 'int32']),
  ref: ([x]) => R.zip(Math.trunc, toRef(x)),
};

const logicalNot: Spec = { op: 'logicalNot', call: f(C.logicalNot), kinds: ['tensor'], valid: tspec({ dtype: 'bool' }).map((t) => [t]), ref: ([x]) => R.zip((v) => +(v === 0), toRef(x)) };

const randomSpec = (op: 'rand' | 'randn'): Spec => ({
  op, call: f(C[op]), kinds: ['intList', 'options'], valid: shapeOf(0, 3).map((s) => [s]),
  bad: [fc.constantFrom([[2], { dtype: 'int32' }], [[1e6, 1e6]], [[2], op === 'rand' ? { low: 1, high: 0 } : { std: -1 }], [[2], op === 'rand' ? { low: 'a' } : { mean: NaN }])],
});

const randint: Spec = {
  op: 'randint', call: f(C.randint), kinds: ['int', 'int', 'intList', 'options'],
  valid: fc.tuple(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 1, max: 5 }), shapeOf(0, 2)),
  bad: [fc.constantFrom([3, 1, [2]], [0, 1, [2], { dtype: 'float32' }], [0, 2 ** 40, [2]])],
};

export const OTHER_SPECS: Spec[] = [
  conv2d, poolSpec('maxPool2d'), poolSpec('avgPool2d'), crossEntropy, fullSpec('full'), fullSpec('zeros'), fullSpec('ones'), tensorSpec,
  arange, linspace, eye, likeSpec('zerosLike'), likeSpec('onesLike'), likeSpec('fullLike'), copySpec('detach'), copySpec('clone'), scalar, cast,
  logicalNot, randomSpec('rand'), randomSpec('randn'), randint,
];
