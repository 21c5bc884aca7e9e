/**
 * @tensorloom/backend-webgpu: Tensorloom's primitives and fused ops as WGSL compute shaders,
 * in browsers (`navigator.gpu`) and in Node (the `webgpu` package). Importing it registers
 * nothing; call `registerWebGpuBackend()`.
 *
 * @example
 * import { setBackend, tensor, matmul } from '@tensorloom/core';
 * import { registerWebGpuBackend } from '@tensorloom/backend-webgpu';
 * registerWebGpuBackend();
 * await setBackend('webgpu');
 * console.log(await matmul(tensor([[1, 2]]), tensor([[3], [4]])).array()); // [[11]]
 */
export { registerWebGpuBackend, type RegisterWebGpuOptions } from './register.js';
export { createWebGpuBackend, WebGpuBackend, type WebGpuBackendOptions, type WebGpuInfo } from './backend.js';
export { GpuTensorStorage } from './storage.js';
export { GpuRuntime, type Dispatch, type RuntimeOptions } from './gpu/runtime.js';
export { BufferPool, sizeClass, type PoolStats } from './gpu/buffer_pool.js';
export { webgpuKernels } from './kernels/index.js';
export { webgpuFused } from './fused/index.js';
export type {
  GpuLike, GpuAdapterLike, GpuAdapterInfoLike, GpuDeviceLike, GpuBufferLike, GpuQueueLike, GpuLimitsLike,
  GpuCommandEncoderLike, GpuComputePassLike, GpuComputePipelineLike, GpuErrorLike,
} from './gpu/types.js';
