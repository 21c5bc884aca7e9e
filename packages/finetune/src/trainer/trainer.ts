/**
 * Trainer: the training loop (fit / evaluate / predict) over a model, an optimizer, a loss,
 * an optional LR scheduler, metrics and callbacks. It owns tensor memory: each step runs in a
 * scope, so a caller of `fit` never writes `tidy`, and live tensors stay flat across epochs.
 * Losses and metrics stay on the device and are read once per log interval (`logEvery`), so an
 * asynchronous backend's queue never stalls on a per-step read. Subclasses override
 * `computeLoss`, `trainStep`, `evalStep` or `predictStep` (Keras's `train_step`, Lightning's
 * `training_step`); batches are `[x, y]` or any tuple or record of tensors.
 */
import { Tensor, TensorloomError, concat, endScope, keep, manualSeed, markStep, noGrad, startScope, tidy } from '@tensorloom/core';
import type { AnyModule, BaseOptions, Optimizer } from '@tensorloom/nn';
import { History } from '../callbacks/history.js';
import { consumerOwnsBatches, disposeBatch, iterateBatches, lengthOf, tensorsOf } from './batches.js';
import { resolveMetrics } from './metrics.js';
import { monitored } from '../callbacks/monitor.js';
import { Means, StepLog, type LoggedStep } from './step_log.js';
import { DEFAULT_LOG_EVERY, type FitOptions, type TrainableModel, type TrainerOptions } from './options.js';
import { crossEntropyLoss } from '../cross_entropy_loss.js';
import type {
  Batch, BatchLike, BatchSource, Callback, EpochEndEvent, LossFn, LossOutput, MetricFn, MetricValue, SchedulerLike, StepOutput, TrainerEvents,
} from './types.js';

export { DEFAULT_LOG_EVERY, type FitOptions, type TrainableModel, type TrainerOptions } from './options.js';

