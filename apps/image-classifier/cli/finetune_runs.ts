/**
 * The four fine-tuning recipes the `finetune` CLI compares on Fashion-MNIST at one epoch
 * budget, each from the MNIST model: from scratch; head only, on cached backbone features;
 * the whole network with discriminative (layer-wise decayed) rates; LoRA on the classifier
 * with the convolutions frozen. Each returns test accuracy, wall time, trainable parameters
 * and calibration (temperature fitted on validation, ECE on the test set).
 */
import type { Tensor } from '@tensorloom/core';
import { DataLoader, type Dataset } from '@tensorloom/data';
import { Adam, Linear, Sequential, type AdamOptions, type Module } from '@tensorloom/nn';
import {
  ProgressBar, Trainer, applyLora, cacheFeatures, calibrationMetrics, collectLogits, fitTemperature, freeze, layerwiseDecay, replaceHead,
  trainableSummary, type BatchSource,
} from '@tensorloom/finetune';
import { createModel } from '../src/model.js';
import { batches } from '../src/training.js';

export interface RunResult {
  name: string;
  testAccuracy: number;
  seconds: number;
  trainable: number;
  temperature: number;
  eceBefore: number;
  eceAfter: number;
  nllBefore: number;
  nllAfter: number;
}

export interface RunContext {
  train: Dataset<[Tensor, Tensor]>;
  val: Dataset<[Tensor, Tensor]>;
  test: Dataset<[Tensor, Tensor]>;
  epochs: number;
  batchSize: number;
  seed: number;
  /** A fresh copy of the MNIST model. */
  pretrained: () => Sequential;
}


function trainer(model: Module<[Tensor], Tensor>, optimizer: Adam, label: string): Trainer {
  process.stdout.write(`\n${label}\n`);
  return new Trainer({ model, optimizer, crossEntropy: {}, metrics: ['accuracy'], callbacks: [new ProgressBar()] });
}

/** Test accuracy and calibration of `model` (T fitted on validation, ECE on test). */
async function score(name: string, model: Module<[Tensor], Tensor>, ctx: RunContext, started: number, trainable: number): Promise<RunResult> {
  const val = await collectLogits('finetune', model, batches(ctx.val, { batchSize: 256, seed: ctx.seed }));
  const temperature = fitTemperature(val.logits, val.labels, val.classes);
  const test = await collectLogits('finetune', model, batches(ctx.test, { batchSize: 256, seed: ctx.seed }));
  const before = calibrationMetrics(test.logits, test.labels, test.classes, 1);
  const after = calibrationMetrics(test.logits, test.labels, test.classes, temperature);
  const seconds = (performance.now() - started) / 1000;
  return { name, testAccuracy: before.accuracy, seconds, trainable, temperature, eceBefore: before.ece, eceAfter: after.ece, nllBefore: before.nll, nllAfter: after.nll };
}

const trainLoader = (ctx: RunContext): BatchSource => batches(ctx.train, { batchSize: ctx.batchSize, shuffle: true, seed: ctx.seed });

/** Trains all of `model` that `optimizer` holds on the training set for the run's epochs, scores it as `name`, and frees both. */
async function trainAndScore(name: string, label: string, model: Sequential, optimizer: Adam, ctx: RunContext, started: number): Promise<RunResult> {
  const t = trainer(model, optimizer, label);
  await t.fit({ train: trainLoader(ctx), epochs: ctx.epochs });
  const r = await score(name, model, ctx, started, trainableSummary(model).trainable);
  t.optimizer.dispose(); model.dispose();
  return r;
}

export async function fromScratch(ctx: RunContext): Promise<RunResult> {
  const started = performance.now();
  const model = createModel();
  return trainAndScore('from scratch', 'from scratch (all layers, Adam 2e-3)', model, new Adam(model.parameters(), { lr: 2e-3 }), ctx, started);
}

export async function headOnCachedFeatures(ctx: RunContext): Promise<RunResult> {
  const started = performance.now();
  const model = ctx.pretrained();
  replaceHead(model, '7', new Linear(16 * 7 * 7, 10));
  freeze(model, /^[0-6]\./);
  const backbone = new Sequential(...Array.from({ length: 7 }, (_, i) => model.at(i)));
  process.stdout.write('\nhead only on cached features: caching the frozen backbone\'s outputs…');
  const features = await cacheFeatures(backbone, batches(ctx.train, { batchSize: 256, seed: ctx.seed }), {
    onProgress: (rows) => { if (process.stdout.isTTY) process.stdout.write(`\rhead only on cached features: cached ${rows.toLocaleString()} / ${ctx.train.length.toLocaleString()}`); },
  });
  process.stdout.write(` ${features.length.toLocaleString()} rows in ${features.seconds.toFixed(1)} s\n`);
  const head = model.at(7) as unknown as Module<[Tensor], Tensor>;
  const loader = new DataLoader(features, { batchSize: ctx.batchSize, shuffle: true, seed: ctx.seed, autoDispose: true });
  const t = trainer(head, new Adam(head.parameters(), { lr: 3e-3 }), 'head only (new Linear 784→10, Adam 3e-3)');
  await t.fit({ train: loader, epochs: ctx.epochs });
  features.dispose();
  const r = await score('head only, cached features', model, ctx, started, trainableSummary(model).trainable);
  t.optimizer.dispose(); model.dispose();
  return r;
}

export async function discriminativeRates(ctx: RunContext): Promise<RunResult> {
  const started = performance.now();
  const model = ctx.pretrained();
  replaceHead(model, '7', new Linear(16 * 7 * 7, 10));
  const groups = layerwiseDecay<AdamOptions>(model, { base: 2e-3, decay: 0.5 });
  const label = `full fine-tune, layer-wise rates ${groups.map((g) => `${g.name}: ${(g.lr as number).toExponential(1)}`).join(', ')}`;
  return trainAndScore('full, discriminative rates', label, model, new Adam(groups, { lr: 2e-3 }), ctx, started);
}

export async function lora(ctx: RunContext): Promise<RunResult> {
  const started = performance.now();
  const model = ctx.pretrained();
  const { adapterParameters } = applyLora(model, { targets: ['7'], rank: 8, alpha: 16 });
  const label = `LoRA r=8 α=16 on the classifier (${adapterParameters.toLocaleString()} adapter parameters, convs frozen, Adam 1e-2)`;
  return trainAndScore('LoRA (r=8) on the classifier', label, model, new Adam(model.parameters().filter((p) => p.requiresGrad), { lr: 1e-2 }), ctx, started);
}

/** The results as an aligned text table. */
export function formatResults(rows: RunResult[]): string {
  const header = ['method', 'test acc', 'wall s', 'trainable', 'T', 'ECE before', 'ECE after', 'NLL before', 'NLL after'];
  const body = rows.map((r) => [r.name, `${(100 * r.testAccuracy).toFixed(2)}%`, r.seconds.toFixed(1), r.trainable.toLocaleString(), r.temperature.toFixed(3),
    r.eceBefore.toFixed(4), r.eceAfter.toFixed(4), r.nllBefore.toFixed(4), r.nllAfter.toFixed(4)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}
