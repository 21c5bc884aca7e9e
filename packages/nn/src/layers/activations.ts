/**
 * Activation modules over core's activation ops: ReLU, LeakyReLU, ELU, GELU, SiLU,
 * Sigmoid, Tanh, Softplus, Softmax and LogSoftmax (Softmax takes a temperature).
 */
import { TensorloomError, elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, silu, softplus, tanh, type GeluOptions, type Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { softmaxWithTemperature } from '../softmax_temperature.js';

/** @example new ReLU().forward(x) */
export class ReLU extends Module { forward(x: Tensor): Tensor { return relu(x); } }
/** @example new Sigmoid().forward(x) */
export class Sigmoid extends Module { forward(x: Tensor): Tensor { return sigmoid(x); } }
/** @example new Tanh().forward(x) */
export class Tanh extends Module { forward(x: Tensor): Tensor { return tanh(x); } }
/** @example new SiLU().forward(x) */
export class SiLU extends Module { forward(x: Tensor): Tensor { return silu(x); } }

export class LeakyReLU extends Module {
  /** @example new LeakyReLU(0.2).forward(x) */
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}

export class ELU extends Module {
  /** @example new ELU(1).forward(x) */
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return elu(x, this.alpha); }
}

export class GELU extends Module {
  /** @example new GELU({ approximate: 'tanh' }).forward(x) */
  constructor(readonly options: GeluOptions = {}) { super(); }
  forward(x: Tensor): Tensor { return gelu(x, this.options); }
}

export class Softplus extends Module {
  /** @example new Softplus({ beta: 1, threshold: 20 }).forward(x) */
  constructor(readonly options: { beta?: number; threshold?: number } = {}) { super(); }
  forward(x: Tensor): Tensor { return softplus(x, this.options); }
}

export class Softmax extends Module {
  /**
   * Softmax along `dim`, of logits divided by `temperature` (default 1).
   *
   * @example
   * new Softmax(-1, { temperature: 2 }).forward(logits);
   */
  constructor(readonly dim = -1, readonly options: { temperature?: number } = {}) {
    super();
    const t = options.temperature ?? 1;
    if (!(t > 0)) throw new TensorloomError('Softmax', `temperature must be positive, got ${t}`);
  }
  forward(x: Tensor): Tensor { return softmaxWithTemperature(x, this.options.temperature ?? 1, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

export class LogSoftmax extends Module {
  /** @example new LogSoftmax(1).forward(logits) */
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
