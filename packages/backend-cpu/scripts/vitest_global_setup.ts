/**
 * Vitest global setup: compiles backend-cpu's WebAssembly kernels when the generated module is
 * missing or older than assembly/ (a clean clone running `vitest run` without `pnpm build`).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./build_wasm.mjs', import.meta.url))], { stdio: 'inherit' });
}
