/**
 * Fine-tuning on "user" drawings (src/finetune_examples.ts) on the CPU backend: a model
 * trained briefly on MNIST learns a handful of synthetic drawings of one class (a "T" labelled 4), its frozen
 * conv weights stay bitwise the same, and no tensor leaks.
 */
import { beforeAll, expect, test } from 'vitest';
import { manualSeed, memory, noGrad, setBackend, softmax, tensor, tidy } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { MNIST_MEAN, MNIST_STD, type MnistData } from '@tensorloom/data';
import { loadAppMnist } from '../cli/mnist_files.js';
import type { Sequential } from '@tensorloom/nn';
import { createModel } from '../src/model.js';
import { batches, createTrainer, mnistSplits } from '../src/training.js';
import { convParameters, exampleMix, fineTuneOnExamples, type UserExample } from '../src/finetune_examples.js';
import { toMnistPixels } from '../src/preprocess.js';

let train: MnistData;
let model: Sequential;

beforeAll(async () => {
  registerCpuBackend();
  await setBackend('cpu');
  train = await loadAppMnist('train');
  manualSeed(0);
  model = createModel();
  const loader = batches(mnistSplits(train, { size: 1000, seed: 0 })[0], { batchSize: 32, shuffle: true, seed: 0 });
  await createTrainer(model, { lr: 3e-3 }).fit({ train: loader, epochs: 1 });
}, 120_000);

/** A "T" drawn on a 56×56 pad (a bar and a stem), shifted by `dx`, as MNIST pixels. */
function drawT(dx: number): Float32Array {
  const w = 56, ink = new Float32Array(w * w);
  const fill = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * w + x] = 1;
  };
  fill(10 + dx, 8, 44 + dx, 14);
  fill(25 + dx, 8, 31 + dx + (dx % 2), 48);
  return toMnistPixels(ink, w, w)!;
}

/** The model's mean probability of `label` on `examples`. */
function meanProb(m: Sequential, examples: UserExample[], label: number): number {
  m.eval();
  const p = tidy(() => noGrad(() => {
    const x = tensor(Float32Array.from(examples.flatMap((e) => Array.from(e.pixels, (v) => (v - MNIST_MEAN) / MNIST_STD))), { shape: [examples.length, 1, 28, 28] });
    return softmax(m.forward(x), -1);
  }));
  const probs = p.dataSync();
  p.dispose();
  return examples.reduce((s, _, i) => s + probs[i * 10 + label], 0) / examples.length;
}

test('the mix holds the replay sample and the repeated user examples, standardised', () => {
  const ex: UserExample[] = [{ pixels: drawT(0), label: 7 }, { pixels: drawT(2), label: 7 }];
  const mix = exampleMix(ex, train, 60, 1);
  expect(mix).toMatchObject({ replay: 60, repeats: 10 });
  expect(mix.y.length).toBe(80);
  expect(Array.from(mix.y.subarray(60))).toEqual(new Array(20).fill(7));
  expect(mix.x[60 * 784 + 300]).toBeCloseTo((ex[0].pixels[300] - MNIST_MEAN) / MNIST_STD, 6);
  expect(exampleMix(ex, train, 60, 1).x).toEqual(mix.x); // seeded
});

test('fine-tuning raises the probability of the user\'s label, keeps conv weights, leaks nothing', async () => {
  const examples: UserExample[] = [-4, -2, 0, 2, 4].map((dx) => ({ pixels: drawT(dx), label: 4 }));
  const before = meanProb(model, examples, 4);
  expect(before).toBeLessThan(0.2); // a "T" reads as a 7, not a 4
  const conv = convParameters(model);
  expect(conv).toHaveLength(4);
  const convBefore = conv.map((p) => Float32Array.from(p.value.dataSync()));
  const headBefore = Float32Array.from(model.getParameter('7.weight').value.dataSync());
  const tensors = memory().numTensors;

  let steps = 0;
  const r = await fineTuneOnExamples(model, examples, { replay: train, replaySize: 300, epochs: 3, callbacks: [{ onBatchEnd: () => { steps++; } }] });

  expect(memory().numTensors).toBe(tensors);
  expect(r).toMatchObject({ examples: 5, replay: 300, repeats: 20, epochs: 3, stopped: false });
  expect(steps).toBe(3 * Math.ceil(400 / 32));
  const after = meanProb(model, examples, 4);
  expect(after).toBeGreaterThan(before + 0.2);
  expect(after).toBeGreaterThan(0.5);
  conv.forEach((p, i) => expect(Float32Array.from(p.value.dataSync())).toEqual(convBefore[i]));
  expect(Float32Array.from(model.getParameter('7.weight').value.dataSync())).not.toEqual(headBefore);
  // Unfrozen again, so full training works on the same model afterwards.
  expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
  expect(memory().numTensors).toBe(tensors);
}, 120_000);

test('an abort stops fine-tuning between steps, still unfreezes and frees everything', async () => {
  const tensors = memory().numTensors;
  const abort = new AbortController();
  const r = await fineTuneOnExamples(model, [{ pixels: drawT(0), label: 3 }], {
    replay: train, replaySize: 100, epochs: 5, signal: abort.signal, callbacks: [{ onBatchEnd: () => abort.abort() }],
  });
  expect(r.stopped).toBe(true);
  expect(r.epochs).toBe(0);
  expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
  expect(memory().numTensors).toBe(tensors);
  await expect(fineTuneOnExamples(model, [], { replay: train })).rejects.toThrow(/examples/);
});
