/**
 * End to end: writes a WAV of eSpeak NG saying "yes" (a training voice, 16 kHz), builds the app
 * (which generates the page's clip set), serves it with `vite preview`, and drives it in headless
 * Chromium whose fake microphone plays that WAV in a loop: train in the worker, record, check
 * that "yes" is the top class and the bars sum to 1, record three examples and fine-tune on
 * them, save and load the model (download + upload, and IndexedDB), and keep a screenshot
 * under test-results/. Then, from fresh pages, the model trains a few steps on `webgpu`
 * (SwiftShader) and on `onnx` (onnxruntime-web, its files served under ort/) and follows the
 * losses of the same steps on `cpu`. Then the dev server (`pnpm dev`'s path): the page trains there too.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServer } from 'vite';
import type { Page } from 'playwright';
import { encodeWav } from '@tensorloom/data';
import { startAppSession, type AppSession } from '../../shared/e2e/app_session.js';
import { fillForm } from '../../shared/e2e/fill_form.js';
import { recordProblems } from '../../shared/e2e/page_problems.js';
import { waitForWorker } from '../../shared/e2e/wait_for_worker.js';
import { againstCpu, firstLosses, type LossRun } from '../../shared/e2e/backend_losses.js';
import { EspeakSynth, type EspeakModule } from '../src/synth/espeak.js';
import { SAMPLE_RATE, trimSilence } from '../src/clips.js';

const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** A fake microphone that plays a WAV file, and audio without a user gesture (shared/TESTING.md). */
const MICROPHONE_ARGS = ['--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let tmp = '';
let session: AppSession | undefined;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'audio-classifier-e2e-'));
  // "yes" in a voice of the training split, with 1.5 s of silence: the fake microphone loops the file.
  const { default: init } = await import('@echogarden/espeak-ng-emscripten');
  const synth = await EspeakSynth.create(async () => (await init()) as EspeakModule);
  const word = trimSilence(synth.say('yes', { voice: 'en-us', rate: 170, pitch: 50 }));
  const loop = new Float32Array(2 * SAMPLE_RATE);
  loop.set(word, 4000);
  const wav = join(tmp, 'yes.wav');
  await writeFile(wav, encodeWav([loop], SAMPLE_RATE));

  session = await startAppSession(appDir, {
    chromiumArgs: [...MICROPHONE_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
    viewport: { width: 1300, height: 1100 },
    permissions: ['microphone'],
  });
  ({ page, problems } = session);
}, 300_000);

afterAll(async () => {
  await session?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

const readBars = (): Promise<number[]> => page.$$eval('#bars .bar', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.prob ?? NaN)));

/** Clicks a record button, lets the looping fake microphone play for 4.5 s (two loops), stops. */
async function record(button: string): Promise<void> {
  await page.click(button);
  await page.waitForTimeout(4500);
  await page.click(button);
}

async function predictTop(): Promise<string> {
  await page.evaluate(() => { delete (document.getElementById('predict-status') as HTMLElement).dataset.top; });
  await record('#record');
  await page.waitForFunction(() => (document.getElementById('predict-status') as HTMLElement).dataset.top !== undefined, undefined, { timeout: 60_000 });
  return (await page.getAttribute('#predict-status', 'data-top')) ?? '';
}

/** Steps compared across backends: one log interval of the Trainer (its losses arrive together). */
const STEPS = 10;

/**
 * Trains from a fresh page on `backend` (10 clips per class, batch 8, seed 0), stops once
 * `STEPS` losses are shown, waits for the held-out score, and returns those losses (each
 * batch's loss in `#status[data-loss]`) and the URLs the page and its workers fetched.
 * Two epochs of 13 steps, so that Stop lands while the run is still going (the learning rate
 * anneals per epoch: the first epoch's steps are those of a one-epoch run).
 */
function runLosses(backend: string): Promise<LossRun> {
  return firstLosses(session!.browser, session!.url, backend, {
    fields: { 'per-class': '10', epochs: '2', 'batch-size': '8', lr: '0.002' },
    steps: STEPS, lossAt: '#status', done: '#test-status[data-accuracy]', problems,
    after: async (p) => {
      expect(await p.textContent('#status')).toMatch(/^Trained in .* s \(stopped early\)\.$/); // Stop was pressed
      expect(await p.locator('#confusion td').count()).toBe(100);
    },
  });
}

/** The CPU backend's first losses, the reference the other backends follow, and the comparison. */
const backends = againstCpu((backend) => runLosses(backend));

