/**
 * Vite config of the app. The workspace packages are served from their TypeScript sources;
 * the training worker is an ES module worker; the synthesised keyword clips are generated in
 * Node the first time the dev server or a build needs them (eSpeak NG, cached in .cache/) and
 * served as `/keywords/clips.json` + `/keywords/clips.bin` (see `keywordClips`). Pages are
 * cross-origin isolated (COOP/COEP), so SharedArrayBuffer and WebAssembly threads are there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const pkg = (p: string): string => fileURLToPath(new URL(`../../packages/${p}`, import.meta.url));

export const alias = {
  '@tensorloom/core': pkg('core/src/index.ts'),
  '@tensorloom/backend-cpu': pkg('backend-cpu/src/index.ts'),
  '@tensorloom/backend-webgl': pkg('backend-webgl/src/index.ts'),
  '@tensorloom/nn': pkg('nn/src/index.ts'),
  '@tensorloom/data': pkg('data/src/index.ts'),
  '@tensorloom/finetune': pkg('finetune/src/index.ts'),
};

/** The page's training set: fewer clips than the CLI's, so the first start is quick. */
export const PAGE_SET = { perKeyword: 48, perUnknownWord: 8, silence: 48 };

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

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
          res.writeHead(200, { 'Content-Type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': body.length, ...ISOLATION });
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

export default defineConfig({
  plugins: [keywordClips()],
  resolve: { alias },
  worker: { format: 'es' },
  optimizeDeps: {
    entries: ['index.html', 'src/worker.ts'],
    include: ['chart.js', '@tensorloom/backend-webgl > @tensorflow/tfjs-core', '@tensorloom/backend-webgl > @tensorflow/tfjs-backend-webgl'],
  },
  server: { port: 5175, strictPort: true, headers: ISOLATION },
  preview: { port: 4175, strictPort: true, headers: ISOLATION },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
