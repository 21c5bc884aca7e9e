/**
 * Movement and indexing primitives in ONNX, and matmul. Indices that the backend could not
 * check on the host (computed in a pending graph) are clamped into range first, so an
 * out-of-range index gives an unspecified value in its row, never a runtime failure or a read
 * outside the input (primitives.ts, "Index ranges").
 */
import { attr, onnxTypeOf } from '@tensorloom/onnx';
import { attrsOf, sameShape, type EmitArgs, type Emitter } from './context.js';

const toInt32 = attr.int('to', onnxTypeOf('int32'));
const toBool = attr.int('to', onnxTypeOf('bool'));

/** A reshape reads its input's earliest view: chains fold into one Reshape, and a reshape back to that view's shape is no node. */
function reshape(e: EmitArgs): string | void {
  const src = e.view(e.node.inputs[0]);
  e.setView(e.node, src);
  if (sameShape(src.shape, e.node.shape)) return src.name;
  e.g.node('Reshape', [src.name, e.g.int64([...e.node.shape])], [attr.int('allowzero', 1)], [e.out]);
}

function transpose(e: EmitArgs): void {
  e.g.node('Transpose', [e.ins[0]], [attr.ints('perm', attrsOf<{ perm: number[] }>(e).perm)], [e.out]);
}

function slice(e: EmitArgs): void {
  const { begin, size } = attrsOf<{ begin: number[]; size: number[] }>(e);
  const { g } = e;
  if (begin.length === 0) { g.node('Identity', [e.ins[0]], [], [e.out]); return; }
  const axes = begin.map((_, i) => i);
  g.node('Slice', [e.ins[0], g.int64(begin), g.int64(begin.map((b, i) => b + size[i])), g.int64(axes)], [], [e.out]);
}

function pad(e: EmitArgs): void {
  const { pads, value } = attrsOf<{ pads: Array<[number, number]>; value: number }>(e);
  const { g, node } = e;
  if (pads.length === 0) { g.node('Identity', [e.ins[0]], [], [e.out]); return; }
  const isBool = node.dtype === 'bool';
  const x = isBool ? g.node('Cast', [e.ins[0]], [toInt32]) : e.ins[0];
  const dtype = isBool ? 'int32' : node.dtype;
  const fill = g.scalar(isBool ? (value ? 1 : 0) : value, dtype);
  const args = [x, g.int64([...pads.map((p) => p[0]), ...pads.map((p) => p[1])]), fill];
  if (isBool) g.node('Cast', [g.node('Pad', args, [attr.string('mode', 'constant')])], [toBool], [e.out]);
  else g.node('Pad', args, [attr.string('mode', 'constant')], [e.out]);
}

function concat(e: EmitArgs): void {
  e.g.node('Concat', [...e.ins], [attr.int('axis', attrsOf<{ axis: number }>(e).axis)], [e.out]);
}

function expand(e: EmitArgs): void {
  e.g.node('Expand', [e.ins[0], e.g.int64([...e.node.shape])], [], [e.out]);
}

/** The indices input, clamped into [0, size) unless the backend checked them on the host. */
function indicesOf(e: EmitArgs, size: number): string {
  const { g } = e;
  if (e.node.attrs.checked || size === 0) return e.ins[1];
  return g.node('Max', [g.node('Min', [e.ins[1], g.scalar(size - 1, 'int32')]), g.scalar(0, 'int32')]);
}

function gather(e: EmitArgs): void {
  const { g } = e;
  const { axis } = attrsOf<{ axis: number }>(e);
  const xs = e.node.inputs[0].shape;
  const q = e.node.inputs[1].shape.length;
  const idx = indicesOf(e, xs[axis]);
  const pre = xs.slice(0, axis).reduce((a, b) => a * b, 1);
  const post = xs.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (axis === 0 || post >= 16 || pre < 16) { g.node('Gather', [e.ins[0], idx], [attr.int('axis', axis)], [e.out]); return; }
  // Gathering small blocks along an inner axis (max-pool windows: single floats) copies element by
  // element in onnxruntime; with the axis moved first, each index copies one long row instead.
  const r = xs.length;
  const front = [axis, ...Array.from({ length: r }, (_, i) => i).filter((i) => i !== axis)];
  const rows = g.node('Gather', [g.node('Transpose', [e.ins[0]], [attr.ints('perm', front)]), idx], [attr.int('axis', 0)]);
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  g.node('Transpose', [rows], [attr.ints('perm', [...range(q, axis), ...range(0, q), ...range(q + axis, r - 1 - axis)])], [e.out]);
}

