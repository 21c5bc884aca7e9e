/**
 * Property specs of reductions, movement ops, indexing and matmul.
 */
import fc from 'fast-check';
import * as C from '@tensorloom/core';
import { reference as R } from '@tensorloom/core/testing';
import { TSpec, indicesOf, shapeOf, tspec, tspecOf } from './arbitraries.js';
import { toRef, type Ref, type Spec } from './spec.js';

type Fn = Spec['call'];
const f = (g: unknown): Fn => g as Fn;
const norm = (a: number, r: number): number => (a < 0 ? a + Math.max(r, 1) : a);
const withAxis = (minRank = 1, extra = 0) => tspec({ minRank }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: -(t.shape.length + extra), max: t.shape.length + extra - 1 })));

function reduceSpec(op: 'sum' | 'mean' | 'max' | 'min'): Spec {
  const refOf = (x: Ref, axes: number[], k: boolean): Ref => {
    if (op === 'sum') return R.sum(x, axes, k);
    if (op === 'max') return R.max(x, axes, k);
    if (op === 'min') { const m = R.max(R.zip((v) => -v, x), axes, k); return R.zip((v) => -v, m); }
    const n = axes.reduce((p, a) => p * x.shape[a], 1);
    return R.zip((v) => v / n, R.sum(x, axes, k));
  };
  return {
    op, call: f(C[op]), kinds: ['tensor', 'axes', 'bool'],
    valid: fc.oneof(
      withAxis().chain(([t, a]) => fc.tuple(fc.constant(t), fc.constant(a), fc.boolean())),
      tspec().map((t) => [t]),
    ),
    bad: [withAxis().map(([t]) => [t, t.shape.length]), withAxis().map(([t, a]) => [t, [a, a]])],
    ref: ([x, a, k]) => { const r = toRef(x); return refOf(r, a === undefined ? r.shape.map((_, i) => i) : [norm(a as number, r.shape.length)], (k as boolean) ?? false); },
  };
}

function argSpec(op: 'argmax' | 'argmin'): Spec {
  return {
    op, call: f(C[op]), kinds: ['tensor', 'axis', 'bool'],
    valid: withAxis().map(([t, a]) => [t, a]),
    bad: [withAxis().map(([t]) => [t, [0]]), tspec({ minRank: 1 }).map((t) => [t, 1.5])],
    ref: ([x, a]) => {
      const ax = norm(a as number, (x as TSpec).shape.length);
      const r = R.alongAxis(toRef(x), ax, (lane) => {
        let best = 0;
        for (let i = 1; i < lane.length; i++) if (op === 'argmax' ? lane[i] > lane[best] : lane[i] < lane[best]) best = i;
        return lane.map(() => best);
      });
      const first = R.slice(r, r.shape.map(() => 0), r.shape.map((d, i) => (i === ax ? 1 : d)));
      return R.reshape(first, r.shape.filter((_, i) => i !== ax));
    },
  };
}

const variance: Spec = {
  op: 'variance', call: f(C.variance), kinds: ['tensor', 'axes', 'options'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t.shape.length - 1 }), fc.constantFrom({ correction: 0 }, { correction: 1, keepDims: true }))),
  bad: [tspec({ minRank: 1 }).map((t) => [t, 0, { correction: 'x' }]), tspec({ minRank: 1 }).map((t) => [t, 0, { keepDims: 1 }])],
  ref: ([x, a, o]) => {
    const r = toRef(x); const ax = a as number; const { correction, keepDims = false } = o as { correction: number; keepDims?: boolean };
    const n = r.shape[ax];
    const m = R.zip((v) => v / n, R.sum(r, [ax], true));
    const sq = R.sum(R.zip((v, mu) => (v - mu) ** 2, r, m), [ax], keepDims);
    return R.zip((v) => v / Math.max(n - correction, 0), sq);
  },
};

const std: Spec = {
  ...variance, op: 'std', call: f(C.std),
  ref: (args) => R.zip(Math.sqrt, variance.ref!(args)),
};

const reshape: Spec = {
  op: 'reshape', call: f(C.reshape), kinds: ['tensor', 'intList'],
  valid: tspec({ minRank: 1 }).map((t) => [t, [-1]]),
  bad: [tspec({ minRank: 1 }).map((t) => [t, [C.sizeOf(t.shape) + 1]]), tspec().map((t) => [t, [-1, -1]]), tspec().map((t) => [t, [-2]])],
  ref: ([x]) => R.reshape(toRef(x), [C.sizeOf((x as TSpec).shape)]),
};

