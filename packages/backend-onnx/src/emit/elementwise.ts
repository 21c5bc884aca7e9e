/**
 * Elementwise primitives in ONNX, composed where ONNX's own op differs from primitives.ts:
 * sign(NaN) = NaN, int32 floor as identity, float → int32
 * casts that wrap (NaN and ±∞ give 0), casts to bool as `x != 0`, exact int32 pow; and ReLU's
 * where(x <= 0, 0, x) as Max.
 */
import { attr, onnxTypeOf } from '@tensorloom/onnx';
import type { DType } from '@tensorloom/core';
import { attrsOf, sameShape, type EmitArgs, type Emitter } from './context.js';
import type { LazyNode } from '../lazy_node.js';

const DIRECT_UNARY: Record<string, string> = {
  neg: 'Neg', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', sin: 'Sin', cos: 'Cos', tanh: 'Tanh', erf: 'Erf', abs: 'Abs',
  reciprocal: 'Reciprocal', logicalNot: 'Not',
};
const DIRECT_BINARY: Record<string, string> = {
  add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', equal: 'Equal', less: 'Less', lessEqual: 'LessOrEqual',
  greater: 'Greater', greaterEqual: 'GreaterOrEqual', logicalAnd: 'And', logicalOr: 'Or',
};

/** Comparisons and arithmetic that ONNX (onnxruntime) does not define on bool. */
const NEEDS_NUMBERS = new Set(['add', 'sub', 'mul', 'less', 'lessEqual', 'greater', 'greaterEqual', 'maximum', 'minimum']);

const COMPARISONS = new Set(['less', 'lessEqual', 'greater', 'greaterEqual']);

function unary(e: EmitArgs): void {
  const { g, node, ins, out } = e;
  const x = ins[0];
  const dtype = node.inputs[0].dtype;
  switch (node.op) {
    case 'sign':
      if (dtype === 'float32') g.node('Where', [g.node('IsNaN', [x]), x, g.node('Sign', [x])], [], [out]);
      else g.node('Sign', [x], [], [out]);
      return;
    case 'floor':
      g.node(dtype === 'float32' ? 'Floor' : 'Identity', [x], [], [out]);
      return;
    default:
      g.node(DIRECT_UNARY[node.op], [x], [], [out]);
  }
}

function binary(e: EmitArgs): string | void {
  const { g, node, out } = e;
  let [a, b] = e.ins;
  const dtype = node.inputs[0].dtype;
  // x·1 and x/1 are x (every float, NaN and −0 included, and every int32): no node. Core's
  // compositions make them (cross-entropy's row scale of 1, a label smoothing of 0).
  if ((node.op === 'mul' || node.op === 'div') && dtype !== 'bool') {
    const [x, y] = node.inputs;
    if (isLiteral(e, y, 1) && x.dtype === node.dtype && sameShape(x.shape, node.shape)) return a;
    if (node.op === 'mul' && isLiteral(e, x, 1) && y.dtype === node.dtype && sameShape(y.shape, node.shape)) return b;
  }
  const boolIn = dtype === 'bool' && NEEDS_NUMBERS.has(node.op);
  if (boolIn) {
    a = g.node('Cast', [a], [attr.int('to', onnxTypeOf('int32'))]);
    b = g.node('Cast', [b], [attr.int('to', onnxTypeOf('int32'))]);
  }
  // Arithmetic on bools (cast to int32 above) goes back to bool as x != 0.
  const result = boolIn && node.dtype === 'bool' && !COMPARISONS.has(node.op) ? undefined : out;
  let r: string;
  if (node.op === 'maximum' || node.op === 'minimum') {
    // onnxruntime's Max/Min propagate NaN from either side, as primitives.ts asks (tested in Node
    // and, through the conformance kit, in onnxruntime-web), so no guard: ReLU is one op.
    r = g.node(node.op === 'maximum' ? 'Max' : 'Min', [a, b], [], result === undefined ? undefined : [result]);
  } else if (node.op === 'pow') {
    if (dtype === 'float32') { g.node('Pow', [a, b], [], [out]); return; }
    r = intPow(e, a, b, result);
  } else {
    r = g.node(DIRECT_BINARY[node.op], [a, b], [], result === undefined ? undefined : [result]);
  }
  if (!result) g.node('Not', [g.node('Equal', [r, g.scalar(0, 'int32')])], [], [out]);
}

