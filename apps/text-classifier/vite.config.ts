/**
 * Vite config of the text app: the shared app config (apps/shared/vite/app_config.ts: workspace
 * packages from source, HTML partials, a module worker, COOP/COEP). The prepared datasets
 * (generated/*.json, made by scripts/prepare_data.ts before dev and build) are fetched by the
 * worker as assets (`?url`), never inlined into a chunk.
 */
import { defineConfig } from 'vite';
import { appConfig } from '../shared/vite/app_config.js';

export default defineConfig(appConfig({ port: 5174, previewPort: 4174, build: { assetsInlineLimit: 0 } }));
