/**
 * Trainer: the training loop (fit / evaluate / predict) over a model, an optimizer, a loss,
 * an optional LR scheduler, metrics and callbacks. It owns tensor memory: each step runs in a
 * scope, so a caller of `fit` never writes `tidy`, and live tensors stay flat across epochs.
 */
import { Tensor, TensorloomError, concat, endScope, keep, manualSeed, noGrad, startScope, tidy } from '@tensorloom/core';
import { ReduceLROnPlateau, type BaseOptions, type Module, type Optimizer } from '@tensorloom/nn';
import { History } from '../callbacks/history.js';
import { consumerOwnsBatches, disposeBatch, iterateBatches, lengthOf } from './batches.js';
import { resolveMetrics } from './metrics.js';
import { monitored } from '../callbacks/monitor.js';
import type {
  Batch, BatchSource, Callback, EpochEndEvent, LossFn, MetricFn, MetricsSpec, SchedulerLike, TrainerEvents,
} from './types.js';

/** A model the Trainer can drive: a Module mapping one tensor to one tensor. */
export type TrainableModel = Module<[Tensor], Tensor>;

export interface TrainerOptions {
  model: TrainableModel;
  optimizer: Optimizer<BaseOptions>;
  /** Model output and target → a scalar loss tensor. */
  loss: LossFn;
  scheduler?: SchedulerLike;
  /** Step the scheduler after each 'epoch' (default) or each optimizer 'step' (OneCycleLR, warmup). */
  schedulerInterval?: 'epoch' | 'step';
  /** What ReduceLROnPlateau watches (default 'valLoss' when there is validation data, else 'loss'). */
  schedulerMonitor?: string;
  metrics?: MetricsSpec;
  callbacks?: Callback[];
  /**
   * The computation whose output goes to the loss and metrics in fit/evaluate (default
   * `model.forward(x)`); `predict` always uses `model.forward`. The Keras face passes a
   * forward that stops before a final softmax so the loss sees logits.
   */
  forward?: (x: Tensor) => Tensor;
}

export interface FitOptions {
  train: BatchSource;
  val?: BatchSource;
  /** Train until this many epochs are complete (counting `initialEpoch`). */
  epochs: number;
  /** Epochs already done (resume from a checkpoint's `epoch`). Default 0. */
  initialEpoch?: number;
  /** An `AbortSignal`: stops training between steps; `fit` then resolves with the history so far. (Typed by the one field read, so the types need no DOM lib.) */
  signal?: { readonly aborted: boolean };
  /** Override the batch ownership rule (see BatchSource): true disposes each batch after its step. */
  disposeBatches?: boolean;
  /** Reseed core's generator with `seed + epoch` at each epoch start, so dropout is reproducible on resume. */
  seed?: number;
}

type Listener<K extends keyof TrainerEvents> = (event: TrainerEvents[K]) => void;