const transpose: Spec = {
  op: 'transpose', call: f(C.transpose), kinds: ['tensor', 'free', 'free'],
  valid: tspec({ minRank: 2 }).map((t) => [t, 0, 1]),
  bad: [tspec({ minRank: 1 }).map((t) => [t, t.shape.length, 0]), tspec({ minRank: 2 }).map((t) => [t, '0', 1]), tspec({ minRank: 2 }).map((t) => [t, [0, 0]])],
  ref: ([x]) => { const r = toRef(x); const p = r.shape.map((_, i) => i); [p[0], p[1]] = [p[1], p[0]]; return R.transpose(r, p); },
};

const permute: Spec = {
  op: 'permute', call: f(C.permute), kinds: ['tensor', 'intList'],
  valid: tspec({ minRank: 1 }).map((t) => [t, t.shape.map((_, i) => t.shape.length - 1 - i)]),
  bad: [tspec({ minRank: 2 }).map((t) => [t, t.shape.map(() => 0)]), tspec({ minRank: 1 }).map((t) => [t, [...t.shape.map((_, i) => i), 0]])],
  ref: ([x, p]) => R.transpose(toRef(x), p as number[]),
};

const slice: Spec = {
  op: 'slice', call: f(C.slice), kinds: ['tensor', 'intList', 'intListOpt'],
  valid: tspec({ minRank: 1 }).map((t) => [t, t.shape.map(() => 0), t.shape.map(() => 1)]),
  bad: [tspec({ minRank: 1 }).map((t) => [t, t.shape.map((d) => d + 1)]), tspec({ minRank: 1 }).map((t) => [t, t.shape.map(() => 0), t.shape.map((d) => d + 1)]),
    tspec({ minRank: 1 }).map((t) => [t, [...t.shape, 0]])],
  ref: ([x]) => R.slice(toRef(x), (x as TSpec).shape.map(() => 0), (x as TSpec).shape.map(() => 1)),
};

const narrow: Spec = {
  op: 'narrow', call: f(C.narrow), kinds: ['tensor', 'axis', 'int', 'int'],
  valid: tspec({ minRank: 1 }).map((t) => [t, 0, 0, 1]),
  bad: [tspec({ minRank: 1 }).map((t) => [t, 0, 0, t.shape[0] + 1]), tspec({ minRank: 1 }).map((t) => [t, 0, -1, -1]), tspec({ minRank: 0, maxRank: 0 }).map((t) => [t, 0, 0, 1])],
  ref: ([x]) => R.slice(toRef(x), (x as TSpec).shape.map(() => 0), (x as TSpec).shape.map((d, i) => (i === 0 ? 1 : d))),
};

const pad: Spec = {
  op: 'pad', call: f(C.pad), kinds: ['tensor', 'pads', 'anyNumber'],
  valid: tspec({ minRank: 1 }).map((t) => [t, t.shape.map((_, i) => [i % 2, 1]), 0.5]),
  bad: [tspec({ maxRank: 1 }).map((t) => [t, [[0, 0], [0, 0]]]), tspec({ minRank: 1 }).map((t) => [t, [[0, 0]], 'x'])],
  ref: ([x, p, v]) => R.pad(toRef(x), (x as TSpec).shape.map((_, i) => (p as Array<[number, number]>)[i]), v as number),
};

const concat: Spec = {
  op: 'concat', call: f(C.concat), kinds: ['tensorList', 'axis'],
  valid: shapeOf(1, 3).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf(s)), fc.integer({ min: 0, max: s.length - 1 }))),
  bad: [shapeOf(1, 3).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf([...s, 2])))), shapeOf(1, 3).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf(s, 'int32')))),
    shapeOf(1, 3).chain((s) => fc.tuple(fc.tuple(tspecOf(s)), fc.constant(s.length)))],
  ref: ([ts, a]) => R.concat((ts as TSpec[]).map(toRef), a as number),
};

