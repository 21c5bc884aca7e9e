/**
 * Vite config of the text app. The workspace packages are served from their TypeScript
 * sources (no build needed for `pnpm dev`); the training worker is an ES module worker; the
 * prepared datasets (generated/*.json, made by scripts/prepare_data.ts before dev and
 * build) are fetched by the worker as assets (`?url`), never bundled into a chunk.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = (p: string): string => fileURLToPath(new URL(`../../packages/${p}`, import.meta.url));

export const alias = {
  '@tensorloom/core': pkg('core/src/index.ts'),
  '@tensorloom/backend-cpu': pkg('backend-cpu/src/index.ts'),
  '@tensorloom/backend-webgl': pkg('backend-webgl/src/index.ts'),
  '@tensorloom/nn': pkg('nn/src/index.ts'),
  '@tensorloom/data': pkg('data/src/index.ts'),
  '@tensorloom/finetune': pkg('finetune/src/index.ts'),
};

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  resolve: { alias },
  worker: { format: 'es' },
  optimizeDeps: {
    entries: ['index.html', 'src/worker.ts'],
    include: ['chart.js', '@tensorloom/backend-webgl > @tensorflow/tfjs-core', '@tensorloom/backend-webgl > @tensorflow/tfjs-backend-webgl'],
  },
  // Cross-origin isolated (COOP/COEP): SharedArrayBuffer, so the CPU backend's worker pool runs threads.
  server: { port: 5174, strictPort: true, headers: ISOLATION },
  preview: { port: 4174, strictPort: true, headers: ISOLATION },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: 0 },
});
