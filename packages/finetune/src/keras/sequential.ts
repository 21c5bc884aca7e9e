/**
 * keras.Sequential: a stack of Keras-style layers with `compile`, `fit`, `evaluate`,
 * `predict` and `summary`. It is a Module (state dicts, checkpoints) and trains with the
 * Trainer: no second training loop. A final softmax/sigmoid is fused into a probability
 * loss (the Trainer's forward stops before it), so the loss is computed from logits.
 */
import { TensorloomError, concat, keep, noGrad, tidy, type Tensor } from '@tensorloom/core';
import { Adam, AdamW, Module, RMSprop, SGD, formatParamCount, type BaseOptions, type Optimizer } from '@tensorloom/nn';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress_bar.js';
import { accuracySum } from '../trainer/metrics.js';
import { Trainer } from '../trainer/trainer.js';
import type { Batch, Callback, MetricFn } from '../trainer/types.js';
import { ArrayBatches } from './array_batches.js';
import { Layer, snakeName } from './layer.js';
import { resolveLoss, type KerasLossName } from './losses.js';

export interface CompileOptions {
  /** 'adam' | 'sgd' | 'rmsprop' | 'adamw' (default settings) or an optimizer over `model.parameters()`. */
  optimizer: 'adam' | 'sgd' | 'rmsprop' | 'adamw' | Optimizer<BaseOptions>;
  loss: KerasLossName | ((output: Tensor, target: Tensor) => Tensor);
  metrics?: Array<'accuracy'>;
}

export interface KerasFitOptions {
  epochs?: number;
  batchSize?: number;
  /** Fraction of the samples, taken from the end (before shuffling), used for validation. */
  validationSplit?: number;
  validationData?: [Tensor, Tensor];
  shuffle?: boolean;
  /** 0 silent, 1 a live progress bar (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  initialEpoch?: number;
  /** Seed of the shuffle order (default 0). */
  seed?: number;
}

const OPTIMIZERS = { adam: Adam, sgd: SGD, rmsprop: RMSprop, adamw: AdamW } as const;
/** Keras's default learning rates. */
const KERAS_LR = { adam: 1e-3, sgd: 1e-2, rmsprop: 1e-3, adamw: 1e-3 } as const;

export class Sequential extends Module {
  readonly layers: Layer[] = [];
  private compiled: { options: CompileOptions; trainer: Trainer | null } | null = null;

  /**
   * @example
   * const model = keras.Sequential([
   *   keras.layers.Dense(64, { activation: 'relu', inputShape: [784] }),
   *   keras.layers.Dense(10, { activation: 'softmax' }),
   * ]);
   */
  constructor(layers: Layer[] = []) {
    super();
    for (const l of layers) this.add(l);
  }

