/**
 * End to end: builds the app, serves it with `vite preview` on a free port, and drives it in
 * headless Chromium (SwiftShader; see shared/TESTING.md): trains the LSTM on a small subset
 * of the spam data, types a spam-like and a ham-like message and checks the probabilities,
 * fine-tunes on typed examples, saves (download and IndexedDB) and loads the model, and
 * saves a screenshot to test-results/. Then, from fresh pages, the LSTM trains a few steps on
 * `webgpu` (SwiftShader) and on `onnx` (onnxruntime-web, its files served under ort/) and
 * follows the losses of the same steps on `cpu`.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright';
import { startAppSession, type AppSession } from '../../shared/e2e/app_session.js';
import { fillForm } from '../../shared/e2e/fill_form.js';
import { waitForWorker } from '../../shared/e2e/wait_for_worker.js';
import { frameDelay, safetensorsHeader } from '../../shared/e2e/page_checks.js';
import { againstCpu, firstLosses, type LossRun } from '../../shared/e2e/backend_losses.js';
import { ensurePreparedData } from '../scripts/ensure_data.js';

const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));

const SPAMMY = 'Congratulations!!! You have been selected to receive a FREE $1000 gift card. Click here http://win-cash.example to claim your prize now. Limited time offer, order today and save 50%!';
const HAMMY = 'Hi all, I tried the patch on the list and the build still fails with gcc 3.2 on Red Hat. Does anyone know if the new version of the package fixes this bug? Thanks, Tom';

let session: AppSession | undefined;
let browser: Browser;
let page: Page;
let baseUrl = '';
let problems: string[] = [];

beforeAll(async () => {
  await ensurePreparedData(join(appDir, 'generated'));
  session = await startAppSession(appDir, { viewport: { width: 1400, height: 1100 } });
  ({ browser, page, problems, url: baseUrl } = session);
}, 240_000);

afterAll(async () => { await session?.close(); }, 60_000);

/** Types `text` into the message box and waits for the probabilities of exactly that text. */
async function probsOf(text: string): Promise<{ ham: number; spam: number }> {
  await page.fill('#message', text);
  await page.waitForFunction((t) => document.getElementById('probs')?.dataset.text === t, text, { timeout: 60_000 });
  const probs = await page.$$eval('#probs .bar', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.prob)));
  expect(probs).toHaveLength(2);
  expect(probs.every((p) => p >= 0 && p <= 1)).toBe(true);
  expect(probs[0] + probs[1]).toBeCloseTo(1, 5);
  return { ham: probs[0], spam: probs[1] };
}

/** Steps compared across backends: one log interval of the Trainer (its losses arrive together). */
const STEPS = 10;

/**
 * Trains the LSTM from a fresh page on `backend` (500 spam-task e-mails of 8 tokens, batch 8,
 * seed 0), stops once `STEPS` losses are shown, waits for the score on 20 test e-mails, and
 * returns those losses (`#speed[data-loss]`) and the URLs the page and its workers fetched.
 */
function runLosses(backend: string): Promise<LossRun> {
  return firstLosses(browser, baseUrl, backend, {
    fields: { task: 'spam', model: 'lstm', 'train-size': '500', epochs: '1', 'batch-size': '8', 'max-len': '8', lr: '0.005', 'test-size': '20' },
    steps: STEPS, done: '#test-accuracy[data-accuracy]', problems,
    after: async (p) => {
      expect(await p.textContent('#model-status')).toMatch(/^Trained in .* s \(stopped early\)\.$/);
      expect(await p.$$eval('.confusion td', (tds) => tds.reduce((s, td) => s + Number(td.textContent), 0))).toBe(20);
    },
  });
}

/** The CPU backend's first losses, the reference the other backends follow, and the comparison. */
const backends = againstCpu((backend) => runLosses(backend));

