/**
 * Reductions in ONNX (opset 17): ReduceSum (axes as an input), ReduceMax made NaN-propagating,
 * ArgMax/ArgMin where the first NaN counts as the extreme, and a logsumexp that handles ±∞
 * maxima (a group of all −∞ gives −∞).
 */
import { attr, onnxTypeOf } from '@tensorloom/onnx';
import { attrsOf, type EmitArgs, type Emitter } from './context.js';

interface AxesAttrs { axes: number[]; keepDims: boolean }
interface AxisAttrs { axis: number; keepDims: boolean }

function sum(e: EmitArgs): void {
  const { g, ins, out } = e;
  const { axes, keepDims } = attrsOf<AxesAttrs>(e);
  if (axes.length === 0) { g.node('Identity', [ins[0]], [], [out]); return; }
  g.node('ReduceSum', [ins[0], g.int64(axes)], [attr.int('keepdims', keepDims ? 1 : 0)], [out]);
}

/** 1 where any value of the group is NaN, as float32, reduced over `axes`. */
function anyNaN(e: EmitArgs, axes: number[], keep: boolean): string {
  const { g } = e;
  const mask = g.node('Cast', [g.node('IsNaN', [e.ins[0]])], [attr.int('to', onnxTypeOf('float32'))]);
  return g.node('ReduceMax', [mask], [attr.ints('axes', axes), attr.int('keepdims', keep ? 1 : 0)]);
}

function max(e: EmitArgs): void {
  const { g, ins, out, node } = e;
  const { axes, keepDims } = attrsOf<AxesAttrs>(e);
  if (axes.length === 0) { g.node('Identity', [ins[0]], [], [out]); return; }
  const keep = attr.int('keepdims', keepDims ? 1 : 0);
  if (node.dtype !== 'float32') { g.node('ReduceMax', [ins[0]], [attr.ints('axes', axes), keep], [out]); return; }
  const m = g.node('ReduceMax', [ins[0]], [attr.ints('axes', axes), keep]);
  const nan = g.node('Greater', [anyNaN(e, axes, keepDims), g.scalar(0, 'float32')]);
  g.node('Where', [nan, g.scalar(NaN, 'float32'), m], [], [out]);
}

function argExtreme(e: EmitArgs): void {
  const { g, ins, out, node } = e;
  const { axis, keepDims } = attrsOf<AxisAttrs>(e);
  const attrs = [attr.int('axis', axis), attr.int('keepdims', keepDims ? 1 : 0), attr.int('select_last_index', 0)];
  let idx = g.node(node.op === 'argmax' ? 'ArgMax' : 'ArgMin', [ins[0]], attrs);
  if (node.inputs[0].dtype === 'float32') {
    const mask = g.node('Cast', [g.node('IsNaN', [ins[0]])], [attr.int('to', onnxTypeOf('float32'))]);
    const firstNaN = g.node('ArgMax', [mask], attrs);
    const any = g.node('Greater', [g.node('ReduceMax', [mask], [attr.ints('axes', [axis]), attr.int('keepdims', keepDims ? 1 : 0)]), g.scalar(0, 'float32')]);
    idx = g.node('Where', [any, firstNaN, idx]);
  }
  g.node('Cast', [idx], [attr.int('to', onnxTypeOf('int32'))], [out]);
}

function logsumexp(e: EmitArgs): void {
  const { g, ins, out } = e;
  const { axes, keepDims } = attrsOf<AxesAttrs>(e);
  const x = ins[0];
  const m = g.node('ReduceMax', [x], [attr.ints('axes', axes), attr.int('keepdims', 1)]);
  // An infinite (or NaN) maximum is not subtracted: exp then gives 0 or ∞ and the log −∞ or ∞.
  const finite = g.node('Not', [g.node('Or', [g.node('IsInf', [m]), g.node('IsNaN', [m])])]);
  const shift = g.node('Where', [finite, m, g.scalar(0, 'float32')]);
  const s = g.node('ReduceSum', [g.node('Exp', [g.node('Sub', [x, shift])]), g.int64(axes)], [attr.int('keepdims', 1)]);
  const r = g.node('Add', [g.node('Log', [s]), shift]);
  if (keepDims) g.node('Identity', [r], [], [out]);
  else g.node('Squeeze', [r, g.int64(axes)], [], [out]);
}

/** The reduction emitters by op. */
export const REDUCE: Record<string, Emitter> = { sum, max, argmax: argExtreme, argmin: argExtreme, logsumexp };