function scatterAdd(e: EmitArgs): void {
  const { g, node } = e;
  const { axis } = attrsOf<{ axis: number }>(e);
  const xs = node.inputs[0].shape;
  const k = node.inputs[1].size;
  const pre = xs.slice(0, axis).reduce((a, b) => a * b, 1);
  const post = xs.slice(axis + 1).reduce((a, b) => a * b, 1);
  // As [pre, A, post] data and [pre, K, post] updates.
  const data = g.node('Reshape', [e.ins[0], g.int64([pre, xs[axis], post])], [attr.int('allowzero', 1)]);
  const updates = g.node('Reshape', [e.ins[2], g.int64([pre, k, post])], [attr.int('allowzero', 1)]);
  const isBool = node.dtype === 'bool';
  const cast = (v: string): string => (isBool ? g.node('Cast', [v], [toInt32]) : v);
  let r: string;
  if (post < 16 && pre >= 16) {
    // Small blocks (max-pool's gradient: single floats): ScatterND over rows of the transposed
    // data adds one row of pre·post values per index instead of one element at a time.
    const swap = attr.ints('perm', [1, 0, 2]);
    const idx = g.node('Cast', [g.node('Reshape', [indicesOf(e, xs[axis]), g.int64([k, 1])], [attr.int('allowzero', 1)])], [attr.int('to', 7)]);
    const rows = g.node('ScatterND', [g.node('Transpose', [cast(data)], [swap]), idx, g.node('Transpose', [cast(updates)], [swap])], [attr.string('reduction', 'add')]);
    r = g.node('Transpose', [rows], [swap]);
  } else {
    // ScatterElements wants indices of the updates' shape.
    const idx = g.node('Reshape', [indicesOf(e, xs[axis]), g.int64([1, k, 1])], [attr.int('allowzero', 1)]);
    const wide = g.node('Expand', [idx, g.int64([pre, k, post])]);
    r = g.node('ScatterElements', [cast(data), wide, cast(updates)], [attr.int('axis', 1), attr.string('reduction', 'add')]);
  }
  const shaped = g.node('Reshape', [r, g.int64([...xs])], [attr.int('allowzero', 1)], isBool ? undefined : [e.out]);
  if (isBool) g.node('Not', [g.node('Equal', [shaped, g.scalar(0, 'int32')])], [], [e.out]);
}

/** The [m, k] view of a [1, m, k] operand, when there is one (core reshapes 2-D operands to batch 1). */
function flatView(e: EmitArgs, i: number): string | null {
  const n = e.node.inputs[i];
  const v = e.view(n);
  return n.shape[0] === 1 && v.shape.length === 2 && v.shape[0] === n.shape[1] && v.shape[1] === n.shape[2] ? v.name : null;
}

function matmul(e: EmitArgs): void {
  const { g } = e;
  const { transposeA, transposeB } = attrsOf<{ transposeA: boolean; transposeB: boolean }>(e);
  const flatA = flatView(e, 0);
  const flatB = flatView(e, 1);
  if (flatA !== null && flatB !== null) {
    // Both operands are 2-D underneath: a 2-D MatMul (onnxruntime fuses it with a bias Add into
    // Gemm, and with the transposes), viewed as [m, n] by the reshape that usually follows.
    const swap = [attr.ints('perm', [1, 0])];
    const a = transposeA ? g.node('Transpose', [flatA], swap) : flatA;
    const b = transposeB ? g.node('Transpose', [flatB], swap) : flatB;
    const flat = g.node('MatMul', [a, b]);
    e.setView(e.node, { name: flat, shape: e.node.shape.slice(1) });
    g.node('Reshape', [flat, g.int64([...e.node.shape])], [], [e.out]);
    return;
  }
  let a = transposeA ? g.node('Transpose', [e.ins[0]], [attr.ints('perm', [0, 2, 1])]) : e.ins[0];
  let b = transposeB ? g.node('Transpose', [e.ins[1]], [attr.ints('perm', [0, 2, 1])]) : e.ins[1];
  // A batch of 1 against another batch size (0 included, which onnxruntime does not broadcast
  // against 1) becomes a 2-D operand, which MatMul broadcasts.
  const [ba, bb] = [e.node.inputs[0].shape[0], e.node.inputs[1].shape[0]];
  if (ba === 1 && bb !== 1) a = g.node('Squeeze', [a, g.int64([0])]);
  if (bb === 1 && ba !== 1) b = g.node('Squeeze', [b, g.int64([0])]);
  g.node('MatMul', [a, b], [], [e.out]);
}

/** The movement, indexing and matmul emitters by op. */
export const MOVEMENT: Record<string, Emitter> = { reshape, transpose, slice, pad, concat, expand, gather, scatterAdd, matmul };
