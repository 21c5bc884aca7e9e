/** `registerWebGpuBackend`: puts the WebGPU backend in core's registry (nothing happens on import). */
import { registerBackend, type Backend } from '@tensorloom/core';
import { createWebGpuBackend, type WebGpuBackendOptions } from './backend.js';

/** Options of `registerWebGpuBackend`: the backend's, plus the registry priority. */
export interface RegisterWebGpuOptions extends WebGpuBackendOptions {
  /** Registry priority (default 3: above webgl and cpu). */
  priority?: number;
}

/**
 * Registers the WebGPU backend under `webgpu` (or `options.name`). Its factory is async (it
 * requests an adapter and a device), so select it with `await setBackend('webgpu')`.
 *
 * @example
 * import { setBackend, tensor, softmax } from '@tensorloom/core';
 * import { registerWebGpuBackend } from '@tensorloom/backend-webgpu';
 * registerWebGpuBackend();            // in Node: registerWebGpuBackend({ gpu: create([]) }) with `webgpu`
 * await setBackend('webgpu');
 * console.log(await softmax(tensor([1, 2, 3])).data());
 */
export function registerWebGpuBackend(options: RegisterWebGpuOptions = {}): void {
  registerBackend(options.name ?? 'webgpu', () => createWebGpuBackend(options) as Promise<Backend>, options.priority ?? 3);
}