test('trains in a worker, hears "yes" from the microphone, fine-tunes on recorded examples, saves and loads', async () => {
  await page.goto(session!.url);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // COOP/COEP: SharedArrayBuffer for threads
  // Headless Chromium has OffscreenCanvas (webgl) and, with the WebGPU flags, navigator.gpu.
  expect(await waitForWorker(page)).toEqual(['cpu', 'webgl', 'webgpu', 'onnx']);

  await fillForm(page, { backend: 'cpu', 'per-class': '0', epochs: '8' });
  await page.click('#train');
  await page.waitForFunction(() => (document.getElementById('test-status') as HTMLElement).dataset.accuracy !== undefined, undefined, { timeout: 480_000 });
  expect(await page.textContent('#status')).toMatch(/^Trained in \d+\.\d s\.$/); // all 8 epochs: not stopped early
  const testAccuracy = Number(await page.getAttribute('#test-status', 'data-accuracy'));
  expect(testAccuracy).toBeGreaterThan(0.6); // held-out voices, after a short in-browser run
  expect(await page.locator('#confusion td').count()).toBe(100);

  expect(await predictTop()).toBe('yes');
  const probs = await readBars();
  expect(probs.length).toBe(10);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  expect(Math.max(...probs)).toBe(probs[0]); // "yes" is class 0
  const before = probs[0]!;

  // Three recorded examples of "yes", then fine-tune the head on them.
  await page.selectOption('#example-label', '0');
  for (let i = 0; i < 3; i++) await record('#add-example');
  expect(await page.locator('#examples li').count()).toBe(3);
  await page.click('#finetune');
  await page.waitForFunction(() => (document.getElementById('examples-status') as HTMLElement).dataset.after !== undefined, undefined, { timeout: 240_000 });
  expect(Number(await page.getAttribute('#examples-status', 'data-after'))).toBe(1);
  expect(await predictTop()).toBe('yes');
  const after = (await readBars())[0]!;
  expect(after).toBeGreaterThanOrEqual(before - 0.05); // fine-tuning on "yes" did not make "yes" less likely

  // Save (download), reload the page, upload: the same prediction; then IndexedDB.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const file = join(tmp, 'model.safetensors');
  await download.saveAs(file);
  await page.click('#save-browser');
  await page.waitForFunction(() => /Saved in this browser/.test(document.getElementById('files-status')!.textContent ?? ''));
  await page.reload();
  await waitForWorker(page);
  await page.setInputFiles('#upload', file);
  await page.waitForFunction(() => /Loaded the model from model.safetensors/.test(document.getElementById('files-status')!.textContent ?? ''));
  expect(await predictTop()).toBe('yes');
  expect((await readBars())[0]).toBeCloseTo(after, 2);
  await page.reload();
  await waitForWorker(page);
  await page.click('#load-browser');
  await page.waitForFunction(() => /Loaded the model from this browser/.test(document.getElementById('files-status')!.textContent ?? ''));
  expect(await predictTop()).toBe('yes');

  await session!.screenshot('audio-classifier');
  expect(problems).toEqual([]);
}, 900_000);

test('the model trains on webgpu (SwiftShader) in the built page and follows the CPU losses', async () => {
  await backends.follows('webgpu', 1e-3);
  expect(problems).toEqual([]);
}, 120_000);

test('the model trains on onnx (onnxruntime-web) in the built page and follows the CPU losses', async () => {
  await backends.follows('onnx', 1e-4);
  expect(problems).toEqual([]);
}, 120_000);

test('the dev server (pnpm dev) serves the clips and the page trains there', async () => {
  const dev = await createServer({ root: appDir, configFile: join(appDir, 'vite.config.ts'), logLevel: 'error', server: { port: 0, strictPort: false, host: '127.0.0.1' } });
  const context = await session!.browser.newContext();
  try {
    await dev.listen();
    const devPage = await context.newPage();
    recordProblems(devPage, problems, 'dev');
    await devPage.goto(dev.resolvedUrls?.local[0] ?? '');
    expect(await waitForWorker(devPage)).toEqual(['cpu', 'webgl', 'webgpu', 'onnx']);
    // 10 clips per class, one epoch: the worker fetches keywords/clips.{json,bin} from the dev server.
    await fillForm(devPage, { backend: 'cpu', 'per-class': '10', epochs: '1' });
    await devPage.click('#train');
    await devPage.waitForFunction(() => (document.getElementById('test-status') as HTMLElement).dataset.accuracy !== undefined, undefined, { timeout: 120_000 });
    const accuracy = Number(await devPage.getAttribute('#test-status', 'data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(await devPage.locator('#confusion td').count()).toBe(100);
    expect(problems).toEqual([]);
  } finally {
    await context.close().catch(() => undefined);
    await dev.close();
  }
}, 300_000);
