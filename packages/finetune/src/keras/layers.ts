/**
 * Keras layers over the nn modules: Dense, Conv2D (channels-last by default), MaxPooling2D,
 * Flatten, Embedding, LSTM and Dropout. Weights keep PyTorch's layouts and names (`weight`,
 * `bias`) so a Keras-face model's state dict maps directly onto an nn model; initialisers
 * are Keras's (glorot-uniform kernels, zero biases, U(±0.05) embeddings).
 */
import { TensorloomError, maxPool2d, tidy, type Tensor } from '@tensorloom/core';
import { Conv2d, Dropout as NnDropout, Embedding as NnEmbedding, LSTM as NnLSTM, Linear, init, type Module, type Parameter } from '@tensorloom/nn';
import { Layer, type ActivationName, type LayerOptions } from './layer.js';

type Pair2 = number | [number, number];
const pair = (v: Pair2): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Registers an inner nn module's parameters on `layer` under their own names (not as a child). */
function adopt(layer: Module<never[], unknown>, inner: Module<never[], unknown>): void {
  for (const [name, p] of inner.namedParameters()) (layer as unknown as { registerParameter(n: string, p: Parameter): Parameter }).registerParameter(name.replace(/\./g, '_'), p);
}

export interface DenseOptions extends LayerOptions { activation?: ActivationName; useBias?: boolean }

/** A fully connected layer over the last axis. */
export class Dense extends Layer {
  private inner: Linear | null = null;
  /** @example keras.layers.Dense(64, { activation: 'relu', inputShape: [784] }) */
  constructor(readonly units: number, readonly options: DenseOptions = {}) { super(options); }
  protected buildFor(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new TensorloomError('Dense', 'needs inputs with a feature axis');
    this.inner = new Linear(shape[shape.length - 1], this.units, { bias: this.options.useBias ?? true });
    init.xavierUniform_(this.inner.weight);
    if (this.inner.bias) init.zeros_(this.inner.bias);
    adopt(this as never, this.inner as never);
    return [...shape.slice(0, -1), this.units];
  }
  protected call(x: Tensor): Tensor { return (this.inner as Linear).forward(x); }
}

export interface Conv2DOptions extends LayerOptions {
  activation?: ActivationName;
  strides?: Pair2;
  padding?: 'valid' | 'same';
  /** 'channelsLast' (default, Keras: [N, H, W, C]) or 'channelsFirst' ([N, C, H, W]). */
  dataFormat?: 'channelsLast' | 'channelsFirst';
  useBias?: boolean;
}

