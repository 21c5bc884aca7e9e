/**
 * Fine-tuning on the user's own drawings. The convolutional layers are frozen
 * (`requiresGrad_(false)`) and Adam, at a small learning rate, updates only the linear head,
 * for a few epochs over a small set: the user's examples mixed with a seeded replay sample of
 * MNIST training images, so that the model learns the user's handwriting without forgetting
 * MNIST. The user's examples are repeated so that they make up about a quarter of each epoch.
 * Shared by the worker and the tests (pure tensors, no DOM).
 */
import { MNIST_MEAN, MNIST_STD, DataLoader, SeededRandom, TensorDataset, type MnistData } from '@tensorloom/data';
import { tensor } from '@tensorloom/core';
import { Conv2d, type Module, type Parameter } from '@tensorloom/nn';
import type { Trainer } from '@tensorloom/finetune';
import { createTrainer } from './training.js';

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
}

export interface FineTuneResult { examples: number; replay: number; repeats: number; epochs: number; stopped: boolean; seconds: number }

/** The parameters of the model's convolutional layers (the ones fine-tuning freezes). */
export function convParameters(model: Module): Parameter[] {
  return model.modules().filter((m) => m instanceof Conv2d).flatMap((m) => m.parameters());
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
 * they are unfrozen again afterwards (also on error or abort). Frees every tensor it made.
 *
 * @example
 * const r = await fineTuneOnExamples(model, [{ pixels, label: 7 }], { replay: mnistTrain });
 */
export async function fineTuneOnExamples(model: Module, examples: UserExample[], options: FineTuneOptions): Promise<FineTuneResult> {
  if (examples.length === 0) throw new Error('add some examples first');
  const started = performance.now();
  const { epochs = 3, lr = 1e-3, batchSize = 32, seed = 0 } = options;
  const mix = exampleMix(examples, options.replay, options.replaySize ?? 500, seed);
  const frozen = convParameters(model).filter((p) => p.requiresGrad);
  const xs = tensor(mix.x, { shape: [mix.y.length, 1, options.replay.rows, options.replay.cols] });
  const ys = tensor(mix.y, { dtype: 'int32' });
  for (const p of frozen) p.requiresGrad_(false);
  const head = model.parameters().filter((p) => p.requiresGrad);
  const trainer = createTrainer(model, { lr, params: head, callbacks: options.callbacks });
  try {
    const loader = new DataLoader(new TensorDataset(xs, ys), { batchSize, shuffle: true, seed, autoDispose: true });
    const history = await trainer.fit({ train: loader, epochs, signal: options.signal });
    const done = history.epoch.length;
    return { examples: examples.length, replay: mix.replay, repeats: mix.repeats, epochs: done, stopped: done < epochs, seconds: (performance.now() - started) / 1000 };
  } finally {
    trainer.optimizer.dispose();
    for (const p of frozen) p.requiresGrad_(true);
    xs.dispose();
    ys.dispose();
  }
}
