/**
 * An end-to-end session of one app: builds it into a temporary folder, serves the build with
 * `vite preview` on a free port of 127.0.0.1 (the app's COOP/COEP headers included), launches
 * headless Chromium (chromium.ts) and opens a page whose errors are recorded. `close` ends it all
 * and removes the build.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchChromium } from './chromium.js';
import { recordProblems } from './page_problems.js';

/** How the browser starts. */
export interface AppSessionOptions {
  /** Chromium flags beside CHROMIUM_ARGS (a fake microphone, …). */
  chromiumArgs?: readonly string[];
  /** The page's viewport (default 1400 × 1000). */
  viewport?: { width: number; height: number };
  /** Permissions granted to the page's origin (e.g. `microphone`). */
  permissions?: string[];
}

/** A built, served app and a browser page on it. */
export interface AppSession {
  /** The preview server's URL, `http://127.0.0.1:PORT/`. */
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The page errors and console errors of `page`. */
  problems: string[];
  /** Saves a full-page screenshot of `page` as the app's test-results/`name`.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds and serves the app in `appDir` and opens a page (not yet on its URL).
 *
 * @example
 * const session = await startAppSession(appDir);
 * await session.page.goto(session.url);
 */
export async function startAppSession(appDir: string, options: AppSessionOptions = {}): Promise<AppSession> {
  const configFile = join(appDir, 'vite.config.ts');
  const outDir = await mkdtemp(join(tmpdir(), `${basename(appDir)}-e2e-`));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await rm(outDir, { recursive: true, force: true });
  };
  try {
    await build({ root: appDir, configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    // Port 0: the OS picks a free one.
    server = await preview({ root: appDir, configFile, logLevel: 'error', build: { outDir }, preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false } });
    const url = server.resolvedUrls?.local[0] ?? '';
    if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) throw new Error(`vite preview gave no local URL (got '${url}')`);
    browser = await launchChromium(options.chromiumArgs);
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 }, acceptDownloads: true });
    if (options.permissions) await context.grantPermissions(options.permissions);
    const page = await context.newPage();
    const problems: string[] = [];
    recordProblems(page, problems);
    const screenshot = async (name: string): Promise<void> => {
      const dir = join(appDir, 'test-results');
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    };
    return { url, browser, context, page, problems, screenshot, close };
  } catch (e) {
    await close();
    throw e;
  }
}
