/**
 * The backend contract's op list: every primitive a backend must implement, and the
 * composed ops a backend may override with a fused kernel. One typed table of names and
 * attributes (after tfjs-core's kernel_names.ts); autograd and dispatch are typed by it.
 *
 * Kernel conventions (core guarantees them before a kernel is called):
 * - Binary ops get operands of one dtype and broadcast them NumPy-style.
 * - Axes are non-negative and sorted; shapes are valid; the output shape and dtype are given.
 * - `matmul` gets rank-3 operands [B, M, K] x [B, K, N] (B may be 1 on either side: broadcast).
 */
import type { DType } from './dtype.js';

type NoAttrs = Record<string, never>;

/** Attributes of each required primitive. */
export interface PrimitiveAttrs {
  // elementwise unary
  neg: NoAttrs; exp: NoAttrs; log: NoAttrs; sqrt: NoAttrs; sin: NoAttrs; cos: NoAttrs;
  tanh: NoAttrs; erf: NoAttrs; abs: NoAttrs; sign: NoAttrs; floor: NoAttrs;
  reciprocal: NoAttrs; logicalNot: NoAttrs;
  cast: { dtype: DType };
  // binary, broadcasting
  add: NoAttrs; sub: NoAttrs; mul: NoAttrs; div: NoAttrs; pow: NoAttrs;
  maximum: NoAttrs; minimum: NoAttrs;
  equal: NoAttrs; less: NoAttrs; lessEqual: NoAttrs; greater: NoAttrs; greaterEqual: NoAttrs;
  logicalAnd: NoAttrs; logicalOr: NoAttrs;
  /** where(condition: bool, a, b), all three broadcast. */
  where: NoAttrs;
  // reductions
  sum: { axes: number[]; keepDims: boolean };
  max: { axes: number[]; keepDims: boolean };
  argmax: { axis: number; keepDims: boolean };
  argmin: { axis: number; keepDims: boolean };
  // movement
  reshape: { shape: number[] };
  transpose: { perm: number[] };
  slice: { begin: number[]; size: number[] };
  /** Constant padding: `pads[d] = [before, after]`, both >= 0. */
  pad: { pads: Array<[number, number]>; value: number };
  concat: { axis: number };
  expand: { shape: number[] };
  /** ONNX Gather: out = x[..., indices[j...], ...] along `axis`; out shape = x[:axis] + indices + x[axis+1:]. */
  gather: { axis: number };
  /** The transpose of gather: out = x; out[..., indices[j], ...] += updates[..., j, ...]. Inputs (x, indices, updates). */
  scatterAdd: { axis: number };
  matmul: { transposeA: boolean; transposeB: boolean };
}

export type PrimitiveName = keyof PrimitiveAttrs;

export type Pair = [number, number];

/** Attributes of the composed ops that a backend may override with a fused kernel. */
export interface CompositeAttrs {
  softmax: { axis: number };
  logSoftmax: { axis: number };
  logsumexp: { axes: number[]; keepDims: boolean };
  /** Inputs: logits, target (int32 class indices, or float32 probabilities), optional weight [C]. */
  softmaxCrossEntropy: {
    axis: number;
    reduction: 'none' | 'mean' | 'sum';
    labelSmoothing: number;
    ignoreIndex: number | null;
  };
  /** Inputs: x [N, C, H, W], weight [O, C/groups, kh, kw]. */
  conv2d: { stride: Pair; padding: Pair; dilation: Pair; groups: number };
  /** conv2d's gradient for its input. Inputs: dy [N, O, Ho, Wo], weight; `inputSize` is [H, W]. */
  conv2dInputGrad: { stride: Pair; padding: Pair; dilation: Pair; groups: number; inputSize: Pair };
  /** conv2d's gradient for its weight. Inputs: x, dy [N, O, Ho, Wo]; `kernelSize` is [kh, kw]. */
  conv2dFilterGrad: { stride: Pair; padding: Pair; dilation: Pair; groups: number; kernelSize: Pair };
  maxPool2d: { kernelSize: Pair; stride: Pair; padding: Pair };
  avgPool2d: { kernelSize: Pair; stride: Pair; padding: Pair; countIncludePad: boolean };
  sigmoid: NoAttrs;
  softplus: { beta: number; threshold: number };
}

export type CompositeName = keyof CompositeAttrs;

export type OpAttrs = PrimitiveAttrs & CompositeAttrs;
export type OpName = keyof OpAttrs;

/** Every required primitive, for backends and tests that iterate over them. */
export const PRIMITIVE_NAMES = [
  'neg', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'erf', 'abs', 'sign', 'floor', 'reciprocal',
  'logicalNot', 'cast',
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'where',
  'sum', 'max', 'argmax', 'argmin',
  'reshape', 'transpose', 'slice', 'pad', 'concat', 'expand', 'gather', 'scatterAdd',
  'matmul',
] as const satisfies readonly PrimitiveName[];

/** Every overridable composed op. */
export const COMPOSITE_NAMES = [
  'softmax', 'logSoftmax', 'logsumexp', 'softmaxCrossEntropy', 'conv2d', 'conv2dInputGrad', 'conv2dFilterGrad',
  'maxPool2d', 'avgPool2d',
  'sigmoid', 'softplus',
] as const satisfies readonly CompositeName[];