  /** Appends a layer (named uniquely within the model). @example model.add(keras.layers.Flatten()) */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new TensorloomError('Sequential', 'add() takes a keras layer (keras.layers.Dense(...), …)');
    const base = layer.name ?? snakeName(layer.typeName);
    const taken = new Set(this.namedChildren().map(([n]) => n));
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    this.registerModule(name, layer as never);
    this.layers.push(layer);
    const first = this.layers[0].inputShape;
    if (first) this.build(first);
    return this;
  }

  /** Creates every layer's weights for inputs of `featureShape` (no batch axis). */
  build(featureShape: readonly number[]): void {
    let shape = [...featureShape];
    for (const l of this.layers) shape = l.build(shape);
  }

  get built(): boolean { return this.layers.length > 0 && this.layers.every((l) => l.built); }

  forward(x: Tensor): Tensor {
    return tidy(() => this.layers.reduce((t, l) => l.forward(t), x));
  }

  /** The output with the last layer's activation left out (the logits of a softmax model). */
  forwardLogits(x: Tensor): Tensor {
    return tidy(() => {
      let t = x;
      this.layers.forEach((l, i) => { t = i === this.layers.length - 1 ? l.callLogits(t) : l.forward(t); });
      return t;
    });
  }

  /**
   * Sets the optimizer, loss and metrics.
   *
   * @example
   * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
   */
  compile(options: CompileOptions): void {
    if (!options || !options.optimizer || !options.loss) throw new TensorloomError('compile', 'needs { optimizer, loss }');
    if (typeof options.optimizer === 'string' && !(options.optimizer in OPTIMIZERS)) {
      throw new TensorloomError('compile', `unknown optimizer '${options.optimizer}'; use ${Object.keys(OPTIMIZERS).join(', ')} or an optimizer instance`);
    }
    if (this.layers.length === 0) throw new TensorloomError('compile', 'the model has no layers');
    if (typeof options.optimizer !== 'string' && !this.built) {
      throw new TensorloomError('compile', 'the model is not built, so an optimizer object cannot hold its parameters: give the first layer an inputShape '
        + "(or call model.build(featureShape)) before creating the optimizer, or pass its name (optimizer: 'adam')");
    }
    resolveLoss(options.loss, this.layers[this.layers.length - 1].activation);
    this.compiled = { options, trainer: null };
  }

  /** The Trainer behind fit/evaluate (made on first use, once the model is built). */
  get trainer(): Trainer {
    if (!this.compiled) throw new TensorloomError('Sequential', 'call compile({ optimizer, loss }) before fit or evaluate');
    if (!this.built) throw new TensorloomError('Sequential', 'the model is not built: give the first layer an inputShape, or call fit/build first');
    if (this.compiled.trainer) return this.compiled.trainer;
    const { options } = this.compiled;
    const last = this.layers[this.layers.length - 1].activation;
    const { fn, fromLogits } = resolveLoss(options.loss, last);
    const optimizer = typeof options.optimizer === 'string' ? new OPTIMIZERS[options.optimizer](this.parameters(), { lr: KERAS_LR[options.optimizer] }) as unknown as Optimizer<BaseOptions> : options.optimizer;
    const metrics: Record<string, MetricFn> = {};
    for (const m of options.metrics ?? []) {
      if (m !== 'accuracy') throw new TensorloomError('compile', `unknown metric '${String(m)}'; built-in: 'accuracy'`);
      metrics.accuracy = (o, t) => accuracySum(o, t, fromLogits && last === 'sigmoid' ? 0 : 0.5);
    }
    this.compiled.trainer = new Trainer({
      model: this, optimizer, loss: fn, metrics,
      forward: fromLogits ? (x) => this.forwardLogits(x) : undefined,
    });
    return this.compiled.trainer;
  }

  /**
   * Trains on in-memory tensors; resolves with the History.
   *
   * @example
   * const h = await model.fit(x, y, { epochs: 5, batchSize: 32, validationSplit: 0.1 });
   */
  async fit(x: Tensor, y: Tensor, options: KerasFitOptions = {}): Promise<History> {
    if (x.shape[0] !== y.shape[0]) throw new TensorloomError('fit', `x has ${x.shape[0]} samples but y has ${y.shape[0]}`);
    if (!this.built) this.build(x.shape.slice(1));
    const trainer = this.trainer;
    const split = options.validationSplit ?? 0;
    if (!(split >= 0 && split < 1)) throw new TensorloomError('fit', `validationSplit must be in [0, 1), got ${split}`);
    const n = x.shape[0];
    const nVal = Math.floor(n * split);
    const owned: Tensor[] = [];
    try {
      let [xt, yt] = [x, y];
      let val: Batch[] | undefined;
      if (nVal > 0) {
        [xt, yt] = [keep(x.narrow(0, 0, n - nVal)), keep(y.narrow(0, 0, n - nVal))];
        const [xv, yv] = [keep(x.narrow(0, n - nVal, nVal)), keep(y.narrow(0, n - nVal, nVal))];
        owned.push(xt, yt, xv, yv);
        val = [[xv, yv]];
      }
      if (options.validationData) val = [[options.validationData[0], options.validationData[1]]];
      const batchSize = options.batchSize ?? 32;
      const verbose = options.verbose ?? 1;
      const progress = verbose === 0 ? [] : [new ProgressBar(verbose === 2 ? { live: false } : {})];
      const saved = [...trainer.callbacks];
      trainer.callbacks.push(...progress, ...(options.callbacks ?? []));
      try {
        return await trainer.fit({
          train: new ArrayBatches(xt, yt, batchSize, options.shuffle ?? true, options.seed ?? 0),
          val: val ? { [Symbol.iterator]: () => chunks(val as Batch[], batchSize) } : undefined,
          epochs: options.epochs ?? 1, initialEpoch: options.initialEpoch,
        });
      } finally {
        trainer.callbacks.splice(0, trainer.callbacks.length, ...saved);
      }
    } finally {
      for (const t of owned) t.dispose();
    }
  }

  /**
   * Loss and metrics on x, y (eval mode), e.g. `{ loss: 0.31, accuracy: 0.91 }`.
   *
   * @example
   * const { loss, accuracy } = await model.evaluate(xTest, yTest);
   */
  async evaluate(x: Tensor, y: Tensor, options: { batchSize?: number } = {}): Promise<Record<string, number> & { loss: number }> {
    if (!this.built) this.build(x.shape.slice(1));
    return this.trainer.evaluate({ [Symbol.iterator]: () => chunks([[x, y]], options.batchSize ?? 32) });
  }

  /**
   * The model's output for x (eval mode, no gradients), in batches; the caller disposes it.
   *
   * @example
   * const probs = model.predict(x); // [N, 10]
   */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    if (!this.built) this.build(x.shape.slice(1));
    const wasTraining = this.training;
    this.eval();
    try {
      const bs = options.batchSize ?? 32;
      return noGrad(() => tidy(() => {
        const parts: Tensor[] = [];
        for (let at = 0; at < x.shape[0]; at += bs) parts.push(this.forward(x.narrow(0, at, Math.min(bs, x.shape[0] - at))));
        return parts.length === 1 ? parts[0] : concat(parts, 0);
      }));
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * A Keras-style table of layers, output shapes and parameter counts.
   *
   * @example
   * console.log(model.summary());
   */
  override summary(input?: readonly number[] | Tensor): string {
    if (input !== undefined) return super.summary(input);
    if (!this.built) throw new TensorloomError('summary', 'the model is not built: give the first layer an inputShape, or call build/fit first');
    const rows = this.namedChildren().map(([name, m]) => {
      const l = m as unknown as Layer;
      return [`${name} (${l.typeName})`, `[null, ${(l.outputShape ?? []).join(', ')}]`, formatParamCount(l.numParameters())];
    });
    const head = ['Layer (type)', 'Output Shape', 'Param #'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
    const line = (r: string[]): string => r.map((c, i) => c.padEnd(w[i])).join('').trimEnd();
    const rule = '─'.repeat(w.reduce((a, b) => a + b, 0));
    const total = this.numParameters();
    const trainable = this.numParameters(true);
    return [rule, line(head), rule, ...rows.map(line), rule, `Total params: ${formatParamCount(total)}`, `Trainable params: ${formatParamCount(trainable)}`,
      `Non-trainable params: ${formatParamCount(total - trainable)}`, rule].join('\n');
  }
}

/** Batches of at most `size` rows from each [x, y] (views, disposed after use). */
function* chunks(batches: Batch[], size: number): Generator<Batch> {
  for (const [x, y] of batches) {
    for (let at = 0; at < x.shape[0]; at += size) {
      const n = Math.min(size, x.shape[0] - at);
      const b: Batch = [keep(x.narrow(0, at, n)), keep(y.narrow(0, at, n))];
      try { yield b; } finally { b[0].dispose(); b[1].dispose(); }
    }
  }
}
