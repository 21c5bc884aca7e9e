/**
 * Emits ONNX nodes (opset 13–17) for each traced core op. Integer shapes that depend on the
 * batch size (dynamicBatch) come in as batch-linear vectors and become computed shape inputs.
 * An op with no ONNX form (gradient-only ops) is a TensorloomError naming it.
 */
import { TensorloomError, type DType } from '@tensorloom/core';
import { attr, GraphBuilder, type BatchLinear } from './graph_builder.js';
import type { OpRecord } from './trace.js';
import { onnxTypeOf } from '../tensor_proto.js';

/** Everything emit needs about one op. */
export interface EmitInput {
  rec: OpRecord;
  names: string[];
  out: string;
  /** The batch-linear form of an int-vector attribute of this op (constant when not dynamic). */
  linear(attrName: string): BatchLinear;
}

const UNARY: Record<string, string> = {
  neg: 'Neg', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', sin: 'Sin', cos: 'Cos', tanh: 'Tanh', erf: 'Erf', abs: 'Abs',
  sign: 'Sign', floor: 'Floor', reciprocal: 'Reciprocal', logicalNot: 'Not', sigmoid: 'Sigmoid',
};
const BINARY: Record<string, string> = {
  add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min', equal: 'Equal',
  less: 'Less', lessEqual: 'LessOrEqual', greater: 'Greater', greaterEqual: 'GreaterOrEqual', logicalAnd: 'And', logicalOr: 'Or', where: 'Where',
};

const pairs = (p: unknown): number[] => p as number[];

function crossEntropy(g: GraphBuilder, e: EmitInput): void {
  const { rec, names, out } = e;
  const a = rec.attrs as { axis: number; reduction: string; labelSmoothing: number; ignoreIndex: number | null };
  const r = rec.inputShapes[0].length;
  let logits = names[0];
  if (a.axis !== 1 && r > 1) {
    const perm = [...Array(r).keys()].filter((i) => i !== a.axis);
    perm.splice(1, 0, a.axis);
    logits = g.node('Transpose', [logits], [attr.ints('perm', perm)]);
  }
  const classTargets = rec.inputShapes[1].length === r - 1;
  if (classTargets && a.labelSmoothing === 0 && r > 1) {
    // The target lacks the class axis; the transpose above keeps the order of the other dims.
    const target = names[1];
    const attrs = [attr.string('reduction', a.reduction)];
    if (a.ignoreIndex !== null) attrs.push(attr.int('ignore_index', a.ignoreIndex));
    g.node('SoftmaxCrossEntropyLoss', names[2] ? [logits, target, names[2]] : [logits, target], attrs, [out]);
    return;
  }
  if (classTargets || names[2]) throw new TensorloomError('exportOnnx', 'softmaxCrossEntropy with label smoothing or class weights on soft targets has no ONNX export; compute the loss outside the exported function');
  // Soft targets: −Σ y·logSoftmax(z) over the class axis, then the reduction.
  const logp = g.node('LogSoftmax', [names[0]], [attr.int('axis', a.axis)]);
  const prod = g.node('Mul', [names[1], logp]);
  const summed = g.node('ReduceSum', [prod, g.int64([a.axis])], [attr.int('keepdims', 0)]);
  const per = g.node('Neg', [summed]);
  if (a.reduction === 'none') g.node('Identity', [per], [], [out]);
  else g.node(a.reduction === 'sum' ? 'ReduceSum' : 'ReduceMean', [per], [attr.int('keepdims', 0)], [out]);
}

