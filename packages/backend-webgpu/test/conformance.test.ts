/**
 * The backend conformance kit on WebGPU in Node (Dawn + SwiftShader). Capabilities declared:
 * - syncRead: false: GPU reads are asynchronous (staging buffer + mapAsync); no readSync.
 * - indexChecks: 'host': gather and scatterAdd reject out-of-range indices written from JS
 *   (host copies of small int32 writes), not indices computed on the GPU (that needs a
 *   blocking read); such an index gives 0 / adds nowhere, never reads outside the input.
 * int32 is exact over its whole range (i32 storage, wrapping arithmetic), so int32Range stays true.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

const made: WebGpuBackend[] = [];
afterAll(() => { for (const b of made) b.destroy(); });

runConformance(
  async () => { const b = await createWebGpuBackend({ gpu: nodeGpu() }); made.push(b); return b; },
  { name: 'webgpu', runner: { describe, it, beforeAll, afterAll }, capabilities: { syncRead: false, indexChecks: 'host' } },
);
