/**
 * Conformance cases: elementwise unary and binary ops, broadcasting, activations, where, clamp.
 */
import * as T from '../../index.js';
import * as R from '../reference.js';
import type { OpCase } from '../harness.js';

const unary = (name: string, fn: (x: T_Tensor) => T_Tensor, f: (v: number) => number, gen: OpCase['inputs'][0]['gen'] = 'normal', shape = [2, 3]): OpCase => ({
  name, inputs: [{ shape, gen }], run: ([x]) => fn(x), ref: ([x]) => R.zip(f, x),
});
type T_Tensor = import('../../tensor.js').Tensor;

const gelu = (v: number): number => 0.5 * v * (1 + R.erf(v / Math.SQRT2));
const geluTanh = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
const softplus = (beta: number, threshold: number) => (v: number): number =>
  (beta * v > threshold ? v : Math.log1p(Math.exp(beta * v)) / beta);

export const elementwiseCases: OpCase[] = [
  unary('neg', T.neg, (v) => -v),
  unary('exp', T.exp, Math.exp),
  unary('log', T.log, Math.log, 'positive'),
  unary('sqrt', T.sqrt, Math.sqrt, 'positive'),
  unary('rsqrt', T.rsqrt, (v) => 1 / Math.sqrt(v), 'positive'),
  unary('square', T.square, (v) => v * v),
  unary('sin', T.sin, Math.sin),
  unary('cos', T.cos, Math.cos),
  unary('tanh', T.tanh, Math.tanh),
  unary('erf', T.erf, R.erf, { values: [-3, -1.2, -0.4, 0, 0.3, 0.9, 1.7, 2.6, 4] }, [9]),
  unary('abs', T.abs, Math.abs, 'nonzero'),
  unary('sign', T.sign, Math.sign, 'nonzero'),
  unary('floor', T.floor, Math.floor, { values: [-1.5, -0.25, 0.25, 1.75, 2.5, -3.75] }),
  unary('ceil', T.ceil, Math.ceil, { values: [-1.5, -0.25, 0.25, 1.75, 2.5, -3.75] }),
  unary('reciprocal', T.reciprocal, (v) => 1 / v, 'nonzero'),
  unary('log1p', T.log1p, Math.log1p, { values: [1e-7, -1e-6, 0.5, 2, -0.5, 3e-4] }),
  unary('relu', T.relu, (v) => Math.max(v, 0), 'nonzero'),
  unary('leakyRelu', (x) => T.leakyRelu(x, 0.2), (v) => (v > 0 ? v : 0.2 * v), 'nonzero'),
  unary('elu', (x) => T.elu(x, 0.5), (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1)), 'nonzero'),
  unary('gelu', T.gelu, gelu),
  unary('gelu tanh', (x) => T.gelu(x, { approximate: 'tanh' }), geluTanh),
  unary('sigmoid', T.sigmoid, R.sigmoid, { values: [-30, -5, -0.5, 0, 0.7, 4, 30, 1.5] }, [8]),
  unary('silu', T.silu, (v) => v * R.sigmoid(v)),
  unary('softplus', T.softplus, softplus(1, 20), { values: [-30, -3, -0.2, 0.4, 5, 19.5, 21, 40] }, [8]),
  unary('softplus beta 2', (x) => T.softplus(x, { beta: 2, threshold: 20 }), softplus(2, 20), { values: [-8, -1, 0.3, 2, 9.5, 10.5] }, [6]),
  unary('clamp', (x) => T.clamp(x, -0.5, 0.8), (v) => Math.min(Math.max(v, -0.5), 0.8), { values: [-2, -0.7, -0.3, 0.1, 0.6, 1.4] }),

  { name: 'add broadcast [2,3]+[3]', inputs: [{ shape: [2, 3] }, { shape: [3] }], run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b) },
  { name: 'add broadcast [2,1]+[1,3]', inputs: [{ shape: [2, 1] }, { shape: [1, 3] }], run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b) },
  { name: 'add broadcast [2,3,4]+[3,1]', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }], run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b) },
  { name: 'add scalar tensor', inputs: [{ shape: [] }, { shape: [2, 2] }], run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b) },
  { name: 'add number', inputs: [{ shape: [2, 2] }], run: ([a]) => T.add(a, 1.5), ref: ([a]) => R.zip((x) => x + 1.5, a) },
  { name: 'sub broadcast', inputs: [{ shape: [3, 1] }, { shape: [4] }], run: ([a, b]) => T.sub(a, b), ref: ([a, b]) => R.zip((x, y) => x - y, a, b) },
  { name: 'sub number first', inputs: [{ shape: [3] }], run: ([a]) => T.sub(2, a), ref: ([a]) => R.zip((x) => 2 - x, a) },
  { name: 'mul broadcast', inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], run: ([a, b]) => T.mul(a, b), ref: ([a, b]) => R.zip((x, y) => x * y, a, b) },
  { name: 'div broadcast', inputs: [{ shape: [2, 3] }, { shape: [3], gen: 'nonzero' }], run: ([a, b]) => T.div(a, b), ref: ([a, b]) => R.zip((x, y) => x / y, a, b) },
  { name: 'pow', inputs: [{ shape: [2, 3], gen: 'positive' }, { shape: [2, 3] }], run: ([a, b]) => T.pow(a, b), ref: ([a, b]) => R.zip((x, y) => x ** y, a, b) },
  { name: 'pow number exponent', inputs: [{ shape: [4], gen: 'nonzero' }], run: ([a]) => T.pow(a, 3), ref: ([a]) => R.zip((x) => x ** 3, a) },
  { name: 'maximum', inputs: [{ shape: [2, 3], gen: 'distinct' }, { shape: [3], gen: 'distinct' }], run: ([a, b]) => T.maximum(a, b), ref: ([a, b]) => R.zip(Math.max, a, b) },
  { name: 'minimum', inputs: [{ shape: [2, 3], gen: 'distinct' }, { shape: [2, 1], gen: 'distinct' }], run: ([a, b]) => T.minimum(a, b), ref: ([a, b]) => R.zip(Math.min, a, b) },
  {
    name: 'where broadcast', inputs: [{ shape: [2, 3], dtype: 'bool' }, { shape: [2, 3] }, { shape: [3] }],
    run: ([c, a, b]) => T.where(c, a, b), ref: ([c, a, b]) => R.zip((k, x, y) => (k ? x : y), c, a, b),
  },
  {
    name: 'add int32', inputs: [{ shape: [2, 3], dtype: 'int32', gen: { int: [-5, 5] } }, { shape: [3], dtype: 'int32', gen: { int: [-5, 5] } }],
    run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b), dtype: 'int32',
  },
  {
    name: 'mul int32', inputs: [{ shape: [4], dtype: 'int32', gen: { int: [-9, 9] } }, { shape: [4], dtype: 'int32', gen: { int: [-9, 9] } }],
    run: ([a, b]) => T.mul(a, b), ref: ([a, b]) => R.zip((x, y) => x * y, a, b), dtype: 'int32',
  },
  {
    name: 'div int32 is true division', inputs: [{ shape: [4], dtype: 'int32', gen: { values: [7, -7, 1, 0] } }, { shape: [4], dtype: 'int32', gen: { values: [2, 2, 3, 5] } }],
    run: ([a, b]) => T.div(a, b), ref: ([a, b]) => R.zip((x, y) => x / y, a, b),
  },
  {
    name: 'int32 + float32 promotes', inputs: [{ shape: [3], dtype: 'int32' }, { shape: [3] }],
    run: ([a, b]) => T.add(a, b), ref: ([a, b]) => R.zip((x, y) => x + y, a, b),
  },
  {
    name: 'cast float32 to int32 truncates', inputs: [{ shape: [4], gen: { values: [1.7, -1.7, 2.5, -0.2] } }],
    run: ([a]) => T.cast(a, 'int32'), ref: ([a]) => R.zip(Math.trunc, a), dtype: 'int32',
  },
  ...(['equal', 'less', 'lessEqual', 'greater', 'greaterEqual', 'notEqual'] as const).map((op): OpCase => ({
    name: `${op} with NaN`,
    inputs: [{ shape: [6], gen: { values: [1, 2, NaN, 3, -Infinity, 0] } }, { shape: [6], gen: { values: [1, 3, NaN, 2, -Infinity, NaN] } }],
    run: ([a, b]) => T[op](a, b),
    ref: ([a, b]) => R.zip((x, y) => +({ equal: x === y, less: x < y, lessEqual: x <= y, greater: x > y, greaterEqual: x >= y, notEqual: x !== y }[op]), a, b),
    dtype: 'bool',
  })),
  {
    name: 'logical ops', multiOp: true, inputs: [{ shape: [4], dtype: 'bool', gen: { values: [0, 0, 1, 1] } }, { shape: [4], dtype: 'bool', gen: { values: [0, 1, 0, 1] } }],
    run: ([a, b]) => T.logicalOr(T.logicalAnd(a, b), T.logicalNot(a)),
    ref: ([a, b]) => R.zip((x, y) => +((!!x && !!y) || !x), a, b), dtype: 'bool',
  },
  {
    name: 'NaN and inf propagate through arithmetic', multiOp: true, inputs: [{ shape: [4], gen: { values: [NaN, Infinity, -Infinity, 1] } }, { shape: [4], gen: { values: [1, 1, Infinity, NaN] } }],
    run: ([a, b]) => T.add(T.mul(a, 2), b), ref: ([a, b]) => R.zip((x, y) => x * 2 + y, a, b), grad: [],
  },
  {
    name: 'maximum propagates NaN', inputs: [{ shape: [3], gen: { values: [NaN, 1, 2] } }, { shape: [3], gen: { values: [0, NaN, 1] } }],
    run: ([a, b]) => T.maximum(a, b), ref: ([a, b]) => R.zip((x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)), a, b), grad: [],
  },
];
