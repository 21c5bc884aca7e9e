/**
 * Property specs of the elementwise ops: unary, binary (broadcasting), where, clamp,
 * activations and the softmax family.
 */
import fc from 'fast-check';
import * as C from '@tensorloom/core';
import { reference as R } from '@tensorloom/core/testing';
import { positive, tspec, tspecOf, value } from './arbitraries.js';
import { broadcastPair, clashingPair, specsOf, toRef, type Spec } from './spec.js';

type Fn = Spec['call'];
const f = (g: unknown): Fn => g as Fn;

const unaryMath: Record<string, [(v: number) => number, boolean]> = {
  neg: [(v) => -v, false], exp: [Math.exp, false], log: [Math.log, true], sqrt: [Math.sqrt, true],
  sin: [Math.sin, false], cos: [Math.cos, false], tanh: [Math.tanh, false], erf: [R.erf, false],
  reciprocal: [(v) => 1 / v, true], abs: [Math.abs, false], sign: [Math.sign, false], floor: [Math.floor, false],
  ceil: [Math.ceil, false], square: [(v) => v * v, false], rsqrt: [(v) => 1 / Math.sqrt(v), true],
  relu: [(v) => Math.max(v, 0), false], sigmoid: [R.sigmoid, false], silu: [(v) => v * R.sigmoid(v), false],
  gelu: [(v) => 0.5 * v * (1 + R.erf(v / Math.SQRT2)), false], log1p: [Math.log1p, true],
};
/** Ops that reject bool tensors; the float-only ones reject int32 too. */
const NO_BOOL = new Set(['neg', 'abs', 'sign', 'floor', 'ceil', 'square', 'relu']);
const FLOAT_ONLY = new Set(['sigmoid', 'silu', 'gelu', 'log1p', 'leakyRelu', 'elu', 'softplus', 'softmax', 'logSoftmax', 'logsumexp']);

function unarySpec(op: string): Spec {
  const [fn, pos] = unaryMath[op];
  const bad: Array<fc.Arbitrary<unknown[]>> = [];
  if (NO_BOOL.has(op) || FLOAT_ONLY.has(op)) bad.push(tspec({ dtype: 'bool' }).map((t) => [t]));
  if (FLOAT_ONLY.has(op)) bad.push(tspec({ dtype: 'int32' }).map((t) => [t]));
  return {
    op, call: f((C as Record<string, unknown>)[op]), kinds: ['tensor'],
    valid: tspec({ values: pos ? positive : value }).map((t) => [t]),
    bad, ref: ([x]) => R.zip(fn, toRef(x)), tol: 2e-4,
  };
}

const binaryMath: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: (a, b) => a ** b,
  maximum: Math.max, minimum: Math.min, equal: (a, b) => +(a === b), notEqual: (a, b) => +(a !== b),
  less: (a, b) => +(a < b), lessEqual: (a, b) => +(a <= b), greater: (a, b) => +(a > b), greaterEqual: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(a !== 0 && b !== 0), logicalOr: (a, b) => +(a !== 0 || b !== 0),
};

function binarySpec(op: string): Spec {
  const fn = binaryMath[op];
  // pow: positive bases keep the reference real; div: nonzero divisors.
  const values = op === 'pow' || op === 'div' ? positive : value;
  return {
    op, call: f((C as Record<string, unknown>)[op]), kinds: ['tensorLike', 'tensorLike'],
    valid: fc.oneof(
      broadcastPair.chain(([a, b]) => fc.tuple(tspecOf(a, 'float32', values), tspecOf(b, 'float32', values))),
      fc.tuple(tspec({ values }), values).map(([t, n]) => [t, n] as unknown[]),
    ),
    bad: [
      clashingPair.chain((p) => specsOf(p)),
      clashingPair.chain((p) => specsOf(p, 'int32', 'bool')),
    ],
    ref: ([a, b]) => R.zip(fn, toRef(a), typeof b === 'number' ? R.ref([], [b]) : toRef(b)),
    tol: 2e-4,
  };
}

const where: Spec = {
  op: 'where', call: f(C.where), kinds: ['tensor', 'tensorLike', 'tensorLike'],
  valid: broadcastPair.chain(([a, b]) => fc.tuple(tspecOf(a, 'bool'), tspecOf(b), tspecOf(a))),
  bad: [
    tspec({ dtype: 'float32' }).chain((c) => fc.tuple(fc.constant(c), tspecOf(c.shape), tspecOf(c.shape))),
    tspec({ dtype: 'int32' }).chain((c) => fc.tuple(fc.constant(c), tspecOf(c.shape), fc.constant(0))),
    clashingPair.chain(([a, b]) => fc.tuple(tspecOf(a, 'bool'), tspecOf(b), tspecOf(a))),
  ],
  ref: ([c, a, b]) => R.zip((ci, ai, bi) => (ci ? ai : bi), toRef(c), toRef(a), toRef(b)),
};

