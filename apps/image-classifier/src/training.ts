/**
 * The training recipe shared by the CLI and the browser worker: MNIST loaders (a seeded
 * subset, standardised pixels) and a Trainer with Adam, cross-entropy on logits and an
 * accuracy metric.
 */
import type { Tensor } from '@tensorloom/core';
import { DataLoader, mnistDataset, randomSplit, subset, type Dataset, type MnistData } from '@tensorloom/data';
import { Adam, crossEntropy, type Module, type Parameter } from '@tensorloom/nn';
import { Trainer } from '@tensorloom/finetune';

/** Hyper-parameters of a run. */
export interface TrainingConfig {
  /** Training images to use (a seeded random subset of the 60,000), default all. */
  trainSize?: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export const DEFAULT_CONFIG: TrainingConfig = { epochs: 3, batchSize: 64, lr: 2e-3, seed: 0 };

/**
 * Re-iterable batches of `[images [N,1,28,28], labels [N]]`: each pass is one epoch (the
 * loader disposes each batch when the loop moves on), `length` batches per epoch, and
 * `setEpoch` picks the shuffle order (the Trainer calls it).
 */
export interface Batches extends Iterable<[Tensor, Tensor]> {
  readonly length: number;
  readonly size: number;
  setEpoch(epoch: number): void;
}

/**
 * MNIST as datasets of `[image [1,28,28], label]` with standardised pixels: a seeded random
 * `size` images (default all), optionally split into train and a held-out validation part.
 *
 * @example
 * const [train, val] = mnistSplits(await loadMnist('train', { dir }), { size: 60000, valSize: 5000, seed: 0 });
 */
export function mnistSplits(data: MnistData, options: { size?: number; valSize?: number; seed: number }): [Dataset<[Tensor, Tensor]>, Dataset<[Tensor, Tensor]> | null] {
  const full = mnistDataset(data, { scaling: 'standard' }) as Dataset<[Tensor, Tensor]>;
  const size = Math.min(options.size ?? data.count, data.count);
  const valSize = options.valSize ?? 0;
  if (valSize <= 0) return [size < data.count ? subset(full, size, { seed: options.seed }) : full, null];
  const [train, val] = randomSplit(full, [size - valSize, valSize, data.count - size], { seed: options.seed });
  return [train, val];
}

/**
 * Batches of a dataset for the Trainer (see `Batches`).
 *
 * @example
 * const train = batches(trainSet, { batchSize: 64, shuffle: true, seed: 0 });
 */
export function batches(ds: Dataset<[Tensor, Tensor]>, options: { batchSize: number; shuffle?: boolean; seed: number }): Batches {
  const loader = new DataLoader(ds, { batchSize: options.batchSize, shuffle: options.shuffle ?? false, seed: options.seed, autoDispose: true });
  return {
    length: loader.length,
    size: ds.length,
    setEpoch: (epoch) => loader.setEpoch(epoch),
    [Symbol.iterator]: () => loader[Symbol.iterator]() as Iterator<[Tensor, Tensor]>,
  };
}

/**
 * A Trainer for `model`: Adam at `lr` (over `params`, default all of the model's),
 * cross-entropy on logits, the built-in accuracy metric (computed on the device and read with
 * the loss once per log interval, `logEvery` steps).
 *
 * @example
 * const trainer = createTrainer(model, { lr: 2e-3, callbacks: [new ProgressBar()] });
 * await trainer.fit({ train, val, epochs: 3 });
 */
export function createTrainer(model: Module, options: { lr: number; params?: Parameter[]; callbacks?: ConstructorParameters<typeof Trainer>[0]['callbacks']; logEvery?: number }): Trainer {
  return new Trainer({
    model,
    optimizer: new Adam(options.params ?? model.parameters(), { lr: options.lr }),
    loss: (output: Tensor, target: Tensor) => crossEntropy(output, target),
    metrics: ['accuracy'],
    callbacks: options.callbacks ?? [],
    logEvery: options.logEvery,
  });
}
