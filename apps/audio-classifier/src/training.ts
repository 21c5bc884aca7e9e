/**
 * The training recipe shared by the CLI and the page's worker: batches of augmented log-mel
 * features (a new random shift, gain and noise each epoch, seeded), a Trainer with Adam and
 * cross-entropy on logits, and fine-tuning of the head alone with the convolutions frozen.
 */
import { tensor, tidy, type Tensor } from '@tensorloom/core';
import { SeededRandom } from '@tensorloom/data';
import { Adam, BatchNorm2d, CosineAnnealingLR, crossEntropy, type Module, type Parameter } from '@tensorloom/nn';
import { Trainer, type Callback } from '@tensorloom/finetune';
import { augment, fitToWindow, type AugmentOptions } from './clips.js';
import type { Clip } from './dataset.js';
import { clipFeatures, FEATURE_SHAPE, FEATURE_SIZE } from './features.js';
import { HEAD_PREFIX } from './model.js';

/** Re-iterable `[features [N,1,32,51], labels [N]]` batches; the Trainer disposes each after its step. */
export interface Batches extends Iterable<[Tensor, Tensor]> {
  readonly length: number;
  readonly size: number;
  readonly autoDispose: false;
  setEpoch(epoch: number): void;
}

/** Options of {@link clipBatches}. */
export interface BatchOptions {
  batchSize: number;
  /** Shuffle and augment (training); otherwise clips are centred, in order. */
  train?: boolean;
  seed: number;
  augment?: AugmentOptions;
}

/**
 * Batches over clips. Training batches are shuffled and augmented anew each epoch from
 * `seed` and the epoch number, so runs are reproducible; evaluation batches are centred clips.
 *
 * @example
 * const train = clipBatches(clips.filter((c) => c.split === 'train'), { batchSize: 32, train: true, seed: 0 });
 */
export function clipBatches(clips: readonly Clip[], options: BatchOptions): Batches {
  let epoch = 0;
  const fixed = options.train ? null : clips.map((c) => clipFeatures(fitToWindow(c.samples)));
  const length = Math.ceil(clips.length / options.batchSize);
  return {
    length, size: clips.length, autoDispose: false,
    setEpoch: (e) => { epoch = e; },
    *[Symbol.iterator]() {
      const rng = new SeededRandom(options.seed, 1000 + epoch);
      const order = options.train ? rng.permutation(clips.length) : clips.map((_, i) => i);
      for (let b = 0; b < length; b++) {
        const idx = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
        const x = new Float32Array(idx.length * FEATURE_SIZE);
        idx.forEach((i, k) => x.set(fixed ? fixed[i]! : clipFeatures(augment(clips[i]!.samples, rng, options.augment)), k * FEATURE_SIZE));
        yield [tensor(x, { shape: [idx.length, ...FEATURE_SHAPE] }), tensor(idx.map((i) => clips[i]!.label), { dtype: 'int32' })];
      }
    },
  };
}

/**
 * A Trainer for `model`: Adam at `lr` over `params` (default all), cosine-annealed to 0 over
 * `epochs` when given, cross-entropy over logits, accuracy as metric.
 *
 * @example
 * await createTrainer(model, { lr: 2e-3, epochs: 15 }).fit({ train, val, epochs: 15 });
 */
export function createTrainer(model: Module, options: { lr: number; epochs?: number; params?: Parameter[]; callbacks?: Callback[] }): Trainer {
  const optimizer = new Adam(options.params ?? model.parameters(), { lr: options.lr });
  return new Trainer({
    model,
    optimizer,
    scheduler: options.epochs ? new CosineAnnealingLR(optimizer, { tMax: options.epochs }) : undefined,
    loss: (output: Tensor, target: Tensor) => crossEntropy(output, target),
    metrics: ['accuracy'],
    callbacks: options.callbacks ?? [],
  });
}

/**
 * Freezes everything but the head (the convolutions and batch norms) and returns the head's
 * parameters. `unfreeze()` on the result's owner undoes it: see {@link fineTuneHead}.
 */
export function freezeFeatures(model: Module): Parameter[] {
  const head: Parameter[] = [];
  for (const [name, p] of model.namedParameters()) {
    const train = name.startsWith(HEAD_PREFIX);
    p.requiresGrad_(train);
    if (train) head.push(p);
  }
  return head;
}

/** Options of {@link fineTuneHead}. */
export interface FineTuneOptions { epochs: number; lr: number; batchSize: number; seed: number; augment?: AugmentOptions }

/**
 * Fine-tunes the head alone on a few clips: convolutions frozen, batch norms kept in eval mode
 * (their running statistics stay those of the pretraining data), dropout active, Adam at `lr`.
 * Parameters are unfrozen again afterwards. Returns the mean loss of each epoch.
 *
 * @example
 * const losses = await fineTuneHead(model, fewFliteClips, { epochs: 30, lr: 3e-3, batchSize: 16, seed: 0 });
 */
export async function fineTuneHead(model: Module, clips: readonly Clip[], options: FineTuneOptions): Promise<number[]> {
  const head = freezeFeatures(model);
  const optimizer = new Adam(head, { lr: options.lr });
  const batches = clipBatches(clips, { batchSize: options.batchSize, train: true, seed: options.seed, augment: options.augment });
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      batches.setEpoch(epoch);
      model.train();
      for (const m of model.modules()) if (m instanceof BatchNorm2d) m.eval();
      let sum = 0;
      const stepLosses: Tensor[] = [];
      for (const [x, y] of batches) {
        stepLosses.push(tidy(() => {
          optimizer.zeroGrad();
          const loss = crossEntropy(model.forward(x) as Tensor, y);
          loss.backward();
          optimizer.step();
          return loss.detach();
        }));
        x.dispose(); y.dispose();
      }
      for (const l of stepLosses) { sum += (await l.data())[0]!; l.dispose(); }
      losses.push(sum / Math.max(1, stepLosses.length));
    }
  } finally {
    for (const p of model.parameters()) p.requiresGrad_(true);
    model.eval();
  }
  return losses;
}

/** Predicted class of each clip (centred, eval mode), in order. */
export async function predictClips(model: Module, clips: readonly Clip[], batchSize = 64): Promise<number[]> {
  model.eval();
  const out: number[] = [];
  for (const [x, y] of clipBatches(clips, { batchSize, seed: 0 })) {
    const pred = tidy(() => (model.forward(x) as Tensor).argmax(-1));
    out.push(...Array.from(await pred.data()));
    pred.dispose(); x.dispose(); y.dispose();
  }
  return out;
}