/** Appends the nodes for one traced op; its result is named `out`. */
export function emitOp(g: GraphBuilder, e: EmitInput): void {
  const { rec, names, out } = e;
  const a = rec.attrs;
  const op = rec.op;
  if (UNARY[op]) { g.node(UNARY[op], [names[0]], [], [out]); return; }
  if (BINARY[op]) { g.node(BINARY[op], names, [], [out]); return; }
  switch (op) {
    case 'cast': g.node('Cast', [names[0]], [attr.int('to', onnxTypeOf(a.dtype as DType))], [out]); return;
    case 'sum': case 'max': {
      const axes = a.axes as number[];
      if (axes.length === 0) { g.node('Identity', [names[0]], [], [out]); return; }
      const keep = attr.int('keepdims', a.keepDims ? 1 : 0);
      if (op === 'sum') g.node('ReduceSum', [names[0], g.int64(axes)], [keep], [out]);
      else g.node('ReduceMax', [names[0]], [attr.ints('axes', axes), keep], [out]);
      return;
    }
    case 'argmax': case 'argmin': {
      const idx = g.node(op === 'argmax' ? 'ArgMax' : 'ArgMin', [names[0]], [attr.int('axis', a.axis as number), attr.int('keepdims', a.keepDims ? 1 : 0)]);
      g.node('Cast', [idx], [attr.int('to', onnxTypeOf('int32'))], [out]);
      return;
    }
    case 'reshape': g.node('Reshape', [names[0], g.shapeVector(e.linear('shape'))], [], [out]); return;
    case 'expand': g.node('Expand', [names[0], g.shapeVector(e.linear('shape'))], [], [out]); return;
    case 'transpose': g.node('Transpose', [names[0]], [attr.ints('perm', a.perm as number[])], [out]); return;
    case 'slice': {
      const begin = e.linear('begin');
      const size = e.linear('size');
      const ends: BatchLinear = { a: begin.a.map((x, i) => x + size.a[i]), b: begin.b.map((x, i) => x + size.b[i]) };
      g.node('Slice', [names[0], g.shapeVector(begin), g.shapeVector(ends)], [], [out]);
      return;
    }
    case 'pad': {
      const p = (a.pads as Array<[number, number]>);
      const value = g.scalar(a.value as number, rec.output.dtype);
      g.node('Pad', [names[0], g.int64([...p.map((x) => x[0]), ...p.map((x) => x[1])]), value], [attr.string('mode', 'constant')], [out]);
      return;
    }
    case 'concat': g.node('Concat', names, [attr.int('axis', a.axis as number)], [out]); return;
    case 'gather': g.node('Gather', names, [attr.int('axis', a.axis as number)], [out]); return;
    case 'matmul': {
      const ta = a.transposeA ? g.node('Transpose', [names[0]], [attr.ints('perm', [0, 2, 1])]) : names[0];
      const tb = a.transposeB ? g.node('Transpose', [names[1]], [attr.ints('perm', [0, 2, 1])]) : names[1];
      g.node('MatMul', [ta, tb], [], [out]);
      return;
    }
    case 'softmax': g.node('Softmax', [names[0]], [attr.int('axis', a.axis as number)], [out]); return;
    case 'logSoftmax': g.node('LogSoftmax', [names[0]], [attr.int('axis', a.axis as number)], [out]); return;
    case 'logsumexp': g.node('ReduceLogSumExp', [names[0]], [attr.ints('axes', a.axes as number[]), attr.int('keepdims', a.keepDims ? 1 : 0)], [out]); return;
    case 'softmaxCrossEntropy': crossEntropy(g, e); return;
    case 'conv2d': {
      const [ph, pw] = pairs(a.padding);
      const w = rec.inputShapes[1];
      g.node('Conv', names, [
        attr.ints('kernel_shape', [w[2], w[3]]), attr.ints('strides', pairs(a.stride)), attr.ints('dilations', pairs(a.dilation)),
        attr.ints('pads', [ph, pw, ph, pw]), attr.int('group', a.groups as number),
      ], [out]);
      return;
    }
    case 'maxPool2d': case 'avgPool2d': {
      const [ph, pw] = pairs(a.padding);
      const attrs = [attr.ints('kernel_shape', pairs(a.kernelSize)), attr.ints('strides', pairs(a.stride)), attr.ints('pads', [ph, pw, ph, pw])];
      if (op === 'avgPool2d') attrs.push(attr.int('count_include_pad', a.countIncludePad ? 1 : 0));
      g.node(op === 'maxPool2d' ? 'MaxPool' : 'AveragePool', names, attrs, [out]);
      return;
    }
    case 'softplus': {
      const beta = a.beta as number;
      if (beta === 1) { g.node('Softplus', names, [], [out]); return; }
      const scaled = g.node('Mul', [names[0], g.scalar(beta, 'float32')]);
      g.node('Div', [g.node('Softplus', [scaled]), g.scalar(beta, 'float32')], [], [out]);
      return;
    }
    default:
      throw new TensorloomError('exportOnnx', `op '${op}' has no ONNX form (it appears in gradients, e.g. scatterAdd or conv2d gradients); export a forward function only`);
  }
}
