/**
 * The Trainer's vocabulary: batch sources, loss and metric functions, schedulers, the events
 * it emits for UIs and the Callback interface. Types only.
 */
import type { Tensor } from '@tensorloom/core';
import type { Trainer } from './trainer.js';

/** One batch: inputs and targets (what the default `computeLoss` takes). */
export type Batch = readonly [Tensor, Tensor];

/** A batch as a record of named tensors, e.g. `{ tokens, mask, labels }`. */
export type TensorRecord = { readonly [name: string]: Tensor };

/**
 * Any batch the Trainer can walk: a tuple of tensors (`[x, y]`, `[x, mask, y]`) or a record of
 * tensors. Batches other than `[x, y]` need `computeLoss` (an option or an override).
 */
export type BatchLike = readonly Tensor[] | TensorRecord;

/**
 * What `computeLoss` returns: the batch's scalar loss and, for the metrics, the model's
 * output and the target they compare it with (metrics are skipped without them).
 */
export interface LossOutput {
  loss: Tensor;
  output?: Tensor;
  target?: Tensor;
}

/**
 * A metric's value on one batch: a scalar tensor (the batch mean, kept on the device until
 * the next log read), a number (the metric read it itself), or `{ sum, count }`: a device
 * sum over `count` samples, divided on the host in float64 (exact for counts such as hits).
 */
export type MetricValue = Tensor | number | MetricSum;

/** A device-side sum and the number of samples it covers (mean = sum / count). */
export interface MetricSum { sum: Tensor; count: number }

/** What one `trainStep` / `evalStep` returns: the loss and metrics of the batch, still on the device. */
export interface StepOutput {
  /** The batch's scalar loss (a mean over its samples). */
  loss: Tensor;
  metrics?: Record<string, MetricValue>;
}

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
export type BatchSource<B = Batch> = (Iterable<B> | AsyncIterable<B>) & {
  readonly length?: number;
  /** false: the consumer owns each batch (the Trainer disposes it after the step). */
  readonly autoDispose?: boolean;
  setEpoch?(epoch: number): void;
};

/** A loss: model output and target → a scalar tensor (mean over the batch). */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/**
 * A metric on one batch: model output and target → its batch mean, averaged over samples.
 * Return a scalar tensor (or `{ sum, count }`) to stay on the device: the Trainer reads it with
 * the loss once per log interval. A number (or a promise of one) means the metric read the
 * tensors itself, once per step.
 */
export type MetricFn = (output: Tensor, target: Tensor) => MetricValue | Promise<number>;

/** Metrics by name; `'accuracy'` is a built-in name. */
export type MetricsSpec = Record<string, MetricFn> | ReadonlyArray<'accuracy'>;

/**
 * An LR schedule: an nn `LRScheduler` (stepped without arguments, per epoch or per step) or
 * one that steps on a metric (`stepsOnMetric: true`, e.g. `ReduceLROnPlateau`: stepped once per
 * epoch with the monitored value).
 */
export interface SchedulerLike {
  /** True when `step` takes the monitored metric (the Trainer then steps it once per epoch). */
  readonly stepsOnMetric?: boolean;
  step(metric?: number): void;
  stateDict(): Record<string, unknown>;
  loadStateDict(dict: Record<string, unknown>): void;
}

/**
 * One per optimizer step, with that step's exact values. The values are read from the device
 * once per log interval (`logEvery` steps, and at the end of each epoch), so the events of an
 * interval arrive together after its read; a callback that sets `stopTraining` takes effect
 * at the end of that interval.
 */
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
  /** True on the last event of one log read (the events of a read arrive together). */
  lastOfRead?: boolean;
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
