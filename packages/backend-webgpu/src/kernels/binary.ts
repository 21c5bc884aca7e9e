/**
 * The binary elementwise kernels (add … logicalOr), each a WGSL formula per operand dtype run
 * by the broadcasting generator. int32 add/sub/mul wrap (computed on u32 bits), float
 * comparisons are false with NaN, maximum/minimum propagate NaN, pow follows C (float32) or
 * exact wrapping integer powers (int32). Comparisons and logical ops write bool (u32 0/1).
 */
import type { PrimitiveKernels } from '@tensorloom/core';
import { elementwise } from './elementwise.js';
import type { S } from '../kernel_util.js';

type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'equal' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'logicalAnd' | 'logicalOr';

const wrap = (o: string) => (a: string, b: string) => `bitcast<i32>(bitcast<u32>(${a}) ${o} bitcast<u32>(${b}))`;
const cmp = (o: string) => ({
  f: (a: string, b: string) => `select(0u, 1u, !(is_nan(${a}) || is_nan(${b})) && ${a} ${o} ${b})`,
  i: (a: string, b: string) => `select(0u, 1u, ${a} ${o} ${b})`,
});

/** C's pow in float32 (exact for small integer exponents by repeated squaring). */
const POW_F = `
fn pow_f(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f(); }
  let ab = abs(a);
  if (is_inf(b)) {
    if (ab == 1.0) { return 1.0; }
    return select(select(inf_f(), 0.0, b > 0.0), select(0.0, inf_f(), b > 0.0), ab > 1.0);
  }
  let bint = floor(b) == b;
  let odd = bint && abs(b) < 16777216.0 && (i32(abs(b)) & 1) == 1;
  let neg = (bitcast<u32>(a) & 0x80000000u) != 0u;
  var r: f32;
  if (bint && abs(b) <= 64.0) {
    var k = u32(abs(b));
    var base = ab;
    r = 1.0;
    loop { if (k == 0u) { break; } if ((k & 1u) == 1u) { r = r * base; } base = base * base; k = k >> 1u; }
    if (b < 0.0) { r = 1.0 / r; }
  } else if (ab == 0.0) {
    r = select(inf_f(), 0.0, b > 0.0);
  } else if (is_inf(a)) {
    r = select(0.0, inf_f(), b > 0.0);
  } else {
    r = exp2(b * log2(ab));
  }
  if (neg) {
    if (!bint) { return nan_f(); }
    if (odd) { return -r; }
  }
  return r;
}`;

/** int32 power, wrapping; a negative exponent gives the truncated 1 / a^-b. */
const POW_I = `
fn pow_i(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(-1, 1, (b & 1) == 0); }
    return 0;
  }
  var r = 1u;
  var base = bitcast<u32>(a);
  var k = u32(b);
  loop { if (k == 0u) { break; } if ((k & 1u) == 1u) { r = r * base; } base = base * base; k = k >> 1u; }
  return bitcast<i32>(r);
}`;

type Spec = { f: (a: string, b: string) => string; i?: (a: string, b: string) => string; prelude?: string };
const F: Record<Binary, Spec> = {
  add: { f: (a, b) => `${a} + ${b}`, i: wrap('+') },
  sub: { f: (a, b) => `${a} - ${b}`, i: wrap('-') },
  mul: { f: (a, b) => `${a} * ${b}`, i: wrap('*') },
  div: { f: (a, b) => `${a} / ${b}` },
  pow: { f: (a, b) => `pow_f(${a}, ${b})`, i: (a, b) => `pow_i(${a}, ${b})`, prelude: POW_F + POW_I },
  maximum: { f: (a, b) => `select(select(${b}, ${a}, ${a} > ${b}), nan_f(), is_nan(${a}) || is_nan(${b}))`, i: (a, b) => `max(${a}, ${b})` },
  minimum: { f: (a, b) => `select(select(${b}, ${a}, ${a} < ${b}), nan_f(), is_nan(${a}) || is_nan(${b}))`, i: (a, b) => `min(${a}, ${b})` },
  equal: cmp('=='),
  less: cmp('<'),
  lessEqual: cmp('<='),
  greater: cmp('>'),
  greaterEqual: cmp('>='),
  logicalAnd: { f: (a, b) => `select(0u, 1u, ${a} != 0u && ${b} != 0u)` },
  logicalOr: { f: (a, b) => `select(0u, 1u, ${a} != 0u || ${b} != 0u)` },
};

function make(op: Binary): PrimitiveKernels<S>[Binary] {
  const spec = F[op];
  return (inputs, _attrs, out) => {
    const dt = inputs[0].dtype;
    const f = dt !== 'float32' && spec.i ? spec.i : spec.f;
    return elementwise(op, inputs, out, ([a, b]) => f(a, b), spec.prelude ?? '');
  };
}

export const add = make('add');
export const sub = make('sub');
export const mul = make('mul');
export const div = make('div');
export const pow = make('pow');
export const maximum = make('maximum');
export const minimum = make('minimum');
export const equal = make('equal');
export const less = make('less');
export const lessEqual = make('lessEqual');
export const greater = make('greater');
export const greaterEqual = make('greaterEqual');
export const logicalAnd = make('logicalAnd');
export const logicalOr = make('logicalOr');