test('trains in a worker, scores typed messages, fine-tunes on typed examples, saves and loads', async () => {
  await page.goto(baseUrl);
  // Headless Chromium has OffscreenCanvas (webgl) and, with the WebGPU flags, navigator.gpu.
  expect(await waitForWorker(page)).toEqual(['cpu', 'webgl', 'webgpu', 'onnx']);
  await page.click('#finetune');
  expect(await page.textContent('#examples-status')).toContain('Train or load a model first');

  // Train the LSTM on 1,000 spam-task e-mails (48 tokens each), 2 epochs; score 400 test e-mails.
  await fillForm(page, { task: 'spam', model: 'lstm', backend: 'cpu', 'train-size': '1000', epochs: '2', 'max-len': '48', lr: '0.005', 'test-size': '400' });
  await page.click('#train');
  await page.waitForFunction(() => (document.getElementById('speed')?.textContent ?? '').includes('step'), undefined, { timeout: 120_000 });
  // The page stays responsive while the worker trains.
  expect(await frameDelay(page)).toBeLessThan(1000);
  await page.waitForSelector('#test-accuracy[data-accuracy]', { timeout: 400_000 });
  const acc = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  console.log(`e2e: test accuracy after 2 epochs on 1,000 e-mails: ${(100 * acc).toFixed(1)}%`);
  expect(acc).toBeGreaterThan(0.85);
  expect(await page.$$eval('.confusion td', (tds) => tds.reduce((s, td) => s + Number(td.textContent), 0))).toBe(400);

  // Typed messages: the spam-like one is spam, the ham-like one ham; the words are highlighted.
  const spammy = await probsOf(SPAMMY);
  const hammy = await probsOf(HAMMY);
  console.log(`e2e: P(spam) spam-like ${spammy.spam.toFixed(3)}, ham-like ${hammy.spam.toFixed(3)}`);
  expect(spammy.spam).toBeGreaterThan(0.5);
  expect(hammy.spam).toBeLessThan(0.5);
  expect(spammy.spam).toBeGreaterThan(hammy.spam + 0.3);
  const marks = await page.$$eval('#highlights mark', (ms) => ms.map((m) => [m.textContent, Number((m as HTMLElement).dataset.weight)] as const));
  expect(marks.length).toBe(39); // the ham-like message's tokens (shown after it was typed)
  expect(marks.every(([, w]) => Number.isFinite(w))).toBe(true);
  // Gradient × embedding instead of occlusion: the same probabilities, new weights for the same tokens.
  const occlusion = marks.map(([, w]) => w).join(',');
  await page.selectOption('#explain-method', 'gradient');
  await page.waitForFunction((old) => [...document.querySelectorAll('#highlights mark')].map((m) => Number((m as HTMLElement).dataset.weight)).join(',') !== old, occlusion, { timeout: 60_000 });
  const gradMarks = await page.$$eval('#highlights mark', (ms) => ms.map((m) => [m.textContent, Number((m as HTMLElement).dataset.weight)] as const));
  expect(gradMarks.map(([t]) => t)).toEqual(marks.map(([t]) => t));
  expect(gradMarks.every(([, w]) => Number.isFinite(w))).toBe(true);
  const hammyAgain = (await page.$$eval('#probs .bar', (bs) => bs.map((b) => Number((b as HTMLElement).dataset.prob))))[1];
  expect(hammyAgain).toBeCloseTo(hammy.spam, 5);
  await page.selectOption('#explain-method', 'occlusion');

  // Fine-tune on typed examples: a message in a style the data never had, labelled spam.
  const novel = 'Dear friend, kindly send your bank details so we can transfer the inheritance of your late uncle';
  const before = await probsOf(novel);
  await page.click('#label-buttons [data-label="1"]');
  await page.fill('#message', 'Dear friend, kindly reply with your account number to receive the inheritance funds');
  await page.click('#label-buttons [data-label="1"]');
  await page.fill('#message', 'Thanks for the review of the patch, I will send the new version to the list tomorrow');
  await page.click('#label-buttons [data-label="0"]');
  expect(await page.textContent('#examples-status')).toContain('3 examples (1 ham, 2 spam)');
  await probsOf(novel);
  await page.click('#finetune');
  await page.waitForSelector('#finetune-result[data-done]', { timeout: 300_000 });
  const line = (await page.textContent('#finetune-result')) ?? '';
  console.log(`e2e: ${line}; P(spam) of the novel message ${before.spam.toFixed(3)} →`);
  expect(line).toMatch(/^Fine-tuned on 3 examples \(\+200 training texts replayed\): P\(your label\) \d+\.\d% → \d+\.\d%; test accuracy \d+\.\d% → \d+\.\d%\.$/);
  expect(Number(await page.getAttribute('#finetune-result', 'data-after'))).toBeGreaterThan(Number(await page.getAttribute('#finetune-result', 'data-before')));
  await page.waitForFunction(() => document.getElementById('test-accuracy')?.dataset.accuracy !== undefined, undefined, { timeout: 60_000 });
  const after = await probsOf(`${novel} `);
  console.log(`e2e: … ${after.spam.toFixed(3)}`);
  expect(after.spam).toBeGreaterThan(before.spam);

  // Save as a file: a safetensors checkpoint with the weights, the vocabulary and the classes.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const header = safetensorsHeader(await readFile((await download.path())!)) as Record<string, unknown> & { __metadata__: { extra: string } };
  expect(Object.keys(header)).toEqual(expect.arrayContaining(['embedding.weight', 'lstm.weight_ih_l0', 'lstm.weight_hh_l0', 'head.weight']));
  const extra = JSON.parse(header.__metadata__.extra) as { classes: string[]; vocab: { tokens: string[] } };
  expect(extra.classes).toEqual(['ham', 'spam']);
  expect(extra.vocab.tokens.slice(0, 2)).toEqual(['<pad>', '<unk>']);

  // Save in IndexedDB, load it back: same test accuracy and the same probabilities.
  const accNow = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  await page.click('#store');
  await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.includes('Saved in this browser'), undefined, { timeout: 30_000 });
  await page.click('#restore');
  await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.includes('Loaded a lstm spam model'), undefined, { timeout: 30_000 });
  await page.waitForSelector('#test-accuracy[data-accuracy]', { timeout: 120_000 });
  expect(Number(await page.getAttribute('#test-accuracy', 'data-accuracy'))).toBeCloseTo(accNow, 6);
  const reloaded = await probsOf(novel);
  expect(reloaded.spam).toBeCloseTo(after.spam, 5);
  await probsOf(SPAMMY);

  await session!.screenshot('text-classifier');
  expect(problems).toEqual([]);
}, 900_000);

test('the LSTM trains on webgpu (SwiftShader) in the built page and follows the CPU losses', async () => {
  await backends.follows('webgpu', 1e-3);
  expect(problems).toEqual([]);
}, 120_000);

test('the LSTM trains on onnx (onnxruntime-web) in the built page and follows the CPU losses', async () => {
  await backends.follows('onnx', 1e-4);
  expect(problems).toEqual([]);
}, 120_000);
