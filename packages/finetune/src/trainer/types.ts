/**
 * The Trainer's vocabulary: batch sources, loss and metric functions, schedulers, the events
 * it emits for UIs and the Callback interface. Types only.
 */
import type { Tensor } from '@tensorloom/core';
import type { Trainer } from './trainer.js';

/** One batch: inputs and targets. */
export type Batch = readonly [Tensor, Tensor];

/**
 * Where batches come from: any re-iterable sync or async iterable of `[x, y]` (an array of
 * batches, a `DataLoader` from `@tensorloom/data`, a generator factory object). Each `fit`
 * epoch iterates it once more.
 *
 * Ownership: batches belong to the source. The Trainer never disposes a batch unless the
 * source hands batches over with `autoDispose === false` (a `DataLoader` made without
 * `autoDispose: true`) or `fit({ disposeBatches: true })` is
 * passed. A source with
 * `setEpoch(e)` (DataLoader) is told each epoch's index first, so a resumed run sees the same
 * shuffle order as an uninterrupted one. `length` (when a number) gives `stepsPerEpoch`.
 */
export type BatchSource = (Iterable<Batch> | AsyncIterable<Batch>) & {
  readonly length?: number;
  /** false: the consumer owns each batch (the Trainer disposes it after the step). */
  readonly autoDispose?: boolean;
  setEpoch?(epoch: number): void;
};

/** A loss: model output and target → a scalar tensor (mean over the batch). */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** A metric on one batch: model output and target → a number (or a promise of one), averaged over samples. */
export type MetricFn = (output: Tensor, target: Tensor) => number | Promise<number>;

/** Metrics by name; `'accuracy'` is a built-in name. */
export type MetricsSpec = Record<string, MetricFn> | ReadonlyArray<'accuracy'>;

/** An LR schedule: an nn `LRScheduler` (stepped without arguments) or `ReduceLROnPlateau` (stepped with a metric). */
export interface SchedulerLike {
  step(metric?: number): void;
  stateDict(): Record<string, unknown>;
  loadStateDict(dict: Record<string, unknown>): void;
}

/** Emitted after each optimizer step. */
export interface BatchEndEvent {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based step within the epoch. */
  step: number;
  /** Steps per epoch, when the source has a `length`. */
  stepsPerEpoch?: number;
  /** This batch's loss. */
  loss: number;
  /** This batch's metrics. */
  metrics: Record<string, number>;
  /** Samples in this batch. */
  batchSize: number;
  /** The learning rate of the first parameter group during this step. */
  lr: number;
  /** Training throughput of this epoch so far. */
  samplesPerSecond: number;
}

/** Emitted after each epoch (training, then validation when `val` was given). */
export interface EpochEndEvent {
  /** 0-based epoch. */
  epoch: number;
  /** Sample-weighted mean training loss of the epoch. */
  loss: number;
  /** Sample-weighted mean training metrics. */
  metrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
  /** The learning rate used during this epoch (before the scheduler stepped). */
  lr: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  /** Training samples per second. */
  samplesPerSecond: number;
}

/** What `trainEnd` carries. */
export interface TrainEndEvent {
  /** Epochs completed (the `initialEpoch` to resume from). */
  epochs: number;
  /** True when a callback or the AbortSignal stopped training early. */
  stopped: boolean;
}

/** Trainer events for UIs. */
export interface TrainerEvents {
  batchEnd: BatchEndEvent;
  epochEnd: EpochEndEvent;
  trainEnd: TrainEndEvent;
}

/** Hooks into `fit`; any may be async (awaited). Set `trainer.stopTraining = true` to stop. */
export interface Callback {
  onTrainBegin?(trainer: Trainer): void | Promise<void>;
  onEpochBegin?(epoch: number, trainer: Trainer): void | Promise<void>;
  onBatchEnd?(event: BatchEndEvent, trainer: Trainer): void | Promise<void>;
  onEpochEnd?(event: EpochEndEvent, trainer: Trainer): void | Promise<void>;
  onTrainEnd?(event: TrainEndEvent, trainer: Trainer): void | Promise<void>;
}
