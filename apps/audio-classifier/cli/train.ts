/**
 * The CLI: generates (or reads from the cache) the synthesised keyword set, trains the
 * log-mel CNN with a progress bar, prints accuracy on held-out eSpeak voices and a confusion
 * matrix, then the domain-shift experiment: accuracy on Flite voices zero-shot and after
 * fine-tuning the head on N Flite clips per word (N = 1, 5, 20; convolutions frozen). Run:
 *
 *   pnpm --filter audio-classifier train
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { listBackends, manualSeed, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { SeededRandom } from '@tensorloom/data';
import { confusionMatrix } from '@tensorloom/nn';
import { ProgressBar, saveCheckpoint } from '@tensorloom/finetune';
import type { Clip } from '../src/dataset.js';
import { LABELS, NUM_CLASSES } from '../src/keywords.js';
import { createModel } from '../src/model.js';
import { espeakClips, fliteClips } from '../src/node/clip_cache.js';
import { clipBatches, createTrainer, fineTuneHead, predictClips } from '../src/training.js';
import { formatConfusion, progress } from './format.js';
import { numberOption } from '../../shared/cli/number_option.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'cpu' },
    epochs: { type: 'string', default: '20' },
    'batch-size': { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.002' },
    'per-keyword': { type: 'string', default: '120' },
    'finetune-epochs': { type: 'string', default: '30' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string', default: resolve(appDir, 'models/keywords-cnn.safetensors') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(`Usage: pnpm --filter audio-classifier train -- [options]
  --backend cpu          backend (default cpu)
  --epochs N             training epochs (default 20; cosine-annealed learning rate)
  --batch-size N         batch size (default 32)
  --lr X                 Adam learning rate (default 0.002)
  --per-keyword N        eSpeak clips per keyword (default 120)
  --finetune-epochs N    epochs of each Flite fine-tuning run (default 30)
  --seed N               seed of the data, init and shuffles (default 0)
  --out PATH             where to save the model (default models/keywords-cnn.safetensors)`);
  process.exit(0);
}
const num = (name: keyof typeof opts): number => numberOption(opts, name);

registerCpuBackend();
if (!listBackends().includes(opts.backend)) { console.error(`unknown backend '${opts.backend}'; have: ${listBackends().join(', ')}`); process.exit(2); }
await setBackend(opts.backend);
const seed = num('seed');
const batchSize = num('batch-size');

const espeak = await espeakClips({ perKeyword: num('per-keyword'), perUnknownWord: 12, silence: 100 }, seed, progress('eSpeak NG clips'));
const flite = await fliteClips(seed, progress('Flite clips'));
const split = (clips: Clip[], s: string): Clip[] => clips.filter((c) => c.split === s);
const [train, val, test] = (['train', 'val', 'test'] as const).map((s) => split(espeak.clips, s));
console.log(`eSpeak NG: ${train.length} train, ${val.length} validation, ${test.length} test clips (test and validation voices never seen in training); cache ${espeak.index}`);

manualSeed(seed);
const model = createModel();
console.log(`Log-mel CNN, ${model.numParameters().toLocaleString()} parameters, on ${opts.backend}; batch ${batchSize}, Adam lr ${opts.lr}`);
const trainer = createTrainer(model, { lr: Number(opts.lr), epochs: num('epochs'), callbacks: [new ProgressBar()] });
const started = performance.now();
await trainer.fit({ train: clipBatches(train, { batchSize, train: true, seed }), val: clipBatches(val, { batchSize: 64, seed }), epochs: num('epochs') });
console.log(`Trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const accuracyOf = async (clips: Clip[]): Promise<{ acc: number; pred: number[] }> => {
  const pred = await predictClips(model, clips);
  return { acc: pred.filter((p, i) => p === clips[i]!.label).length / clips.length, pred };
};
const espeakTest = await accuracyOf(test);
console.log(`\nHeld-out eSpeak NG voices: test accuracy ${(100 * espeakTest.acc).toFixed(2)}% (${test.length} clips)\n`);
console.log(formatConfusion(await confusionMatrix(espeakTest.pred, test.map((c) => c.label), NUM_CLASSES), LABELS));

const out = resolve(opts.out);
await mkdir(dirname(out), { recursive: true });
await saveCheckpoint(out, { model, epoch: num('epochs'), extra: { labels: LABELS, espeakTestAccuracy: espeakTest.acc, seed } });
console.log(`\nSaved the model to ${out}`);

// Domain shift: Flite voices, zero-shot and after fine-tuning the head on N clips per class.
const fliteTest = split(flite.clips, 'test');
const flitePool = split(flite.clips, 'train');
const pretrained = model.stateDict({ clone: true });
const rows: Array<[string, number, number]> = [['zero-shot (eSpeak only)', 0, (await accuracyOf(fliteTest)).acc]];
for (const n of [1, 5, 20]) {
  model.loadStateDict(pretrained);
  const rng = new SeededRandom(seed, 77 + n);
  const few = LABELS.flatMap((_, label) => {
    const pool = flitePool.filter((c) => c.label === label);
    return rng.permutation(pool.length).slice(0, n).map((i) => pool[i]!);
  });
  await fineTuneHead(model, few, { epochs: num('finetune-epochs'), lr: 3e-3, batchSize: 16, seed });
  rows.push([`fine-tuned on ${n} Flite clip${n > 1 ? 's' : ''} per class`, few.length, (await accuracyOf(fliteTest)).acc]);
}
console.log(`\nFlite voices (${fliteTest.length} held-out clips; head only, convolutions frozen):\n`);
console.log('| model | Flite clips used | Flite test accuracy |\n| --- | ---: | ---: |');
for (const [name, used, acc] of rows) console.log(`| ${name} | ${used} | ${(100 * acc).toFixed(1)}% |`);
