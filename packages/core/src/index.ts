/**
 * @tensorloom/core: tensors, primitives, autograd, memory, RNG and the backend contract.
 * Importing it registers nothing; register a backend (e.g. registerCpuBackend()) first.
 *
 * @example
 * import { tensor, softmax } from '@tensorloom/core';
 * import { registerCpuBackend } from '@tensorloom/backend-cpu';
 * registerCpuBackend();
 * const p = softmax(tensor([[1, 2, 3]]), -1);
 * console.log(await p.array());
 */
export { Tensor, type NestedArray } from './tensor.js';
export { TensorloomError } from './errors.js';
export type { DType, TypedArray } from './dtype.js';
export { bytesPerElement, promoteTypes } from './dtype.js';
export type { Backend, Kernel, TensorInfo, OutputSpec, PrimitiveKernels, FusedKernels } from './backend.js';
export {
  PRIMITIVE_NAMES, COMPOSITE_NAMES,
  type PrimitiveAttrs, type PrimitiveName, type CompositeAttrs, type CompositeName, type OpName, type OpAttrs, type Pair,
} from './primitives.js';
export { registerBackend, removeBackend, setBackend, getBackend, findBackend, listBackends } from './registry.js';
export { tidy, keep, startScope, endScope, memory, type MemoryInfo, type BackendMemory } from './memory.js';
export { sizeOf, stridesOf, broadcastShapes, normalizeAxis, normalizeAxes } from './shape.js';
export { noGrad, isGradEnabled } from './autograd/grad_mode.js';
export { grad, valueAndGrad, vjp } from './autograd/functional.js';
export { customVjp, type CustomVjpRule } from './autograd/custom_vjp.js';
export type { BackwardOptions } from './autograd/backward.js';
export { traceOps, type TracedOp, type OpObserver } from './trace.js';
export * from './ops/index.js';
