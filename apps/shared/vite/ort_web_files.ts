/**
 * A Vite plugin for pages that run the ONNX backend on onnxruntime-web: `onnxruntime-web` resolves
 * to its WebAssembly-only build that loads its glue (.mjs) and binary (.wasm) from a URL, and that
 * pair is served under `<base>ort/` by the dev server and copied there by a build (so
 * `registerOnnxBackend({ runtime: 'web', wasmPaths: `${import.meta.env.BASE_URL}ort/` })` finds
 * them in dev, build and preview alike). The files come from the app's own onnxruntime-web.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { ISOLATION_HEADERS } from './isolation_headers.js';

/** The files the WebAssembly build loads (onnxruntime-web 1.30: one threaded SIMD build). */
export const ORT_WEB_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'] as const;

const CONTENT_TYPE = { mjs: 'text/javascript', wasm: 'application/wasm' } as const;

/**
 * Serves (dev) and copies (build) onnxruntime-web's WebAssembly files under `<base>ort/`.
 *
 * @example
 * export default defineConfig({ plugins: [ortWebFiles()] });
 */
export function ortWebFiles(): Plugin {
  let distDir = '';
  let base = '/';
  return {
    name: 'tensorloom-ort-web-files',
    config(config) {
      const root = resolve(config.root ?? process.cwd());
      try {
        distDir = dirname(createRequire(join(root, 'package.json')).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
      } catch (e) {
        throw new Error(`ortWebFiles: the app at ${root} needs onnxruntime-web (pnpm add onnxruntime-web@1.30.0): ${e instanceof Error ? e.message : String(e)}`);
      }
      // The WebAssembly-only build that takes its files from `wasmPaths` (no inlined glue, no
      // `new URL(…, import.meta.url)` asset for Vite to copy a second time).
      return { resolve: { alias: [{ find: /^onnxruntime-web$/, replacement: join(distDir, 'ort.wasm.min.mjs') }] } };
    },
    configResolved(config) { base = config.base; },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const name = path.startsWith(`${base}ort/`) ? path.slice(`${base}ort/`.length) : '';
        if (!(ORT_WEB_FILES as readonly string[]).includes(name)) return next();
        const file = join(distDir, name);
        const type = CONTENT_TYPE[name.endsWith('.wasm') ? 'wasm' : 'mjs'];
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size, 'Cache-Control': 'no-cache', ...ISOLATION_HEADERS });
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const name of ORT_WEB_FILES) this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(join(distDir, name)) });
    },
  };
}