const clamp: Spec = {
  op: 'clamp', call: f(C.clamp), kinds: ['tensor', 'bound', 'bound'],
  valid: fc.tuple(tspec(), fc.integer({ min: -16, max: 0 }), fc.integer({ min: 0, max: 16 })).map(([t, lo, hi]) => [t, lo / 8, hi / 8]),
  bad: [
    fc.tuple(tspec(), fc.integer({ min: 1, max: 5 })).map(([t, d]) => [t, d, -d]),
    tspec({ dtype: 'bool' }).map((t) => [t, 0, 1]),
  ],
  ref: ([x, lo, hi]) => R.zip((v) => Math.min(Math.max(v, lo as number), hi as number), toRef(x)),
};

const leakyRelu: Spec = {
  op: 'leakyRelu', call: f(C.leakyRelu), kinds: ['tensor', 'numberOpt'],
  valid: fc.tuple(tspec(), fc.integer({ min: 0, max: 8 })).map(([t, s]) => [t, s / 8]),
  bad: [tspec({ dtype: 'int32' }).map((t) => [t])],
  ref: ([x, s]) => R.zip((v) => (v > 0 ? v : (s as number) * v), toRef(x)),
};

const elu: Spec = {
  op: 'elu', call: f(C.elu), kinds: ['tensor', 'numberOpt'],
  valid: fc.tuple(tspec(), fc.integer({ min: 1, max: 16 })).map(([t, a]) => [t, a / 8]),
  bad: [tspec({ dtype: 'bool' }).map((t) => [t])],
  ref: ([x, a]) => R.zip((v) => (v > 0 ? v : (a as number) * Math.expm1(v)), toRef(x)),
};

const softplus: Spec = {
  op: 'softplus', call: f(C.softplus), kinds: ['tensor', 'options'],
  valid: fc.tuple(tspec(), fc.constantFrom(1, 2, 0.5)).map(([t, beta]) => [t, { beta }]),
  bad: [
    tspec().map((t) => [t, { beta: 0 }]), tspec().map((t) => [t, { beta: 'x' }]), tspec().map((t) => [t, { threshold: null }]),
    tspec({ dtype: 'int32' }).map((t) => [t]),
  ],
  ref: ([x, o]) => { const b = (o as { beta: number }).beta; return R.zip((v) => (b * v > 20 ? v : Math.log1p(Math.exp(b * v)) / b), toRef(x)); },
};

const geluOptions: Spec = {
  op: 'gelu', call: f(C.gelu), kinds: ['tensor', 'options'],
  valid: tspec().map((t) => [t, { approximate: 'tanh' }]),
  bad: [tspec().map((t) => [t, { approximate: 'erf' }]), tspec().map((t) => [t, { approximate: 1 }])],
  ref: ([x]) => R.zip((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))), toRef(x)),
  tol: 3e-4,
};

function softmaxSpec(op: 'softmax' | 'logSoftmax'): Spec {
  return {
    op, call: f(C[op]), kinds: ['tensor', 'axis'],
    valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: -t.shape.length, max: t.shape.length - 1 }))),
    bad: [
      tspec({ minRank: 1, dtype: 'int32' }).map((t) => [t, -1]),
      tspec({ minRank: 0, maxRank: 0 }).map((t) => [t, 0]),
      tspec({ minRank: 1 }).map((t) => [t, t.shape.length]),
    ],
    ref: ([x, ax]) => { const r = toRef(x); const a = ((ax as number) + r.shape.length) % r.shape.length; return op === 'softmax' ? R.softmax(r, a) : R.logSoftmax(r, a); },
  };
}

const logsumexp: Spec = {
  op: 'logsumexp', call: f(C.logsumexp), kinds: ['tensor', 'axes', 'bool'],
  valid: tspec({ minRank: 1 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t.shape.length - 1 }), fc.boolean())),
  bad: [tspec({ minRank: 1, dtype: 'bool' }).map((t) => [t, 0])],
  ref: ([x, ax, k]) => R.logsumexp(toRef(x), [ax as number], k as boolean),
};

export const ELEMENTWISE_SPECS: Spec[] = [
  ...Object.keys(unaryMath).map(unarySpec),
  ...Object.keys(binaryMath).map(binarySpec),
  where, clamp, leakyRelu, elu, softplus, geluOptions, softmaxSpec('softmax'), softmaxSpec('logSoftmax'), logsumexp,
];
