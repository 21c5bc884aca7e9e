/**
 * Vite aliases that serve the workspace packages from their TypeScript sources, so `pnpm dev`
 * and a build need no package build first. Every app gets all of them; an unused one costs nothing.
 */
import { fileURLToPath } from 'node:url';

const pkg = (p: string): string => fileURLToPath(new URL(`../../../packages/${p}`, import.meta.url));

/** Package name → its source entry. */
export const WORKSPACE_ALIASES: Record<string, string> = {
  '@tensorloom/core': pkg('core/src/index.ts'),
  '@tensorloom/backend-cpu': pkg('backend-cpu/src/index.ts'),
  '@tensorloom/backend-webgl': pkg('backend-webgl/src/index.ts'),
  '@tensorloom/backend-webgpu': pkg('backend-webgpu/src/index.ts'),
  '@tensorloom/backend-onnx': pkg('backend-onnx/src/index.ts'),
  '@tensorloom/nn': pkg('nn/src/index.ts'),
  '@tensorloom/data': pkg('data/src/index.ts'),
  '@tensorloom/finetune': pkg('finetune/src/index.ts'),
  '@tensorloom/onnx': pkg('onnx/src/index.ts'),
};