/** Sample-weighted running means. */
class Means {
  private sums: Record<string, number> = {};
  count = 0;
  add(values: Record<string, number>, n: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * n;
    this.count += n;
  }
  get(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of Object.entries(this.sums)) out[k] = this.count ? s / this.count : NaN;
    return out;
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class Trainer {
  readonly model: TrainableModel;
  readonly optimizer: Optimizer<BaseOptions>;
  readonly scheduler: SchedulerLike | undefined;
  readonly callbacks: Callback[];
  /** Set to true (e.g. from a callback) to stop after the current step or epoch. */
  stopTraining = false;
  /** The running fit's epoch range (for progress displays), or null outside `fit`. */
  fitRange: { initialEpoch: number; epochs: number } | null = null;
  private readonly lossFn: LossFn;
  private readonly metricFns: Record<string, MetricFn>;
  private readonly forwardFn: (x: Tensor) => Tensor;
  private readonly schedulerInterval: 'epoch' | 'step';
  private readonly schedulerMonitor: string | undefined;
  private readonly listeners: { [K in keyof TrainerEvents]: Set<Listener<K>> } = { batchEnd: new Set(), epochEnd: new Set(), trainEnd: new Set() };

  /**
   * @example
   * const trainer = new Trainer({ model, optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
   *   loss: (out, y) => crossEntropy(out, y), metrics: ['accuracy'], callbacks: [new ProgressBar()] });
   * const history = await trainer.fit({ train: loader, val: valLoader, epochs: 5 });
   */
  constructor(options: TrainerOptions) {
    const { model, optimizer, loss } = options ?? ({} as TrainerOptions);
    if (!model || typeof model.forward !== 'function') throw new TensorloomError('Trainer', 'needs a model (a Module with forward(x))');
    if (!optimizer || typeof optimizer.step !== 'function') throw new TensorloomError('Trainer', 'needs an optimizer (e.g. new Adam(model.parameters()))');
    if (typeof loss !== 'function') throw new TensorloomError('Trainer', 'needs a loss: (output, target) => scalar Tensor');
    this.model = model;
    this.optimizer = optimizer;
    this.lossFn = loss;
    this.scheduler = options.scheduler;
    this.schedulerInterval = options.schedulerInterval ?? 'epoch';
    this.schedulerMonitor = options.schedulerMonitor;
    this.metricFns = resolveMetrics(options.metrics);
    this.callbacks = [...(options.callbacks ?? [])];
    this.forwardFn = options.forward ?? ((x) => model.forward(x));
  }

  /**
   * Subscribes to an event; returns a function that unsubscribes.
   *
   * @example
   * const off = trainer.on('batchEnd', (e) => chart.push(e.loss));
   */
  on<K extends keyof TrainerEvents>(name: K, listener: Listener<K>): () => void {
    const set = this.listeners[name] as Set<Listener<K>> | undefined;
    if (!set) throw new TensorloomError('Trainer.on', `unknown event '${String(name)}'; events: batchEnd, epochEnd, trainEnd`);
    set.add(listener);
    return () => { set.delete(listener); };
  }

  private emit<K extends keyof TrainerEvents>(name: K, event: TrainerEvents[K]): void {
    for (const l of this.listeners[name] as Set<Listener<K>>) l(event);
  }

  /** The learning rate of the first parameter group. */
  get lr(): number { return Number(this.optimizer.paramGroups[0]?.lr ?? NaN); }

  /**
   * Trains for `epochs - initialEpoch` epochs and resolves with the History.
   *
   * @example
   * const history = await trainer.fit({ train, val, epochs: 10 });
   * history.history.valLoss; // one value per epoch
   */
  async fit(options: FitOptions): Promise<History> {
    const { train, signal } = options;
    const initialEpoch = options.initialEpoch ?? 0;
    const epochs = options.epochs;
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new TensorloomError('Trainer.fit', `initialEpoch must be a non-negative integer, got ${initialEpoch}`);
    if (!Number.isInteger(epochs) || epochs < initialEpoch) throw new TensorloomError('Trainer.fit', `epochs must be an integer >= initialEpoch (${initialEpoch}), got ${epochs}`);
    if (!train) throw new TensorloomError('Trainer.fit', 'needs train: an iterable of [x, y] batches');
    this.stopTraining = false;
    this.fitRange = { initialEpoch, epochs };
    const history = new History();
    const callbacks: Callback[] = [history, ...this.callbacks];
    for (const c of callbacks) await c.onTrainBegin?.(this);
    let completed = initialEpoch;
    let stopped = false;
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      if (signal?.aborted) { stopped = true; break; }
      for (const c of callbacks) await c.onEpochBegin?.(epoch, this);
      if (options.seed !== undefined) manualSeed(options.seed + epoch);
      const event = await this.runEpoch(epoch, options, callbacks);
      if (!event) { stopped = true; break; }
      for (const c of callbacks) await c.onEpochEnd?.(event, this);
      this.emit('epochEnd', event);
      completed = epoch + 1;
      if (this.stopTraining) { stopped = epoch + 1 < epochs; break; }
    }
    this.optimizer.zeroGrad();
    const end = { epochs: completed, stopped };
    for (const c of callbacks) await c.onTrainEnd?.(end, this);
    this.emit('trainEnd', end);
    this.fitRange = null;
    return history;
  }

  /** One epoch; null when interrupted mid-epoch (abort or stopTraining). */
  private async runEpoch(epoch: number, options: FitOptions, callbacks: Callback[]): Promise<EpochEndEvent | null> {
    const { train, val, signal } = options;
    train.setEpoch?.(epoch);
    const owned = consumerOwnsBatches(train, options.disposeBatches);
    const stepsPerEpoch = lengthOf(train);
    const lr = this.lr;
    const means = new Means();
    const start = now();
    let step = 0;
    for await (const batch of iterateBatches('Trainer.fit', train)) {
      const stepLr = this.lr;
      let values: Record<string, number>;
      try {
        values = await this.trainStep(batch);
      } finally {
        if (owned) disposeBatch(batch);
      }
      const n = batch[0].shape[0] ?? 1;
      means.add(values, n);
      if (this.scheduler && this.schedulerInterval === 'step' && !(this.scheduler instanceof ReduceLROnPlateau)) this.scheduler.step();
      const { loss, ...metrics } = values;
      const e = { epoch, step, stepsPerEpoch, loss, metrics, batchSize: n, lr: stepLr, samplesPerSecond: means.count / ((now() - start) / 1000 || 1e-9) };
      for (const c of callbacks) await c.onBatchEnd?.(e, this);
      this.emit('batchEnd', e);
      step++;
      if (this.stopTraining || signal?.aborted) return null;
    }
    const trainSeconds = (now() - start) / 1000;
    const { loss, ...metrics } = means.get();
    const event: EpochEndEvent = { epoch, loss, metrics, lr, seconds: 0, samplesPerSecond: means.count / (trainSeconds || 1e-9) };
    if (val) {
      const { loss: valLoss, ...valMetrics } = await this.evaluate(val, { disposeBatches: options.disposeBatches });
      event.valLoss = valLoss;
      event.valMetrics = valMetrics;
    }
    if (this.scheduler) {
      if (this.scheduler instanceof ReduceLROnPlateau) {
        const name = this.schedulerMonitor ?? (val ? 'valLoss' : 'loss');
        const value = monitored(event, name);
        if (value === undefined) throw new TensorloomError('Trainer', `ReduceLROnPlateau monitors '${name}', which this epoch did not produce`);
        this.scheduler.step(value);
      } else if (this.schedulerInterval === 'epoch') {
        this.scheduler.step();
      }
    }
    event.seconds = (now() - start) / 1000;
    return event;
  }