type Listener<K extends keyof TrainerEvents> = (event: TrainerEvents[K]) => void;
const HOOKS = { batchEnd: 'onBatchEnd', epochEnd: 'onEpochEnd', trainEnd: 'onTrainEnd' } as const;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class Trainer<B extends BatchLike = Batch, M extends AnyModule = TrainableModel> {
  readonly model: M;
  readonly optimizer: Optimizer<BaseOptions>;
  readonly scheduler: SchedulerLike | undefined;
  /** The callbacks, in call order; `on()` adds to them. */
  readonly callbacks: Callback[];
  /** Steps between reads of the loss and metrics (see `TrainerOptions.logEvery`). */
  readonly logEvery: number;
  /** Set to true (e.g. from a callback) to stop after the current log interval or epoch. */
  stopTraining = false;
  /** The running fit's epoch range (for progress displays), or null outside `fit`. */
  fitRange: { initialEpoch: number; epochs: number } | null = null;
  protected readonly lossFn: LossFn | undefined;
  protected readonly metricFns: Record<string, MetricFn>;
  private readonly forwardFn: (x: Tensor) => Tensor;
  private readonly computeLossFn: TrainerOptions<B, M>['computeLoss'];
  private readonly schedulerInterval: 'epoch' | 'step';
  private readonly schedulerMonitor: string | undefined;

  /**
   * @example
   * const trainer = new Trainer({ model, optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
   *   loss: (out, y) => crossEntropy(out, y), metrics: ['accuracy'], callbacks: [new ProgressBar()] });
   * const history = await trainer.fit({ train: loader, val: valLoader, epochs: 5 });
   */
  constructor(options: TrainerOptions<B, M>) {
    const { model, optimizer } = options ?? ({} as TrainerOptions<B, M>);
    const loss = options?.loss ?? (options?.crossEntropy ? crossEntropyLoss(options.crossEntropy) : undefined);
    if (!model || typeof model.forward !== 'function') throw new TensorloomError('Trainer', 'needs a model (a Module with forward(x))');
    if (!optimizer || typeof optimizer.step !== 'function') throw new TensorloomError('Trainer', 'needs an optimizer (e.g. new Adam(model.parameters()))');
    const overridden = Object.getPrototypeOf(this).computeLoss !== Trainer.prototype.computeLoss;
    if (typeof loss !== 'function' && typeof options.computeLoss !== 'function' && !overridden) {
      throw new TensorloomError('Trainer', 'needs a loss: (output, target) => scalar Tensor (or crossEntropy: { labelSmoothing, classWeights }, or computeLoss: (batch) => { loss, output, target })');
    }
    const logEvery = options.logEvery ?? DEFAULT_LOG_EVERY;
    if (!Number.isInteger(logEvery) || logEvery < 1) throw new TensorloomError('Trainer', `logEvery must be a positive integer, got ${logEvery}`);
    this.model = model;
    this.optimizer = optimizer;
    this.lossFn = loss;
    this.computeLossFn = options.computeLoss;
    this.scheduler = options.scheduler;
    this.schedulerInterval = options.schedulerInterval ?? 'epoch';
    this.schedulerMonitor = options.schedulerMonitor;
    this.metricFns = resolveMetrics(options.metrics);
    this.callbacks = [...(options.callbacks ?? [])];
    this.logEvery = logEvery;
    this.forwardFn = options.forward ?? ((x) => (model as unknown as TrainableModel).forward(x));
  }

  /**
   * Subscribes to an event (a callback with that one hook, appended to `callbacks`); returns a
   * function that unsubscribes.
   *
   * @example
   * const off = trainer.on('batchEnd', (e) => chart.push(e.loss));
   */
  on<K extends keyof TrainerEvents>(name: K, listener: Listener<K>): () => void {
    const hook = HOOKS[name];
    if (!hook) throw new TensorloomError('Trainer.on', `unknown event '${String(name)}'; events: ${Object.keys(HOOKS).join(', ')}`);
    const callback = { [hook]: (event: TrainerEvents[K]) => { listener(event); } } as Callback;
    this.callbacks.push(callback);
    return () => {
      const at = this.callbacks.indexOf(callback);
      if (at >= 0) this.callbacks.splice(at, 1);
    };
  }

  /** The learning rate of the first parameter group. */
  get lr(): number { return Number(this.optimizer.paramGroups[0]?.lr ?? NaN); }

  // ---- the overridable steps ----

  /**
   * The batch → its scalar loss, and the output and target for the metrics. The default runs
   * `forward(x)` and the `loss` option on an `[x, y]` batch, or the `computeLoss` option.
   * Called inside a scope (tensors it makes are freed after the step) and with gradients on in
   * `trainStep`, off in `evalStep`.
   *
   * @example
   * class MaskedTrainer extends Trainer<{ tokens: Tensor; mask: Tensor; labels: Tensor }, TextModel> {
   *   protected override computeLoss({ tokens, mask, labels }) {
   *     const output = this.model.forward(tokens, mask);
   *     return { loss: crossEntropy(output, labels), output, target: labels };
   *   }
   * }
   */
  protected computeLoss(batch: B): LossOutput {
    if (this.computeLossFn) return this.computeLossFn(batch);
    if (!Array.isArray(batch) || batch.length !== 2 || !this.lossFn) {
      throw new TensorloomError('Trainer', 'the default computeLoss takes [x, y] batches and a loss; for other batches pass computeLoss: (batch) => ({ loss, output, target }) or override computeLoss');
    }
    const [x, y] = batch as unknown as Batch;
    const output = this.forwardFn(x);
    return { loss: this.lossFn(output, y), output, target: y };
  }

  /**
   * One optimization step on a batch: zeroGrad, `computeLoss`, backward, optimizer step; returns
   * the loss and metrics as tensors (nothing is read here). Runs inside a scope.
   *
   * @example
   * class ClippedTrainer extends Trainer {
   *   protected override trainStep(batch: Batch): StepOutput {
   *     this.optimizer.zeroGrad();
   *     const { loss } = this.computeLoss(batch);
   *     loss.backward();
   *     clipGradNorm(this.model.parameters(), 1);
   *     this.optimizer.step();
   *     return { loss };
   *   }
   * }
   */
  protected trainStep(batch: B): StepOutput | Promise<StepOutput> {
    this.optimizer.zeroGrad();
    const { loss, output, target } = tidy(() => this.computeLoss(batch));
    checkLoss(loss);
    loss.backward();
    this.optimizer.step();
    return { loss, metrics: output && target ? this.computeMetrics(output.detach(), target) : {} };
  }

  /**
   * The loss and metrics of a batch in eval mode, without gradients (nothing is read here).
   *
   * @example
   * protected override evalStep(batch: Batch): StepOutput { return { loss: this.computeLoss(batch).loss }; }
   */
  protected evalStep(batch: B): StepOutput | Promise<StepOutput> {
    const { loss, output, target } = noGrad(() => tidy(() => this.computeLoss(batch)));
    checkLoss(loss);
    return { loss, metrics: output && target ? noGrad(() => this.computeMetrics(output, target)) : {} };
  }

  /**
   * The model's output for one input of `predict` (a tensor, an `[x, y]` batch or a tuple whose
   * first item is the input); override for record batches. Runs in eval mode without gradients.
   *
   * @example
   * protected override predictStep(batch: { tokens: Tensor; mask: Tensor }) { return this.model.forward(batch.tokens, batch.mask); }
   */
  protected predictStep(input: Tensor | B): Tensor {
    const x = input instanceof Tensor ? input : Array.isArray(input) && input[0] instanceof Tensor ? input[0] : null;
    if (!x) throw new TensorloomError('Trainer.predict', 'expected a Tensor or an iterable of tensors / [x, y] batches (override predictStep for record batches)');
    return (this.model as unknown as TrainableModel).forward(x);
  }

  /** The samples in a batch, for sample-weighted means: the first tensor's leading dimension. */
  protected batchSize(batch: B): number { return tensorsOf(batch)[0]?.shape[0] ?? 1; }

  /** The metrics option applied to an output and its target. */
  protected computeMetrics(output: Tensor, target: Tensor): Record<string, MetricValue> {
    const out: Record<string, MetricValue> = {};
    for (const [name, fn] of Object.entries(this.metricFns)) {
      const v = fn(output, target);
      if (v instanceof Promise) throw new TensorloomError('Trainer', `metric '${name}' returned a Promise inside a step; return a scalar Tensor (or a number)`);
      out[name] = v;
    }
    return out;
  }

  // ---- the loops ----

  /**
   * Trains for `epochs - initialEpoch` epochs and resolves with the History.
   *
   * @example
   * const history = await trainer.fit({ train, val, epochs: 10 });
   * history.history.valLoss; // one value per epoch
   */
  async fit(options: FitOptions<B>): Promise<History> {
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
    for (const c of callbacks) await c.onTrainBegin?.(this as unknown as Trainer);
    let completed = initialEpoch;
    let stopped = false;
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      if (signal?.aborted) { stopped = true; break; }
      for (const c of callbacks) await c.onEpochBegin?.(epoch, this as unknown as Trainer);
      if (options.seed !== undefined) manualSeed(options.seed + epoch);
      const event = await this.runEpoch(epoch, options, callbacks);
      if (!event) { stopped = true; break; }
      for (const c of callbacks) await c.onEpochEnd?.(event, this as unknown as Trainer);
      completed = epoch + 1;
      if (this.stopTraining) { stopped = epoch + 1 < epochs; break; }
    }
    this.optimizer.zeroGrad();
    const end = { epochs: completed, stopped };
    for (const c of callbacks) await c.onTrainEnd?.(end, this as unknown as Trainer);
    this.fitRange = null;
    return history;
  }

  /** One epoch; null when interrupted mid-epoch (abort or stopTraining). */
  private async runEpoch(epoch: number, options: FitOptions<B>, callbacks: Callback[]): Promise<EpochEndEvent | null> {
    const { train, val, signal } = options;
    train.setEpoch?.(epoch);
    const owned = consumerOwnsBatches(train, options.disposeBatches);
    const stepsPerEpoch = lengthOf(train);
    const lr = this.lr;
    const means = new Means();
    const log = new StepLog();
    const start = now();
    let samples = 0;
    let step = 0;
    /** Reads the pending steps and emits their events; false when a callback or the signal stopped training. */
    const flush = async (): Promise<boolean> => {
      const steps = await log.flush();
      for (const [i, s] of steps.entries()) {
        means.add(s.values, s.batchSize);
        const { loss, ...metrics } = s.values;
        const e = {
          epoch, step: s.step, stepsPerEpoch, loss, metrics, batchSize: s.batchSize, lr: s.lr, samplesPerSecond: s.samplesPerSecond, lastOfRead: i === steps.length - 1,
        };
        for (const c of callbacks) await c.onBatchEnd?.(e, this as unknown as Trainer);
        if (this.stopTraining || signal?.aborted) return false;
      }
      return true;
    };
    this.model.train();
    try {
      for await (const batch of iterateBatches('Trainer.fit', train)) {
        const stepLr = this.lr;
        const n = this.batchSize(batch);
        startScope();
        try {
          const out = await this.trainStep(batch);
          checkLoss(out?.loss);
          samples += n;
          log.add('Trainer.fit', out, { step, batchSize: n, lr: stepLr, samplesPerSecond: samples / ((now() - start) / 1000 || 1e-9) });
        } finally {
          endScope();
          if (owned) disposeBatch(batch);
        }
        if (this.scheduler && this.schedulerInterval === 'step' && !this.scheduler.stepsOnMetric) this.scheduler.step();
        markStep(); // a lazy backend (onnx) queues this step's graph: identical steps compile once
        step++;
        const interrupted = this.stopTraining || signal?.aborted;
        if (log.size >= this.logEvery || interrupted) {
          if (!(await flush()) || interrupted) return null;
        }
      }
      if (!(await flush())) return null;
    } finally {
      log.dispose();
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
      if (this.scheduler.stepsOnMetric) {
        const name = this.schedulerMonitor ?? (val ? 'valLoss' : 'loss');
        const value = monitored(event, name);
        if (value === undefined) throw new TensorloomError('Trainer', `the scheduler steps on '${name}', which this epoch did not produce`);
        this.scheduler.step(value);
      } else if (this.schedulerInterval === 'epoch') {
        this.scheduler.step();
      }
    }
    event.seconds = (now() - start) / 1000;
    return event;
  }

  /**
   * Loss and metrics over a batch source, sample-weighted, in eval mode without gradients
   * (read once per `logEvery` batches).
   *
   * @example
   * const { loss, accuracy } = await trainer.evaluate(testLoader);
   */
  async evaluate(source: BatchSource<B>, options: { disposeBatches?: boolean } = {}): Promise<Record<string, number> & { loss: number }> {
    const owned = consumerOwnsBatches(source, options.disposeBatches);
    const means = new Means();
    const log = new StepLog();
    const add = (steps: LoggedStep[]): void => { for (const s of steps) means.add(s.values, s.batchSize); };
    const wasTraining = this.model.training;
    this.model.eval();
    try {
      for await (const batch of iterateBatches('Trainer.evaluate', source)) {
        startScope();
        try {
          const out = await this.evalStep(batch);
          checkLoss(out?.loss);
          log.add('Trainer.evaluate', out, { step: log.size, batchSize: this.batchSize(batch), lr: this.lr, samplesPerSecond: 0 });
        } finally {
          endScope();
          if (owned) disposeBatch(batch);
        }
        if (log.size >= this.logEvery) add(await log.flush());
      }
      add(await log.flush());
    } finally {
      log.dispose();
      this.model.train(wasTraining);
    }
    if (means.count === 0) throw new TensorloomError('Trainer.evaluate', 'the batch source yielded no batches');
    return means.get() as Record<string, number> & { loss: number };
  }

  /**
   * The model's output (eval mode, no gradients) for a tensor, or for every batch of a
   * source (inputs `x` or `[x, y]` pairs; see `predictStep`), concatenated along axis 0. The
   * caller disposes it. Reads nothing.
   *
   * @example
   * const probs = await trainer.predict(x);
   * probs.dispose();
   */
  async predict(input: Tensor | Iterable<Tensor | B> | AsyncIterable<Tensor | B>): Promise<Tensor> {
    const wasTraining = this.model.training;
    this.model.eval();
    try {
      if (input instanceof Tensor) return noGrad(() => tidy(() => this.predictStep(input)));
      const parts: Tensor[] = [];
      try {
        const it = input as AsyncIterable<Tensor | B> & Iterable<Tensor | B>;
        const items = typeof it[Symbol.asyncIterator] === 'function' ? it : toAsync(it);
        for await (const item of items) parts.push(keep(noGrad(() => tidy(() => this.predictStep(item)))));
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