/** 'same' padding for one axis: [before, after]. */
function samePad(size: number, k: number, s: number): [number, number] {
  const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** A 2-D convolution. */
export class Conv2D extends Layer {
  private inner: Conv2d | null = null;
  private readonly k: [number, number];
  private readonly s: [number, number];
  private readonly last: boolean;
  /** @example keras.layers.Conv2D(16, 3, { activation: 'relu', padding: 'same', inputShape: [28, 28, 1] }) */
  constructor(readonly filters: number, kernelSize: Pair2, readonly options: Conv2DOptions = {}) {
    super(options);
    this.k = pair(kernelSize);
    this.s = pair(options.strides ?? 1);
    this.last = (options.dataFormat ?? 'channelsLast') === 'channelsLast';
  }
  protected buildFor(shape: readonly number[]): number[] {
    if (shape.length !== 3) throw new TensorloomError('Conv2D', `needs inputs [batch, ${this.last ? 'H, W, C' : 'C, H, W'}], got feature shape [${shape}]`);
    const [h, w, c] = this.last ? shape : [shape[1], shape[2], shape[0]];
    this.inner = new Conv2d(c, this.filters, this.k, { stride: this.s, bias: this.options.useBias ?? true });
    init.xavierUniform_(this.inner.weight);
    if (this.inner.bias) init.zeros_(this.inner.bias);
    adopt(this as never, this.inner as never);
    const out = (n: number, k: number, s: number): number => (this.options.padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
    const [oh, ow] = [out(h, this.k[0], this.s[0]), out(w, this.k[1], this.s[1])];
    if (oh < 1 || ow < 1) throw new TensorloomError('Conv2D', `input ${h}x${w} is smaller than the kernel ${this.k}; use padding 'same'`);
    return this.last ? [oh, ow, this.filters] : [this.filters, oh, ow];
  }
  protected call(x: Tensor): Tensor {
    return tidy(() => {
      let t = this.last ? x.permute([0, 3, 1, 2]) : x;
      if (this.options.padding === 'same') t = t.pad([[0, 0], [0, 0], samePad(t.shape[2], this.k[0], this.s[0]), samePad(t.shape[3], this.k[1], this.s[1])]);
      const y = (this.inner as Conv2d).forward(t);
      return this.last ? y.permute([0, 2, 3, 1]) : y;
    });
  }
}

export interface MaxPooling2DOptions extends LayerOptions {
  poolSize?: Pair2;
  strides?: Pair2;
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/** 2-D max pooling (valid padding). */
export class MaxPooling2D extends Layer {
  private readonly k: [number, number];
  private readonly s: [number, number];
  private readonly last: boolean;
  /** @example keras.layers.MaxPooling2D({ poolSize: 2 }) */
  constructor(readonly options: MaxPooling2DOptions = {}) {
    super(options);
    this.k = pair(options.poolSize ?? 2);
    this.s = pair(options.strides ?? this.k);
    this.last = (options.dataFormat ?? 'channelsLast') === 'channelsLast';
  }
  protected buildFor(shape: readonly number[]): number[] {
    if (shape.length !== 3) throw new TensorloomError('MaxPooling2D', `needs inputs [batch, H, W, C], got feature shape [${shape}]`);
    const [h, w, c] = this.last ? shape : [shape[1], shape[2], shape[0]];
    const [oh, ow] = [Math.floor((h - this.k[0]) / this.s[0]) + 1, Math.floor((w - this.k[1]) / this.s[1]) + 1];
    return this.last ? [oh, ow, c] : [c, oh, ow];
  }
  protected call(x: Tensor): Tensor {
    return tidy(() => {
      const t = this.last ? x.permute([0, 3, 1, 2]) : x;
      const y = maxPool2d(t, this.k, { stride: this.s });
      return this.last ? y.permute([0, 2, 3, 1]) : y;
    });
  }
}

/** Flattens every axis but the batch (in channels-last order, as Keras does). */
export class Flatten extends Layer {
  /** @example keras.layers.Flatten() */
  constructor(options: LayerOptions = {}) { super(options); }
  protected buildFor(shape: readonly number[]): number[] { return [shape.reduce((a, b) => a * b, 1)]; }
  protected call(x: Tensor): Tensor { return x.reshape([x.shape[0], -1]); }
}

/** Randomly zeroes inputs with probability `rate` in training. */
export class Dropout extends Layer {
  private readonly inner: NnDropout;
  /** @example keras.layers.Dropout(0.25) */
  constructor(readonly rate: number, options: LayerOptions = {}) { super(options); this.inner = new NnDropout(rate); }
  protected buildFor(shape: readonly number[]): number[] { return [...shape]; }
  protected call(x: Tensor): Tensor { this.inner.training = this.training; return this.inner.forward(x); }
}

/** Turns int32 ids [batch, T] into vectors [batch, T, outputDim]. */
export class Embedding extends Layer {
  private inner: NnEmbedding | null = null;
  /** @example keras.layers.Embedding(10000, 64, { inputShape: [100] }) */
  constructor(readonly inputDim: number, readonly outputDim: number, options: LayerOptions = {}) { super(options); }
  protected buildFor(shape: readonly number[]): number[] {
    this.inner = new NnEmbedding(this.inputDim, this.outputDim);
    init.uniform_(this.inner.weight, -0.05, 0.05);
    adopt(this as never, this.inner as never);
    return [...shape, this.outputDim];
  }
  protected call(x: Tensor): Tensor { return (this.inner as NnEmbedding).forward(x.dtype === 'int32' ? x : x.cast('int32')); }
}

export interface LSTMOptions extends LayerOptions { activation?: ActivationName; returnSequences?: boolean }

/** An LSTM over [batch, T, features]: the last output [batch, units], or every step with `returnSequences`. */
export class LSTM extends Layer {
  private inner: NnLSTM | null = null;
  /** @example keras.layers.LSTM(32, { returnSequences: false }) */
  constructor(readonly units: number, readonly options: LSTMOptions = {}) { super(options); }
  protected buildFor(shape: readonly number[]): number[] {
    if (shape.length !== 2) throw new TensorloomError('LSTM', `needs inputs [batch, T, features], got feature shape [${shape}]`);
    this.inner = new NnLSTM(shape[1], this.units, { batchFirst: true });
    adopt(this as never, this.inner as never);
    return this.options.returnSequences ? [shape[0], this.units] : [this.units];
  }
  protected call(x: Tensor): Tensor {
    return tidy(() => {
      const [out] = (this.inner as NnLSTM).forward(x);
      return this.options.returnSequences ? out : out.narrow(1, out.shape[1] - 1, 1).squeeze(1);
    });
  }
}
