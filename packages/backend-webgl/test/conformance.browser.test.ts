/**
 * The backend conformance kit on WebGL2 (headless Chromium, SwiftShader). Two capabilities are
 * declared below, and the kit skips (with these reasons) exactly the tests that need more:
 * - int32Range: false: tfjs WebGL keeps int32 in float32 textures, exact only up to 2^24
 *   (info().maxExactInteger), so ±2^31 cannot be represented.
 * - indexChecks: 'host': gather and scatterAdd reject out-of-range indices written from JS
 *   (through a host mirror; see kernels.browser.test.ts), but not indices computed on the GPU
 *   (softmaxCrossEntropy's and takeAlongAxis's flat indices): checking those needs a blocking
 *   readback.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@tensorloom/core/testing';
import { createWebglBackend, createWebglBackendSync } from '@tensorloom/backend-webgl';

let loaded = false;
runConformance(
  () => (loaded ? createWebglBackendSync() : createWebglBackend().then((b) => { loaded = true; return b; })),
  {
    name: 'webgl',
    runner: { describe, it, beforeAll, afterAll },
    capabilities: { int32Range: false, indexChecks: 'host' },
  },
);
