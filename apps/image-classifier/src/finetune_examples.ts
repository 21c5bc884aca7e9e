/**
 * Fine-tuning on the user's own drawings, with the fine-tuning toolkit: the convolutional
 * layers are frozen by name (`freeze(model, CONV_LAYERS)`) and Adam, at a small learning
 * rate, updates only the linear head, for a few epochs over a small set: the user's examples
 * mixed with a seeded replay sample of MNIST training images, so that the model learns the
 * user's handwriting without forgetting MNIST. The user's examples are repeated so that they
 * make up about a quarter of each epoch. Afterwards the softmax temperature is fitted
 * (`calibrateTemperature`) on held-out MNIST images (disjoint from the replay sample) plus the
 * user's examples, so the page can show calibrated probabilities.
 * Shared by the worker and the tests (pure tensors, no DOM).
 */
import { MNIST_MEAN, MNIST_STD, DataLoader, SeededRandom, TensorDataset, type MnistData } from '@tensorloom/data';
import { tensor, type Tensor } from '@tensorloom/core';
import type { Module, Parameter } from '@tensorloom/nn';
import { calibrateTemperature, freeze, nameMatcher, unfreeze, type Trainer } from '@tensorloom/finetune';
import { createTrainer } from './training.js';

/** The parameters fine-tuning freezes: the two convolutions of `createModel()` (`0.*`, `3.*`). */
export const CONV_LAYERS = ['0.*', '3.*'];

/** One drawing: 784 MNIST-style pixels in [0, 1] (see `toMnistPixels`) and its digit. */
export interface UserExample { pixels: Float32Array; label: number }

export interface FineTuneOptions {
  /** MNIST training images to draw the replay sample from. */
  replay: MnistData;
  /** Replay images per run (default 500). */
  replaySize?: number;
  /** Default 3. */
  epochs?: number;
  /** Adam's learning rate for the head (default 1e-3). */
  lr?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the replay sample and the shuffle (default 0). */
  seed?: number;
  signal?: AbortSignal;
  /** Trainer callbacks, e.g. `{ onBatchEnd }` for progress. */
  callbacks?: ConstructorParameters<typeof Trainer>[0]['callbacks'];
  /** Held-out MNIST images for fitting the temperature afterwards (default 500; 0 skips it). */
  calibrationSize?: number;
}

export interface FineTuneResult {
  examples: number; replay: number; repeats: number; epochs: number; stopped: boolean; seconds: number;
  /** The fitted softmax temperature (1 when calibration was skipped), and the held-out ECE before / after it. */
  temperature: number; eceBefore: number; eceAfter: number;
}

/** The parameters fine-tuning freezes (those matching CONV_LAYERS). */
export function convParameters(model: Module): Parameter[] {
  const match = nameMatcher('convParameters', CONV_LAYERS);
  return model.namedParameters().filter(([n]) => match(n)).map(([, p]) => p);
}

/**
 * The training set: `replaySize` random MNIST images and each user example repeated
 * `repeats` times, standardised like MNIST, as flat arrays.
 */
export function exampleMix(examples: UserExample[], replay: MnistData, replaySize: number, seed: number): { x: Float32Array; y: Int32Array; replay: number; repeats: number } {
  const size = replay.rows * replay.cols;
  const nReplay = Math.min(replaySize, replay.count);
  const repeats = Math.max(1, Math.round(nReplay / (3 * examples.length)));
  const count = nReplay + examples.length * repeats;
  const x = new Float32Array(count * size), y = new Int32Array(count);
  const pick = new SeededRandom(seed).permutation(replay.count).slice(0, nReplay);
  pick.forEach((src, i) => {
    for (let k = 0; k < size; k++) x[i * size + k] = (replay.images[src * size + k] / 255 - MNIST_MEAN) / MNIST_STD;
    y[i] = replay.labels[src];
  });
  let row = nReplay;
  for (const ex of examples) {
    if (ex.pixels.length !== size) throw new Error(`an example has ${ex.pixels.length} pixels, expected ${size}`);
    for (let r = 0; r < repeats; r++, row++) {
      for (let k = 0; k < size; k++) x[row * size + k] = (ex.pixels[k] - MNIST_MEAN) / MNIST_STD;
      y[row] = ex.label;
    }
  }
  return { x, y, replay: nReplay, repeats };
}