  /** forward + loss in a scope, backward, optimizer step; returns the loss and metrics. */
  private async trainStep([x, y]: Batch): Promise<Record<string, number>> {
    this.model.train();
    startScope();
    try {
      this.optimizer.zeroGrad();
      const { output, loss } = tidy(() => {
        const out = this.forwardFn(x);
        return { output: out, loss: this.lossFn(out, y) };
      });
      checkLoss(loss);
      loss.backward();
      this.optimizer.step();
      const values: Record<string, number> = { loss: (await loss.data())[0] };
      const detached = output.detach();
      loss.dispose();
      output.dispose();
      for (const [name, fn] of Object.entries(this.metricFns)) values[name] = await fn(detached, y);
      return values;
    } finally {
      endScope();
    }
  }

  /**
   * Loss and metrics over a batch source, sample-weighted, in eval mode without gradients.
   *
   * @example
   * const { loss, accuracy } = await trainer.evaluate(testLoader);
   */
  async evaluate(source: BatchSource, options: { disposeBatches?: boolean } = {}): Promise<Record<string, number> & { loss: number }> {
    const owned = consumerOwnsBatches(source, options.disposeBatches);
    const means = new Means();
    const wasTraining = this.model.training;
    this.model.eval();
    try {
      for await (const batch of iterateBatches('Trainer.evaluate', source)) {
        startScope();
        try {
          const [x, y] = batch;
          const { output, loss } = noGrad(() => tidy(() => {
            const out = this.forwardFn(x);
            return { output: out, loss: this.lossFn(out, y) };
          }));
          checkLoss(loss);
          const values: Record<string, number> = { loss: (await loss.data())[0] };
          for (const [name, fn] of Object.entries(this.metricFns)) values[name] = await fn(output, y);
          means.add(values, x.shape[0] ?? 1);
        } finally {
          endScope();
          if (owned) disposeBatch(batch);
        }
      }
    } finally {
      this.model.train(wasTraining);
    }
    if (means.count === 0) throw new TensorloomError('Trainer.evaluate', 'the batch source yielded no batches');
    return means.get() as Record<string, number> & { loss: number };
  }

  /**
   * The model's output (eval mode, no gradients) for a tensor, or for every batch of a
   * source (inputs `x` or `[x, y]` pairs), concatenated along axis 0. The caller disposes it.
   *
   * @example
   * const probs = await trainer.predict(x);
   * probs.dispose();
   */
  async predict(input: Tensor | Iterable<Tensor | Batch> | AsyncIterable<Tensor | Batch>): Promise<Tensor> {
    const wasTraining = this.model.training;
    this.model.eval();
    try {
      if (input instanceof Tensor) return noGrad(() => tidy(() => this.model.forward(input)));
      const parts: Tensor[] = [];
      try {
        const it = input as AsyncIterable<Tensor | Batch> & Iterable<Tensor | Batch>;
        const items = typeof it[Symbol.asyncIterator] === 'function' ? it : toAsync(it);
        for await (const item of items) {
          const x = item instanceof Tensor ? item : Array.isArray(item) && item[0] instanceof Tensor ? item[0] : null;
          if (!x) throw new TensorloomError('Trainer.predict', 'expected a Tensor or an iterable of tensors / [x, y] batches');
          parts.push(keep(noGrad(() => tidy(() => this.model.forward(x)))));
        }
        if (parts.length === 0) throw new TensorloomError('Trainer.predict', 'the source yielded no batches');
        return parts.length === 1 ? parts.splice(0, 1)[0] : concat(parts, 0);
      } finally {
        for (const p of parts) p.dispose();
      }
    } finally {
      this.model.train(wasTraining);
    }
  }
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  if (!it || typeof it[Symbol.iterator] !== 'function') throw new TensorloomError('Trainer.predict', 'expected a Tensor or an iterable of tensors / [x, y] batches');
  yield* it;
}

function checkLoss(loss: unknown): asserts loss is Tensor {
  if (!(loss instanceof Tensor) || loss.size !== 1) {
    throw new TensorloomError('Trainer', `the loss function must return a scalar Tensor, got ${loss instanceof Tensor ? `shape [${loss.shape}]` : typeof loss}; reduce with .mean()`);
  }
}
