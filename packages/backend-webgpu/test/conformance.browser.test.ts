/**
 * The backend conformance kit on WebGPU in headless Chromium (navigator.gpu on SwiftShader,
 * launched with --enable-unsafe-webgpu). Same capabilities as in Node (conformance.test.ts):
 * syncRead: false (reads are mapAsync), indexChecks: 'host' (device-computed indices are not
 * range-checked without a blocking read). A missing adapter fails the suite's setup.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';

const made: WebGpuBackend[] = [];
afterAll(() => { for (const b of made) b.destroy(); });

runConformance(
  async () => { const b = await createWebGpuBackend(); made.push(b); return b; },
  { name: 'webgpu', runner: { describe, it, beforeAll, afterAll }, capabilities: { syncRead: false, indexChecks: 'host' } },
);