/**
 * Fine-tunes `model` in place on `examples` (+ MNIST replay) with the conv layers frozen;
 * they are unfrozen again afterwards (also on error or abort), and fits the softmax
 * temperature on held-out images. Frees every tensor it made.
 *
 * @example
 * const r = await fineTuneOnExamples(model, [{ pixels, label: 7 }], { replay: mnistTrain });
 */
export async function fineTuneOnExamples(model: Module, examples: UserExample[], options: FineTuneOptions): Promise<FineTuneResult> {
  if (examples.length === 0) throw new Error('add some examples first');
  const started = performance.now();
  const { epochs = 3, lr = 1e-3, batchSize = 32, seed = 0 } = options;
  const mix = exampleMix(examples, options.replay, options.replaySize ?? 500, seed);
  const xs = tensor(mix.x, { shape: [mix.y.length, 1, options.replay.rows, options.replay.cols] });
  const ys = tensor(mix.y, { dtype: 'int32' });
  // Freeze the conv layers that are trainable now, and only those get unfrozen afterwards.
  const match = nameMatcher('fineTuneOnExamples', CONV_LAYERS);
  const toFreeze = model.namedParameters().filter(([n, p]) => match(n) && p.requiresGrad).map(([n]) => n);
  if (toFreeze.length) freeze(model, toFreeze);
  const head = model.parameters().filter((p) => p.requiresGrad);
  const trainer = createTrainer(model, { lr, params: head, callbacks: options.callbacks });
  try {
    const loader = new DataLoader(new TensorDataset(xs, ys), { batchSize, shuffle: true, seed, autoDispose: true });
    const history = await trainer.fit({ train: loader, epochs, signal: options.signal });
    const done = history.epoch.length;
    const calibration = await calibrate(model as unknown as Module<[Tensor], Tensor>, examples, options, mix.replay, seed);
    return { examples: examples.length, replay: mix.replay, repeats: mix.repeats, epochs: done, stopped: done < epochs, seconds: (performance.now() - started) / 1000, ...calibration };
  } finally {
    trainer.optimizer.dispose();
    if (toFreeze.length) unfreeze(model, toFreeze);
    xs.dispose();
    ys.dispose();
  }
}

/** Fits the softmax temperature on MNIST images the replay sample did not use, plus the user's examples. */
async function calibrate(model: Module<[Tensor], Tensor>, examples: UserExample[], options: FineTuneOptions, replayUsed: number, seed: number): Promise<{ temperature: number; eceBefore: number; eceAfter: number }> {
  const size = options.calibrationSize ?? 500;
  const data = options.replay;
  const n = Math.min(size, data.count - replayUsed);
  if (n <= 0) return { temperature: 1, eceBefore: NaN, eceAfter: NaN };
  const pixels = data.rows * data.cols;
  const pick = new SeededRandom(seed).permutation(data.count).slice(replayUsed, replayUsed + n); // disjoint from the replay sample
  const count = n + examples.length;
  const x = new Float32Array(count * pixels), y = new Int32Array(count);
  pick.forEach((src, i) => {
    for (let k = 0; k < pixels; k++) x[i * pixels + k] = (data.images[src * pixels + k] / 255 - MNIST_MEAN) / MNIST_STD;
    y[i] = data.labels[src];
  });
  examples.forEach((ex, j) => {
    for (let k = 0; k < pixels; k++) x[(n + j) * pixels + k] = (ex.pixels[k] - MNIST_MEAN) / MNIST_STD;
    y[n + j] = ex.label;
  });
  const xs = tensor(x, { shape: [count, 1, data.rows, data.cols] });
  const ys = tensor(y, { dtype: 'int32' });
  try {
    const r = await calibrateTemperature(model, new DataLoader(new TensorDataset(xs, ys), { batchSize: 256, autoDispose: true }));
    return { temperature: r.temperature, eceBefore: r.before.ece, eceAfter: r.after.ece };
  } finally {
    xs.dispose();
    ys.dispose();
  }
}
