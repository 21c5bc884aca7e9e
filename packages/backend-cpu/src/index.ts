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
import { CpuBackend } from './cpu_backend.js';

export { CpuBackend } from './cpu_backend.js';
export { kernels, fused } from './kernels/index.js';

/**
 * Registers the CPU backend under the name `cpu` with `priority` (higher wins when no
 * backend is set explicitly).
 *
 * @example
 * registerCpuBackend();
 */
export function registerCpuBackend(priority = 1): void {
  registerBackend('cpu', () => new CpuBackend(), priority);
}