const stack: Spec = {
  op: 'stack', call: f(C.stack), kinds: ['tensorList', 'axis'],
  valid: shapeOf(0, 2).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf(s)), fc.integer({ min: 0, max: s.length }))),
  bad: [shapeOf(1, 2).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf([...s, 2])))), shapeOf(1, 2).chain((s) => fc.tuple(fc.tuple(tspecOf(s), tspecOf(s, 'bool'))))],
  ref: ([ts, a]) => { const rs = (ts as TSpec[]).map(toRef).map((r) => { const sh = [...r.shape]; sh.splice(a as number, 0, 1); return R.reshape(r, sh); }); return R.concat(rs, a as number); },
};

const expandLike = (op: 'expand' | 'broadcastTo'): Spec => ({
  op, call: f(C[op]), kinds: ['tensor', 'intList'],
  valid: tspec({ maxDim: 1 }).map((t) => [t, [2, ...t.shape.map(() => 3)]]),
  bad: [tspec({ minRank: 1, maxDim: 3 }).filter((t) => t.shape.some((d) => d > 1)).map((t) => [t, t.shape.map((d) => (d > 1 ? d + 1 : d))]),
    tspec({ minRank: 1 }).map((t) => [t, []])],
  ref: ([x, s]) => R.expand(toRef(x), s as number[]),
});

const squeeze: Spec = {
  op: 'squeeze', call: f(C.squeeze), kinds: ['tensor', 'axes'],
  valid: tspec({ maxRank: 2 }).map((t) => [new TSpec([...t.shape, 1], t.dtype, t.values), t.shape.length]),
  bad: [tspec({ minRank: 1 }).filter((t) => t.shape[0] > 1).map((t) => [t, 0])],
  ref: ([x, a]) => R.reshape(toRef(x), (x as TSpec).shape.filter((_, i) => i !== a)),
};

const unsqueeze: Spec = {
  op: 'unsqueeze', call: f(C.unsqueeze), kinds: ['tensor', 'axis'],
  valid: withAxis(0, 1),
  bad: [tspec().map((t) => [t, t.shape.length + 1])],
  ref: ([x, a]) => { const s = [...(x as TSpec).shape]; s.splice(norm(a as number, s.length + 1), 0, 1); return R.reshape(toRef(x), s); },
};

const flatten: Spec = {
  op: 'flatten', call: f(C.flatten), kinds: ['tensor', 'free', 'free'],
  valid: tspec({ minRank: 1 }).map((t) => [t, 0, -1]),
  bad: [tspec({ minRank: 2 }).map((t) => [t, 1, 0]), tspec({ minRank: 1 }).map((t) => [t, 'a']), tspec({ minRank: 1 }).map((t) => [t, 0, 9])],
  ref: ([x]) => R.reshape(toRef(x), [C.sizeOf((x as TSpec).shape)]),
};

const flip: Spec = {
  op: 'flip', call: f(C.flip), kinds: ['tensor', 'axes'],
  valid: withAxis(),
  bad: [tspec().map((t) => [t]), tspec({ minRank: 1 }).map((t) => [t, [0, 0]])],
  ref: ([x, a]) => R.alongAxis(toRef(x), norm(a as number, (x as TSpec).shape.length), (lane) => [...lane].reverse()),
};

const split: Spec = {
  op: 'split', call: f(C.split), kinds: ['tensor', 'splitSizes', 'axis'],
  valid: tspec({ minRank: 1 }).map((t) => [t, 1, 0]),
  bad: [tspec({ minRank: 1 }).map((t) => [t, [t.shape[0] + 1], 0]), tspec({ minRank: 0, maxRank: 0 }).map((t) => [t, 1])],
};

const gather: Spec = {
  op: 'gather', call: f(C.gather), kinds: ['tensor', 'tensor', 'axis'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), shapeOf(0, 2).chain((s) => indicesOf(s, t.shape[0])), fc.constant(0))),
  bad: [tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), tspecOf([2], 'float32'))),
    tspec({ minRank: 1 }).map((t) => [t, new TSpec([1], 'int32', [t.shape[0]])]),
    tspec({ minRank: 1 }).map((t) => [t, new TSpec([1], 'int32', [-1])]),
    tspec({ minRank: 0, maxRank: 0 }).map((t) => [t, new TSpec([1], 'int32', [0])])],
  ref: ([x, i, a]) => R.gather(toRef(x), toRef(i), a as number),
};

