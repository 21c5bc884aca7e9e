/**
 * @tensorloom/backend-webgl: Tensorloom's primitives on @tensorflow/tfjs-backend-webgl.
 * Importing it registers nothing; call `registerWebglBackend()`.
 *
 * @example
 * import { setBackend, tensor, matmul } from '@tensorloom/core';
 * import { registerWebglBackend } from '@tensorloom/backend-webgl';
 * registerWebglBackend();
 * await setBackend('webgl');
 * console.log(await matmul(tensor([[1, 2]]), tensor([[3], [4]])).array()); // [[11]]
 */
export { registerWebglBackend } from './register.js';
export { createWebglBackend, createWebglBackendSync, type WebglBackendOptions, type WebglInfo } from './backend.js';
export { webglKernels } from './kernels/index.js';
export { webglFused } from './fused/index.js';
