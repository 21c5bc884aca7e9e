/**
 * The backend contract's op list (after tfjs-core's kernel_names.ts): every primitive a backend
 * must implement and every composed op a backend may override with a fused kernel, each with
 * its named inputs, its attributes and its semantics. Autograd, dispatch and the backends'
 * kernel tables are typed by these tables, so a new primitive that one of them lacks does not
 * compile.
 *
 * What core guarantees before a kernel runs:
 * - Inputs are live, on this backend, in the order of {@link PrimitiveInputs}; the output shape
 *   and dtype are inferred and passed as `out`; shapes are valid (non-negative integers).
 * - BinaryInputs ops get operands of one dtype (core casts first) and broadcast them NumPy-style;
 *   comparisons and logical ops return bool, arithmetic returns the operand dtype.
 * - Axes are non-negative and sorted, without repeats; `perm` is a permutation; slices and
 *   pads are within range.
 * - `matmul` gets rank-3 operands [B, M, K] x [B, K, N] (B may be 1 on either side: broadcast).
 * - `div` gets float32 operands only (true division: core casts integers to float32).
 *
 * What a kernel guarantees:
 * - Values are row-major; float32 arithmetic is IEEE single precision (accumulating in higher
 *   precision is allowed). NaN propagates through arithmetic, `maximum`/`minimum` and the
 *   `max`/`sum` reductions; comparisons with NaN are false (`equal(NaN, NaN)` is false).
 * - int32 arithmetic (`add`, `sub`, `mul`, `neg`, `abs`, `sum`, `pow`) wraps modulo 2^32 as
 *   Int32Array stores do. A backend that cannot (int32 kept in float32 textures, exact only to
 *   2^24) declares it in the conformance kit's capabilities (`int32Range: false`).
 * - Index ranges: core does not read index tensors (that would be a blocking read on a GPU), so
 *   the backend checks them. `gather` and `scatterAdd` throw a `TensorloomError` naming the op
 *   for an index outside [0, size) when the backend can check without a blocking read (always
 *   on the CPU; for indices written from JS on GPU backends). Where it cannot (indices computed
 *   on the device), an out-of-range index gives unspecified values in that output row, never a
 *   crash or a read outside the input; such a backend declares `indexChecks: 'host'` (or
 *   `'none'`) in the conformance kit's capabilities.
 * - A kernel may return one of its inputs' storage unchanged (reshape, a same-dtype cast): core
 *   then shares the storage between the two tensors.
 */
import type { DType } from './dtype.js';

/** Attributes of a primitive or composed op that takes none. */
export type NoAttrs = Record<string, never>;

/** A pair of integers: [height, width] for 2-D windows. */
export type Pair = [number, number];

/** The attributes of each required primitive, with its semantics. */
export interface PrimitiveAttrs {
  // ---- elementwise unary (output: the input's shape) ----
  /** -x. int32 wraps: neg(-2^31) = -2^31. */
  neg: NoAttrs;
  /** e^x (float32). exp(-∞) = 0. */
  exp: NoAttrs;
  /** Natural log (float32): log(0) = -∞, log(x < 0) = NaN. */
  log: NoAttrs;
  /** √x (float32): NaN for x < 0. */
  sqrt: NoAttrs;
  /** sin x (float32). */
  sin: NoAttrs;
  /** cos x (float32). */
  cos: NoAttrs;
  /** tanh x (float32): ±1 at ±∞. */
  tanh: NoAttrs;
  /** The error function (float32), accurate to float32 rounding. */
  erf: NoAttrs;
  /** |x| (float32 or int32; |-2^31| wraps to -2^31). */
  abs: NoAttrs;
  /** -1, 0 or 1 (float32 or int32); sign(±0) = 0, sign(NaN) = NaN (NumPy). */
  sign: NoAttrs;
  /** Round toward -∞ (float32; int32 passes through unchanged). */
  floor: NoAttrs;
  /** 1/x (float32): ±∞ at ±0. */
  reciprocal: NoAttrs;
  /** NOT of a bool tensor (core casts other dtypes to bool first). */
  logicalNot: NoAttrs;
  /**
   * Converts to `dtype`. float32 → int32 truncates toward zero; NaN and ±∞ give 0 and values
   * outside the int32 range wrap modulo 2^32 (as Int32Array stores do). Anything → bool is
   * `x != 0`, so NaN → true. bool → number is 0 or 1. int32 → float32 rounds to nearest.
   * A cast to the input's own dtype may return the input storage.
   */
  cast: { dtype: DType };

