/**
 * GpuTensorStorage: what a Tensorloom tensor holds on this backend: a pooled storage buffer
 * (4 bytes per element for every dtype: f32, i32, and bool as u32 0/1), its element count,
 * the runtime that owns it, and, for small int32 tensors written from JS, a host copy of the
 * values so gather and scatterAdd can check index ranges without a GPU read.
 */
import type { DType } from '@tensorloom/core';
import type { GpuRuntime } from './gpu/runtime.js';
import type { GpuBufferLike } from './gpu/types.js';

/**
 * One tensor's storage on this backend.
 *
 * @example
 * const s = backend.write(Float32Array.of(1, 2), [2], 'float32');
 * console.log(s.length, s.buffer.size); // 2 256
 */
export class GpuTensorStorage {
  constructor(
    readonly rt: GpuRuntime,
    readonly buffer: GpuBufferLike,
    readonly length: number,
    readonly dtype: DType,
    /** Host values of an int32 tensor written from JS (index checks); absent otherwise. */
    readonly hostInts?: Int32Array,
  ) {}
}
