/**
 * @tensorloom/backend-cpu: kernels on TypedArrays. Importing this package registers nothing;
 * call `registerCpuBackend()`.
 *
 * @example
 * import { tensor, setBackend } from '@tensorloom/core';
 * import { registerCpuBackend } from '@tensorloom/backend-cpu';
 * registerCpuBackend();
 * setBackend('cpu');
 * console.log(await tensor([1, 2, 3]).mul(2).data());
 */
import { registerBackend } from '@tensorloom/core';
import { CpuBackend, type CpuBackendOptions } from './cpu_backend.js';

export { CpuBackend, type CpuBackendOptions } from './cpu_backend.js';
export { wasmFeatures, type WasmFeatures } from './wasm/wasm_features.js';

/** registerCpuBackend's options: the backend's own and the registry priority. */
export interface RegisterCpuOptions extends CpuBackendOptions {
  /** Registry priority (higher wins when no backend is set explicitly; default 1). */
  readonly priority?: number;
}
export { kernels, fused } from './kernels/index.js';

/**
 * Registers the CPU backend under the name `cpu`, with a registry priority (higher wins when
 * no backend is set explicitly) given as a number or in the options.
 *
 * @example
 * registerCpuBackend();
 * registerCpuBackend({ wasm: false, priority: 0 }); // the JavaScript kernels only
 */
export function registerCpuBackend(options: number | RegisterCpuOptions = {}): void {
  const o: RegisterCpuOptions = typeof options === 'number' ? { priority: options } : options;
  registerBackend('cpu', () => {
    const b = new CpuBackend(o);
    void b.ready(); // starts the worker pool in the background
    return b;
  }, o.priority ?? 1);
}