/** Exact wrapping int32 a ** b by repeated squaring over b's 31 bits; b < 0 is the truncated 1 / a^-b. */
function intPow(e: EmitArgs, a: string, b: string, out: string | undefined): string {
  const { g } = e;
  const one = g.scalar(1, 'int32');
  const two = g.scalar(2, 'int32');
  const zero = g.scalar(0, 'int32');
  let result = g.node('Mul', [g.node('Mul', [a, zero]), b]);
  result = g.node('Add', [result, one]); // ones in the broadcast shape
  let base = a;
  let k = g.node('Max', [b, zero]);
  for (let bit = 0; bit < 31; bit++) {
    const odd = g.node('Equal', [g.node('Mod', [k, two]), one]);
    result = g.node('Where', [odd, g.node('Mul', [result, base]), result]);
    if (bit < 30) {
      base = g.node('Mul', [base, base]);
      k = g.node('Div', [k, two]);
    }
  }
  // Negative exponents: 1 for a = 1, ±1 for a = -1 (by b's parity), else 0.
  const minusOne = g.scalar(-1, 'int32');
  const evenB = g.node('Equal', [g.node('Mod', [b, two]), zero]);
  const forMinusOne = g.node('Where', [evenB, one, minusOne]);
  const negative = g.node('Where', [g.node('Equal', [a, one]), one, g.node('Where', [g.node('Equal', [a, minusOne]), forMinusOne, zero])]);
  return g.node('Where', [g.node('Less', [b, zero]), negative, result], [], out ? [out] : undefined);
}

function cast(e: EmitArgs): void {
  const { g, node, ins, out } = e;
  const to = attrsOf<{ dtype: DType }>(e).dtype;
  const from = node.inputs[0].dtype;
  const x = ins[0];
  if (from === to) { g.node('Identity', [x], [], [out]); return; }
  if (to === 'bool') {
    // x != 0, so NaN → true.
    g.node('Not', [g.node('Equal', [x, g.scalar(0, from)])], [], [out]);
    return;
  }
  if (from === 'float32' && to === 'int32') {
    // Truncate to int64 (exact below 2^63) and wrap modulo 2^32 in int64 arithmetic (a bare
    // Cast chain would be fused by onnxruntime into one saturating cast). NaN, ±∞ and
    // |x| >= 2^63 (multiples of 2^40, so 0 modulo 2^32) give 0.
    const inRange = g.node('Less', [g.node('Abs', [x]), g.scalar(2 ** 63, 'float32')]);
    const safe = g.node('Where', [inRange, x, g.scalar(0, 'float32')]);
    const wide = g.node('Cast', [safe], [attr.int('to', 7)]);
    const half = g.constant(g.fresh('c'), 'int64', [], [2 ** 31]);
    const wrapped = g.node('Sub', [g.node('Mod', [g.node('Add', [wide, half]), g.constant(g.fresh('c'), 'int64', [], [2 ** 32])]), half]);
    g.node('Cast', [wrapped], [attr.int('to', onnxTypeOf('int32'))], [out]);
    return;
  }
  g.node('Cast', [x], [attr.int('to', onnxTypeOf(to))], [out]);
}

/** An embedded scalar (or one-element) literal equal to `value` (+0 is not -0). */
function isLiteral(e: EmitArgs, n: LazyNode, value: number): boolean {
  const v = e.literal(n);
  return v !== null && v.length === 1 && Object.is(v[0], value);
}

function where(e: EmitArgs): void {
  const [c, a, b] = e.node.inputs;
  // ReLU, where(x <= 0, +0, x): Max(x, +0) gives the same values (NaN stays NaN, -0 becomes +0;
  // checked in Node and by the kit in the browser) without onnxruntime's slow Where.
  if (c.op === 'lessEqual' && c.inputs[0] === b && (isLiteral(e, c.inputs[1], 0) || isLiteral(e, c.inputs[1], -0))
    && isLiteral(e, a, 0) && b.dtype !== 'bool' && sameShape(b.shape, e.node.shape)) {
    e.g.node('Max', [e.ins[2], e.ins[1]], [], [e.out]);
    return;
  }
  // where(c, +0, where(mask, value, +0)) (ReLU's gradient after max-pool's) is one Where:
  // value where mask and not c, else +0.
  const inner = isLiteral(e, a, 0) ? e.masked(b) : null;
  if (inner && c.dtype === 'bool' && sameShape(b.shape, e.node.shape)) {
    e.g.node('Where', [e.g.node('And', [e.g.node('Not', [e.ins[0]]), inner.mask]), inner.value, e.ins[1]], [], [e.out]);
    return;
  }
  e.g.node('Where', [...e.ins], [], [e.out]);
}

/** The elementwise emitters by op. */
export const ELEMENTWISE: Record<string, Emitter> = {
  ...Object.fromEntries([...Object.keys(DIRECT_UNARY), 'sign', 'floor'].map((k) => [k, unary])),
  ...Object.fromEntries([...Object.keys(DIRECT_BINARY), 'maximum', 'minimum', 'pow'].map((k) => [k, binary])),
  cast, where,
};
