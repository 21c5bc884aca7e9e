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
import type { Backend } from '@tensorloom/core';
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
  // registerBackend takes Backend<unknown>; kernels are contravariant in their storage type,
  // so a Backend<TypedArray> needs this widening (see the note on core's Factory type).
  registerBackend('cpu', () => new CpuBackend() as unknown as Backend, priority);
}
