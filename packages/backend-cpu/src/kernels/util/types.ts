/**
 * Shared kernel types of the CPU backend: storage is a contiguous row-major TypedArray.
 */
import type {
  ComposedOpAttrs, ComposedOpName, Kernel, PrimitiveAttrs, PrimitiveName, TensorInfo, TypedArray,
} from '@tensorloom/core';

/** What a CPU kernel knows about one tensor. */
export type Info = TensorInfo<TypedArray>;

/** A CPU kernel for primitive `P`. */
export type CpuKernel<P extends PrimitiveName> = Kernel<PrimitiveAttrs[P], TypedArray>;

/** A CPU fused kernel for composed op `C`. */
export type CpuFusedKernel<C extends ComposedOpName> = Kernel<ComposedOpAttrs[C], TypedArray>;