  // ---- binary, broadcasting (operands of one dtype) ----
  /** a + b (int32 wraps). */
  add: NoAttrs;
  /** a − b (int32 wraps). */
  sub: NoAttrs;
  /** a · b (int32 wraps). */
  mul: NoAttrs;
  /** a / b, float32 only: x/0 = ±∞, 0/0 = NaN. */
  div: NoAttrs;
  /**
   * a ** b. float32 follows C's pow (pow(1, NaN) = 1, pow(-1, ±∞) = 1). int32 is exact integer
   * power (wrapping); a negative exponent gives the truncated 1 / a^-b.
   */
  pow: NoAttrs;
  /** Elementwise max; NaN propagates (torch.maximum). */
  maximum: NoAttrs;
  /** Elementwise min; NaN propagates (torch.minimum). */
  minimum: NoAttrs;
  /** a == b as bool (false where either is NaN). */
  equal: NoAttrs;
  /** a < b as bool. */
  less: NoAttrs;
  /** a <= b as bool. */
  lessEqual: NoAttrs;
  /** a > b as bool. */
  greater: NoAttrs;
  /** a >= b as bool. */
  greaterEqual: NoAttrs;
  /** a AND b (bool operands). */
  logicalAnd: NoAttrs;
  /** a OR b (bool operands). */
  logicalOr: NoAttrs;
  /** `condition ? a : b` elementwise; condition is bool, a and b share a dtype; all three broadcast. */
  where: NoAttrs;

  // ---- reductions over sorted axes (keepDims only changes the output shape, which core gives) ----
  /** Sum (float32 or int32; int32 wraps). An empty group sums to 0. */
  sum: { axes: number[]; keepDims: boolean };
  /** Maximum (float32 or int32); any NaN in a group gives NaN. Core never sends an empty group. */
  max: { axes: number[]; keepDims: boolean };
  /** int32 index of the first maximum along `axis` (ties: the first; a NaN counts as the maximum). */
  argmax: { axis: number; keepDims: boolean };
  /** int32 index of the first minimum along `axis` (ties: the first; a NaN counts as the minimum). */
  argmin: { axis: number; keepDims: boolean };

  // ---- movement (values never change, only where they sit) ----
  /** Same values, new shape of the same size (may return the input storage). */
  reshape: { shape: number[] };
  /** out.shape[i] = x.shape[perm[i]]. */
  transpose: { perm: number[] };
  /** The block `begin[d] .. begin[d] + size[d]` of every dimension d (in range). */
  slice: { begin: number[]; size: number[] };
  /** Constant padding: `pads[d] = [before, after]`, both >= 0, filled with `value`. */
  pad: { pads: Array<[number, number]>; value: number };
  /** Joins the inputs (at least two, one dtype) along `axis`; other dimensions match. */
  concat: { axis: number };
  /** Broadcasts x to `shape` (x's rank may be lower: leading 1s), materialising copies. */
  expand: { shape: number[] };
  /**
   * ONNX Gather: out = x[..., indices[j...], ...] along `axis`; out shape =
   * x[:axis] + indices.shape + x[axis+1:]. Indices are int32; see the index-range contract above.
   */
  gather: { axis: number };
  /**
   * The transpose of gather: out = x; out[..., indices[j], ...] += updates[..., j, ...] along
   * `axis` (repeated indices accumulate). Index ranges as for gather.
   */
  scatterAdd: { axis: number };
  /** Batched a @ b on rank-3 operands, with either operand transposed in its last two axes. */
  matmul: { transposeA: boolean; transposeB: boolean };
}

/** A primitive's name. */
export type PrimitiveName = keyof PrimitiveAttrs;

/** The input names of a unary op. */
export type UnaryInputs = readonly ['x'];
/** The input names of a binary op. */
export type BinaryInputs = readonly ['a', 'b'];

/**
 * The names of each primitive's inputs, in the order a kernel receives them (`concat` takes any
 * number of `tensors`).
 */
export interface PrimitiveInputs {
  neg: UnaryInputs; exp: UnaryInputs; log: UnaryInputs; sqrt: UnaryInputs; sin: UnaryInputs; cos: UnaryInputs; tanh: UnaryInputs; erf: UnaryInputs;
  abs: UnaryInputs; sign: UnaryInputs; floor: UnaryInputs; reciprocal: UnaryInputs; logicalNot: UnaryInputs; cast: UnaryInputs;
  add: BinaryInputs; sub: BinaryInputs; mul: BinaryInputs; div: BinaryInputs; pow: BinaryInputs; maximum: BinaryInputs; minimum: BinaryInputs;
  equal: BinaryInputs; less: BinaryInputs; lessEqual: BinaryInputs; greater: BinaryInputs; greaterEqual: BinaryInputs;
  logicalAnd: BinaryInputs; logicalOr: BinaryInputs;
  where: readonly ['condition', 'a', 'b'];
  sum: UnaryInputs; max: UnaryInputs; argmax: UnaryInputs; argmin: UnaryInputs;
  reshape: UnaryInputs; transpose: UnaryInputs; slice: UnaryInputs; pad: UnaryInputs; expand: UnaryInputs;
  concat: readonly ['...tensors'];
  gather: readonly ['x', 'indices'];
  scatterAdd: readonly ['x', 'indices', 'updates'];
  matmul: BinaryInputs;
}