const indexSelect: Spec = {
  op: 'indexSelect', call: f(C.indexSelect), kinds: ['tensor', 'axis', 'tensor'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), fc.constant(0), indicesOf([2], t.shape[0]))),
  bad: [tspec({ minRank: 1 }).map((t) => [t, 0, new TSpec([1, 1], 'int32', [0])]), tspec({ minRank: 1 }).map((t) => [t, 0, new TSpec([1], 'int32', [t.shape[0] + 2])])],
  ref: ([x, a, i]) => R.gather(toRef(x), toRef(i), a as number),
};

const scatterAdd: Spec = {
  op: 'scatterAdd', call: f(C.scatterAdd), kinds: ['tensor', 'tensor', 'tensor', 'axis'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), indicesOf([2], t.shape[0]), tspecOf([2, ...t.shape.slice(1)]), fc.constant(0))),
  bad: [tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), indicesOf([2], t.shape[0]), tspecOf([3, ...t.shape.slice(1)]))),
    tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), indicesOf([2], t.shape[0]), tspecOf([2, ...t.shape.slice(1)], 'int32')))],
  ref: ([x, i, u, a]) => R.scatterAdd(toRef(x), toRef(i), toRef(u), a as number),
};

const takeAlongAxis: Spec = {
  op: 'takeAlongAxis', call: f(C.takeAlongAxis), kinds: ['tensor', 'tensor', 'axis'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), indicesOf([1, ...t.shape.slice(1)], t.shape[0]), fc.constant(0))),
  bad: [tspec({ minRank: 2 }).map((t) => [t, new TSpec([1], 'int32', [0]), 0]), tspec({ minRank: 1 }).map((t) => [t, new TSpec([1, ...t.shape.slice(1)], 'int32', new Array(C.sizeOf(t.shape.slice(1))).fill(t.shape[0])), 0])],
  ref: ([x, i]) => {
    const xr = toRef(x); const ir = toRef(i); const n = xr.data.length / xr.shape[0];
    return R.ref(ir.shape, Array.from(ir.data, (j, k) => xr.data[j * n + k]));
  },
};

const oneHot: Spec = {
  op: 'oneHot', call: f(C.oneHot), kinds: ['tensor', 'posInt', 'free'],
  valid: shapeOf(0, 2).chain((s) => fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(indicesOf(s, n), fc.constant(n)))),
  bad: [fc.integer({ min: 1, max: 4 }).map((n) => [new TSpec([2], 'int32', [0, n]), n]), fc.integer({ min: 1, max: 4 }).map((n) => [new TSpec([1], 'int32', [-1]), n]),
    fc.constant([new TSpec([2], 'int32', [0, 1]), 2 ** 31]), fc.constant([new TSpec([2], 'float32', [0, 1]), 2])],
  ref: ([i, n]) => { const r = toRef(i); const out: number[] = []; for (const v of r.data) for (let c = 0; c < (n as number); c++) out.push(+(v === c)); return R.ref([...r.shape, n as number], out); },
};

const matmul: Spec = {
  op: 'matmul', call: f(C.matmul), kinds: ['tensor', 'tensor'],
  valid: fc.tuple(shapeOf(0, 1), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .chain(([b, m, k, n]) => fc.tuple(tspecOf([...b, m, k]), tspecOf([k, n]))),
  bad: [fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([m, k]) => fc.tuple(tspecOf([m, k]), tspecOf([k + 1, 2]))),
    tspec({ minRank: 0, maxRank: 0 }).chain((t) => fc.tuple(fc.constant(t), tspecOf([1]))), fc.tuple(tspecOf([2, 2], 'bool'), tspecOf([2, 2]))],
  ref: ([a, b]) => R.matmul(toRef(a), toRef(b)),
};

export const STRUCTURE_SPECS: Spec[] = [
  reduceSpec('sum'), reduceSpec('mean'), reduceSpec('max'), reduceSpec('min'), argSpec('argmax'), argSpec('argmin'), variance, std,
  reshape, transpose, permute, slice, narrow, pad, concat, stack, expandLike('expand'), expandLike('broadcastTo'), squeeze, unsqueeze,
  flatten, flip, split, gather, indexSelect, scatterAdd, takeAlongAxis, oneHot, matmul,
];
