/**
 * Runs an installed example in headless Chromium (Debian's, with SwiftShader: WebGL2 and
 * WebGPU without a GPU; see shared/TESTING.md): tsup (esbuild) bundles it from the npm
 * project's node_modules for the browser, as a user's bundler would, and Playwright loads it
 * into an empty page served from 127.0.0.1 (a secure context: `about:blank` is not one, and
 * WebGPU's `navigator.gpu` exists only in secure contexts).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { chromium } from 'playwright';
import { build } from 'tsup';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];

/** console.log as Node prints it for the values examples print: strings as is, the rest as JSON. */
const CONSOLE_SHIM = `(() => {
  const log = console.log.bind(console);
  console.log = (...args) => log(args.map((a) => typeof a === 'string' ? a : JSON.stringify(a)).join(' '));
})();`;

/** What a browser run printed, and whether it finished. */
export interface BrowserRun { ok: boolean; output: string }

/** Bundles `entry` (a .js file inside the npm project `app`) and runs it in a page; resolves when it settles. */
export async function runInBrowser(entry: string, app: string, timeoutMs: number): Promise<BrowserRun> {
  const wrapper = join(dirname(entry), `run_${basename(entry)}`);
  writeFileSync(wrapper, `try { await import('./${basename(entry)}'); console.log('__EXAMPLE_DONE__'); }
catch (e) { console.log('__EXAMPLE_FAILED__ ' + (e && e.stack || e)); }\n`);
  const outDir = join(dirname(entry), 'bundle');
  await build({
    entry: { bundle: wrapper }, outDir, format: ['esm'], platform: 'browser', target: 'es2022', noExternal: [/.*/],
    splitting: false, sourcemap: false, dts: false, clean: true, silent: true, config: false, treeshake: false,
    esbuildOptions(options) { options.absWorkingDir = app; },
  });
  const out = readdirSync(outDir).find((f) => /\.m?js$/.test(f));
  if (!out) throw new Error(`tsup wrote no bundle into ${outDir}`);
  const code = readFileSync(join(outDir, out), 'utf8');

  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>example</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const lines: string[] = [];
    let settle: (ok: boolean) => void = () => {};
    const settled = new Promise<boolean>((resolve) => { settle = resolve; });
    page.on('console', (m) => {
      const text = m.text();
      if (text === '__EXAMPLE_DONE__') settle(true);
      else if (text.startsWith('__EXAMPLE_FAILED__')) { lines.push(text); settle(false); }
      else lines.push(text);
    });
    page.on('pageerror', (e) => { lines.push(`page error: ${e.stack ?? e.message}`); settle(false); });
    await page.addInitScript(CONSOLE_SHIM);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.addScriptTag({ type: 'module', content: code });
    const timer = new Promise<boolean>((resolve) => setTimeout(() => { lines.push(`timed out after ${timeoutMs} ms`); resolve(false); }, timeoutMs));
    const ok = await Promise.race([settled, timer]);
    return { ok, output: lines.join('\n') };
  } finally {
    await browser.close();
    server.close();
  }
}