/** The attributes of the composed ops that a backend may override with a fused kernel. */
export interface ComposedOpAttrs {
  /** Softmax along `axis`: exp(x − max) / Σ exp(x − max); −∞ gives 0; a row of all −∞ gives NaN. */
  softmax: { axis: number };
  /** x − logsumexp(x) along `axis`, finite for logits far apart. */
  logSoftmax: { axis: number };
  /** log Σ exp(x) over `axes`; ±∞ maxima handled (a group of all −∞ gives −∞). */
  logsumexp: { axes: number[]; keepDims: boolean };
  /** Cross-entropy over logits (ONNX SoftmaxCrossEntropyLoss semantics); see ops/cross_entropy.ts. */
  softmaxCrossEntropy: {
    axis: number;
    reduction: 'none' | 'mean' | 'sum';
    labelSmoothing: number;
    ignoreIndex: number | null;
  };
  /** 2-D convolution, NCHW, PyTorch semantics (no bias: core adds it). */
  conv2d: { stride: Pair; padding: Pair; dilation: Pair; groups: number };
  /** conv2d's gradient for its input; `inputSize` is [H, W]. */
  conv2dInputGrad: { stride: Pair; padding: Pair; dilation: Pair; groups: number; inputSize: Pair };
  /** conv2d's gradient for its weight; `kernelSize` is [kh, kw]. */
  conv2dFilterGrad: { stride: Pair; padding: Pair; dilation: Pair; groups: number; kernelSize: Pair };
  /** Max over each window; padding never wins (it is −∞). */
  maxPool2d: { kernelSize: Pair; stride: Pair; padding: Pair };
  /** maxPool2d's gradient for its input: each window's dy goes to its first maximum in x. */
  maxPool2dGrad: { kernelSize: Pair; stride: Pair; padding: Pair };
  /** Mean over each window, dividing by the full window (`countIncludePad`) or its valid part. */
  avgPool2d: { kernelSize: Pair; stride: Pair; padding: Pair; countIncludePad: boolean };
  /** 1 / (1 + e^−x) without overflow. */
  sigmoid: NoAttrs;
  /** log(1 + e^(βx))/β, and x itself where βx > threshold. */
  softplus: { beta: number; threshold: number };
}

/** A composed op's name. */
export type ComposedOpName = keyof ComposedOpAttrs;

/** The names of each composed op's inputs, in the order a fused kernel receives them. */
export interface ComposedOpInputs {
  softmax: UnaryInputs; logSoftmax: UnaryInputs; logsumexp: UnaryInputs;
  /** target: int32 class indices or float32 probabilities; weight [C] is optional. */
  softmaxCrossEntropy: readonly ['logits', 'target', 'weight?'];
  /** x [N, C, H, W], weight [O, C/groups, kh, kw]. */
  conv2d: readonly ['x', 'weight'];
  /** dy [N, O, Ho, Wo], weight. */
  conv2dInputGrad: readonly ['dy', 'weight'];
  /** x, dy [N, O, Ho, Wo]. */
  conv2dFilterGrad: readonly ['x', 'dy'];
  /** x [N, C, H, W], dy [N, C, Ho, Wo]. */
  maxPool2dGrad: readonly ['x', 'dy'];
  maxPool2d: UnaryInputs; avgPool2d: UnaryInputs; sigmoid: UnaryInputs; softplus: UnaryInputs;
}

/** The attributes of every op that dispatch knows: primitives and composed ops. */
export type OpAttrs = PrimitiveAttrs & ComposedOpAttrs;
/** A primitive's or composed op's name. */
export type OpName = keyof OpAttrs;

/**
 * Every required primitive, for backends and tests that iterate over them.
 *
 * @example
 * for (const p of PRIMITIVE_NAMES) console.log(p, typeof backend.kernels[p]);
 */
export const PRIMITIVE_NAMES = [
  'neg', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'erf', 'abs', 'sign', 'floor', 'reciprocal',
  'logicalNot', 'cast',
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'where',
  'sum', 'max', 'argmax', 'argmin',
  'reshape', 'transpose', 'slice', 'pad', 'concat', 'expand', 'gather', 'scatterAdd',
  'matmul',
] as const satisfies readonly PrimitiveName[];

/**
 * Every composed op a backend may override with a fused kernel.
 *
 * @example
 * const fusedHere = COMPOSED_OP_NAMES.filter((c) => backend.fused?.[c] !== undefined);
 */
export const COMPOSED_OP_NAMES = [
  'softmax', 'logSoftmax', 'logsumexp', 'softmaxCrossEntropy', 'conv2d', 'conv2dInputGrad', 'conv2dFilterGrad',
  'maxPool2d', 'maxPool2dGrad', 'avgPool2d',
  'sigmoid', 'softplus',
] as const satisfies readonly ComposedOpName[];

// Compile-time completeness: each list names every op of its table (a missing name is a type
// error here; an unknown one fails the `satisfies` above). Types only: no code runs.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
type AssertTrue<T extends true> = T;
type ListsAreComplete = [
  AssertTrue<Missing<PrimitiveName, (typeof PRIMITIVE_NAMES)[number]>>,
  AssertTrue<Missing<ComposedOpName, (typeof COMPOSED_OP_NAMES)[number]>>,
];
