/**
 * Vite config of the app: the shared app config (apps/shared/vite/app_config.ts: workspace
 * packages from source, HTML partials, a module worker, COOP/COEP, so SharedArrayBuffer and
 * WebAssembly threads are there); the synthesised keyword clips are generated in Node the first
 * time the dev server or a build needs them (eSpeak NG, cached in .cache/) and served as
 * `/keywords/clips.json` + `/keywords/clips.bin` (see `keywordClips`); onnxruntime-web's
 * WebAssembly files are served under ort/ for the `onnx` backend (apps/shared/vite/ort_web_files.ts).
 */
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { appConfig } from '../shared/vite/app_config.js';
import { ISOLATION_HEADERS } from '../shared/vite/isolation_headers.js';
import { ortWebFiles } from '../shared/vite/ort_web_files.js';

/** The page's training set: fewer clips than the CLI's, so the first start is quick. */
export const PAGE_SET = { perKeyword: 48, perUnknownWord: 8, silence: 48 };

function keywordClips(): Plugin {
  let files: Promise<{ index: string; bin: string }> | null = null;
  const ensure = (): Promise<{ index: string; bin: string }> => (files ??= (async () => {
    const { espeakClips } = await import('./src/node/clip_cache.js');
    const set = await espeakClips(PAGE_SET, 0, (done, total) => { if (done === total) console.log(`keyword clips ready (${total})`); });
    return { index: set.index, bin: set.bin };
  })());
  return {
    name: 'keyword-clips',
    configureServer(server) {
      server.middlewares.use('/keywords', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0];
        if (name !== '/clips.json' && name !== '/clips.bin') return next();
        ensure().then((f) => {
          const body = readFileSync(name === '/clips.json' ? f.index : f.bin);
          res.writeHead(200, { 'Content-Type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': body.length, ...ISOLATION_HEADERS });
          res.end(body);
        }, next);
      });
    },
    async generateBundle() {
      const f = await ensure();
      this.emitFile({ type: 'asset', fileName: 'keywords/clips.json', source: readFileSync(f.index) });
      this.emitFile({ type: 'asset', fileName: 'keywords/clips.bin', source: readFileSync(f.bin) });
    },
  };
}

export default defineConfig(appConfig({ port: 5175, previewPort: 4175, plugins: [keywordClips(), ortWebFiles()] }));
