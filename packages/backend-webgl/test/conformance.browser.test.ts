/** The backend conformance kit on WebGL2 (headless Chromium, SwiftShader). */
import { runConformance } from '@tensorloom/core/testing';
import { createWebglBackend, createWebglBackendSync } from '@tensorloom/backend-webgl';

let loaded = false;
runConformance(
  () => (loaded ? createWebglBackendSync() : createWebglBackend().then((b) => { loaded = true; return b; })),
  {
    name: 'webgl',
    skip: {
      'index errors':
        'softmaxCrossEntropy range-checks class targets through takeAlongAxis, whose flat indices are computed on the GPU; ' +
        'the WebGL backend checks only indices written from JS (a check of GPU-computed indices needs a synchronous readback). ' +
        'gather with out-of-range host indices does throw: see kernels.browser.test.ts',
      'integer min and max at the int32 limits':
        'tfjs WebGL keeps int32 in float32 textures, exact only up to 2^24 (info().maxExactInteger); ±2^31 cannot be represented',
    },
  },
);
