/**
 * Vite config of the text app: the shared app config (apps/shared/vite/app_config.ts: workspace
 * packages from source, HTML partials, a module worker, COOP/COEP) and onnxruntime-web's
 * WebAssembly files for the `onnx` backend (apps/shared/vite/ort_web_files.ts). The prepared datasets
 * (generated/*.json, made by scripts/prepare_data.ts before dev and build) are fetched by the
 * worker as assets (`?url`), never inlined into a chunk.
 */
import { defineConfig } from 'vite';
import { appConfig } from '../shared/vite/app_config.js';
import { ortWebFiles } from '../shared/vite/ort_web_files.js';

export default defineConfig(appConfig({ port: 5174, previewPort: 4174, build: { assetsInlineLimit: 0 }, plugins: [ortWebFiles()] }));
