/**
 * The Node test setup: a WebGPU entry point from the `webgpu` package (Dawn), on the SwiftShader
 * Vulkan driver named by VK_ICD_FILENAMES (set by the vitest project's env). A missing adapter
 * fails the tests that need one: a silent skip would hide a broken CI.
 */
import { create, globals } from 'webgpu';
import type { GpuLike } from '@tensorloom/backend-webgpu';

let gpu: GpuLike | null = null;

/** The shared `gpu` object (created once per test file). */
export function nodeGpu(): GpuLike {
  if (!gpu) {
    Object.assign(globalThis, globals);
    gpu = create([]) as unknown as GpuLike;
  }
  return gpu;
}
