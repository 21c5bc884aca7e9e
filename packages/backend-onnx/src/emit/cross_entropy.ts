/**
 * softmaxCrossEntropy's forward in ONNX, in the coefficients of core's composition
 * (composed/cross_entropy.ts): l_i = −Σ_c a_ic·logp_ic. Class targets without label smoothing
 * (a training step's usual loss) take logp[i, t_i] with one GatherElements instead of core's
 * flat-index gather; the VJP is core's and shares LogSoftmax with this graph.
 */
import { attr } from '@tensorloom/onnx';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { attrsOf, type EmitArgs } from './context.js';

type Attrs = ComposedOpAttrs['softmaxCrossEntropy'] & { checked?: boolean };

/** `x` of `shape` as [M, C] with the class axis last. */
function toRows(e: EmitArgs, x: string, shape: readonly number[], axis: number, rows: number, classes: number): string {
  const { g } = e;
  let v = x;
  if (axis !== shape.length - 1) v = g.node('Transpose', [v], [attr.ints('perm', [...shape.keys()].filter((i) => i !== axis).concat(axis))]);
  if (shape.length !== 2) v = g.node('Reshape', [v, g.int64([rows, classes])]);
  return v;
}

/**
 * Emits the loss of a softmaxCrossEntropy node: class (int32) or soft targets, class weights,
 * label smoothing, ignoreIndex and every reduction, with core's coefficients (the kit checks each
 * against the float64 reference).
 */
export function softmaxCrossEntropy(e: EmitArgs): void {
  const { g, node, out } = e;
  const a = attrsOf<Attrs>(e);
  const [logits, target, weight] = node.inputs;
  const classes = logits.shape[a.axis];
  const rows = classes === 0 ? 0 : logits.size / classes;
  // Scalars as shared literals: the same initializers as the ones core's VJP writes (its 0, its
  // ignoreIndex), so onnxruntime sees the VJP's mask and target chains as this graph's and computes them once.
  const f = (v: number): string => g.literal('float32', [], [v]);
  const i32 = (v: number): string => g.literal('int32', [], [v]);
  if (logits.size === 0) {
    // No positions (or no classes): the sum is 0 and the mean 0/0 (a 'none' output is empty, emitted before).
    g.node('Identity', [f(a.reduction === 'sum' ? 0 : NaN)], [], [out]);
    return;
  }
  const z = toRows(e, e.ins[0], logits.shape, a.axis, rows, classes);
  const logp = g.node('LogSoftmax', [z], [attr.int('axis', 1)]);
  const sumRows = (coef: string): string => g.node('Neg', [g.node('ReduceSum', [
    g.node('Where', [g.node('Equal', [coef, f(0)]), f(0), g.node('Mul', [coef, logp])]), g.int64([1])], [attr.int('keepdims', 0)])]);
  const eps = a.labelSmoothing;
  let losses: string;
  let denominator: string | null = null;
  if (target.dtype === 'int32') {
    let t = target.shape.length === 1 ? e.ins[1] : g.node('Reshape', [e.ins[1], g.int64([rows])]);
    const valid = a.ignoreIndex === null ? null : g.node('Not', [g.node('Equal', [t, i32(a.ignoreIndex)])]);
    if (valid) t = g.node('Where', [valid, t, i32(0)]);
    // Targets computed in the graph are unchecked: one out of range is clamped into its row.
    if (!a.checked) t = g.node('Max', [g.node('Min', [t, i32(classes - 1)]), i32(0)]);
    const validF = valid ? g.node('Cast', [valid], [attr.int('to', 1)]) : null;
    const wt = weight ? g.node('Gather', [e.ins[2], t], [attr.int('axis', 0)]) : null;
    const rowScale = validF && wt ? g.node('Mul', [validF, wt]) : (validF ?? wt);
    const column = g.node('Reshape', [t, g.int64([rows, 1])]);
    if (eps === 0) {
      const picked = g.node('Reshape', [g.node('GatherElements', [logp, column], [attr.int('axis', 1)]), g.int64([rows])]);
      losses = rowScale
        ? g.node('Neg', [g.node('Where', [g.node('Equal', [rowScale, f(0)]), f(0), g.node('Mul', [picked, rowScale])])])
        : g.node('Neg', [picked]);
    } else {
      const range = g.literal('int32', [classes], Array.from({ length: classes }, (_, i) => i));
      const hot = g.node('Cast', [g.node('Equal', [column, range])], [attr.int('to', 1)]);
      let coef = g.node('Mul', [hot, rowScale ? g.node('Reshape', [g.node('Mul', [rowScale, f(1 - eps)]), g.int64([rows, 1])]) : f(1 - eps)]);
      const smooth = weight ? g.node('Reshape', [g.node('Mul', [e.ins[2], f(eps / classes)]), g.int64([1, classes])]) : f(eps / classes);
      coef = g.node('Add', [coef, validF ? g.node('Mul', [g.node('Reshape', [validF, g.int64([rows, 1])]), smooth]) : smooth]);
      losses = sumRows(coef);
    }
    if (rowScale) denominator = g.node('ReduceSum', [rowScale], [attr.int('keepdims', 0)]);
  } else {
    let coef = toRows(e, e.ins[1], target.shape, a.axis, rows, classes);
    if (eps > 0) coef = g.node('Add', [g.node('Mul', [coef, f(1 - eps)]), f(eps / classes)]);
    if (weight) coef = g.node('Mul', [coef, g.node('Reshape', [e.ins[2], g.int64([1, classes])])]);
    losses = sumRows(coef);
  }
  if (a.reduction === 'none') {
    g.node('Reshape', [losses, g.int64([...node.shape])], [], [out]);
    return;
  }
  const total = g.node('ReduceSum', [losses], [attr.int('keepdims', 0)], a.reduction === 'sum' ? [out] : undefined);
  if (a.reduction === 'mean') g.node('Div', [total, denominator ?? f(rows)], [], [out]);
}
