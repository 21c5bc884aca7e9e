/**
 * The Trainer's options: what a Trainer is made of (`TrainerOptions`) and what one `fit` runs
 * (`FitOptions`), and the default log interval. Types and one constant only.
 */
import type { Tensor } from '@tensorloom/core';
import type { AnyModule, BaseOptions, Module, Optimizer } from '@tensorloom/nn';
import type { Batch, BatchLike, BatchSource, Callback, LossFn, LossOutput, MetricsSpec, SchedulerLike } from './types.js';

/** A model the default steps can drive: a Module mapping one tensor to one tensor. */
export type TrainableModel = Module<[Tensor], Tensor>;

/** Steps between reads of the loss and metrics, by default (the progress bar and UI events update this often). */
export const DEFAULT_LOG_EVERY = 10;

export interface TrainerOptions<B extends BatchLike = Batch, M extends AnyModule = TrainableModel> {
  model: M;
  optimizer: Optimizer<BaseOptions>;
  /** Model output and target → a scalar loss tensor (for `[x, y]` batches; or give `computeLoss`). */
  loss?: LossFn;
  /**
   * The batch → its loss (and the output and target the metrics compare), for batches that are
   * not `[x, y]` (e.g. `{ tokens, mask, labels }`); the same as overriding `computeLoss`.
   */
  computeLoss?: (batch: B) => LossOutput;
  scheduler?: SchedulerLike;
  /** Step the scheduler after each 'epoch' (default) or each optimizer 'step' (OneCycleLR, warmup). */
  schedulerInterval?: 'epoch' | 'step';
  /** What a scheduler with `stepsOnMetric` watches (default 'valLoss' when there is validation data, else 'loss'). */
  schedulerMonitor?: string;
  metrics?: MetricsSpec;
  callbacks?: Callback[];
  /**
   * The computation whose output goes to the loss and metrics in fit/evaluate (default
   * `model.forward(x)`); `predict` always uses `model.forward`. The Keras face passes a
   * forward that stops before a final softmax so the loss sees logits.
   */
  forward?: (x: Tensor) => Tensor;
  /**
   * Read the loss and metrics from the device every `logEvery` steps (and at each epoch's
   * end); `batchEnd` events of an interval arrive together after its read. Default 10; 1 reads
   * after every step.
   */
  logEvery?: number;
}

export interface FitOptions<B = Batch> {
  train: BatchSource<B>;
  val?: BatchSource<B>;
  /** Train until this many epochs are complete (counting `initialEpoch`). */
  epochs: number;
  /** Epochs already done (resume from a checkpoint's `epoch`). Default 0. */
  initialEpoch?: number;
  /** Stops training between steps; `fit` then resolves with the history so far. */
  signal?: AbortSignal;
  /** Override the batch ownership rule (see BatchSource): true disposes each batch after its step. */
  disposeBatches?: boolean;
  /** Reseed core's generator with `seed + epoch` at each epoch start, so dropout is reproducible on resume. */
  seed?: number;
}
