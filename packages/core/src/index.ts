/**
 * @tensorloom/core: tensors, primitives, autograd, memory, RNG and the backend contract.
 * Importing it runs nothing and registers nothing; register a backend (e.g.
 * registerCpuBackend()) first. Every export is listed by name: this list is the public API
 * (its report is api/core.api.md).
 *
 * @example
 * import { tensor, softmax } from '@tensorloom/core';
 * import { registerCpuBackend } from '@tensorloom/backend-cpu';
 * registerCpuBackend();
 * const p = softmax(tensor([[1, 2, 3]]), -1);
 * console.log(await p.array());
 *
 * @packageDocumentation
 */
// Tensors, errors, dtypes and shapes
export { Tensor, type NestedArray } from './tensor.js';
export { TensorloomError, formatShape } from './errors.js';
export { bytesPerElement, promoteTypes, type DType, type TypedArray } from './dtype.js';
export { sizeOf, stridesOf, broadcastShapes, normalizeAxis, normalizeAxes, shapesEqual, type Shape } from './shape.js';

// The backend contract and the registry
export type { Backend, Kernel, TensorInfo, OutputSpec, PrimitiveKernels, FusedKernels } from './backend.js';
export {
  PRIMITIVE_NAMES, COMPOSED_OP_NAMES,
  type PrimitiveAttrs, type PrimitiveInputs, type PrimitiveName, type ComposedOpAttrs, type ComposedOpInputs,
  type ComposedOpName, type OpAttrs, type OpName, type NoAttrs, type Pair, type UnaryInputs, type BinaryInputs,
} from './primitives.js';
export { registerBackend, removeBackend, setBackend, getBackend, findBackend, listBackends, markStep, type BackendFactory } from './registry.js';

// Memory
export { tidy, keep, startScope, endScope, memory, type MemoryInfo, type BackendMemory, type Disposable } from './memory.js';

// Autograd
export { noGrad, isGradEnabled } from './autograd/grad_mode.js';
export { grad, valueAndGrad, vjp } from './autograd/functional.js';
export { customVjp, type CustomVjpRule } from './autograd/custom_vjp.js';
export type { BackwardOptions } from './autograd/backward.js';
export { traceOps, type TracedOp, type OpObserver } from './trace.js';

// Randomness
export { manualSeed, getRngState, setRngState, type RngState } from './random/generator.js';
export { rand, randn, randint } from './ops/random.js';

// Ops
export type { TensorLike } from './ops/operand.js';
export { tensor, full, zeros, ones, scalar, arange, linspace, eye, type CreateOptions, type NestedInput } from './ops/creation.js';
export { zerosLike, onesLike, fullLike } from './ops/fill.js';
export { detach, clone } from './ops/copy.js';
export {
  neg, exp, log, sqrt, sin, cos, tanh, erf, reciprocal, abs, sign, floor, ceil, square, rsqrt, logicalNot, cast,
} from './ops/unary.js';
export {
  add, sub, mul, div, pow, maximum, minimum, equal, notEqual, less, lessEqual, greater, greaterEqual,
  logicalAnd, logicalOr, where, clamp,
} from './ops/binary.js';
export { sum, mean, max, min, argmax, argmin, variance, std, type VarianceOptions } from './ops/reduce.js';
export {
  reshape, flatten, permute, transpose, slice, narrow, pad, concat, stack, split, expand, broadcastTo, squeeze,
  unsqueeze, flip,
} from './ops/movement.js';
export { gather, indexSelect, scatterAdd, takeAlongAxis, oneHot } from './ops/indexing.js';
export { matmul } from './ops/matmul.js';
export { conv2d, type Conv2dOptions } from './ops/conv.js';
export { maxPool2d, avgPool2d, type Pool2dOptions, type AvgPool2dOptions } from './ops/pool.js';
export { relu, leakyRelu, elu, gelu, sigmoid, silu, softplus, log1p, type GeluOptions, type SoftplusOptions } from './ops/activations.js';
export { softmax, logSoftmax, logsumexp } from './ops/softmax.js';
export { softmaxCrossEntropy, type CrossEntropyOptions } from './ops/cross_entropy.js';
