/**
 * The Vite config every example app starts from: the workspace packages from source, the HTML
 * partials, an ES module training worker, cross-origin isolated dev and preview servers
 * (COOP/COEP) on the app's ports, and pre-bundled page and worker dependencies.
 */
import type { BuildOptions, PluginOption, UserConfig } from 'vite';
import { htmlPartials } from './html_partials.js';
import { ISOLATION_HEADERS } from './isolation_headers.js';
import { WORKSPACE_ALIASES } from './workspace_aliases.js';

/** What differs between the apps. */
export interface AppConfigOptions {
  /** The dev server's port (`pnpm dev`). */
  port: number;
  /** The preview server's port (`vite preview` of a build). */
  previewPort: number;
  /** The app's own plugins. */
  plugins?: PluginOption[];
  /** Build options over the shared ones. */
  build?: BuildOptions;
}

/**
 * An app's Vite config.
 *
 * @example
 * export default defineConfig(appConfig({ port: 5173, previewPort: 4173, plugins: [ortWebFiles()] }));
 */
export function appConfig(options: AppConfigOptions): UserConfig {
  return {
    plugins: [htmlPartials(), ...(options.plugins ?? [])],
    resolve: { alias: WORKSPACE_ALIASES },
    worker: { format: 'es' },
    // Pre-bundle what the worker imports too (tfjs via the WebGL backend), so that the dev
    // server never re-optimizes, and so reloads, while the worker starts.
    optimizeDeps: {
      entries: ['index.html', 'src/worker.ts'],
      include: ['chart.js', '@tensorloom/backend-webgl > @tensorflow/tfjs-core', '@tensorloom/backend-webgl > @tensorflow/tfjs-backend-webgl'],
    },
    server: { port: options.port, strictPort: true, headers: ISOLATION_HEADERS },
    preview: { port: options.previewPort, strictPort: true, headers: ISOLATION_HEADERS },
    build: { target: 'es2022', chunkSizeWarningLimit: 2000, ...options.build },
  };
}
