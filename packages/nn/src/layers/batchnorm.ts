/**
 * BatchNorm1d / BatchNorm2d: normalise over the batch (and spatial) dimensions with the
 * biased batch variance; in training, update running_mean / running_var (unbiased) with
 * `momentum` and count num_batches_tracked; in eval, use the running statistics.
 * A frozen BatchNorm (affine, with every parameter `requiresGrad` false) always runs as in
 * eval mode, so fine-tuning a frozen backbone leaves its statistics alone (Keras's rule).
 */
import { Tensor, TensorloomError, noGrad, ones, sub, tidy, zeros, scalar, formatShape } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkDim, checkInput, checkPositiveInt } from '../checks.js';

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly trackRunningStats: boolean;

  constructor(readonly numFeatures: number, options: BatchNormOptions) {
    super();
    checkPositiveInt(this.typeName, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const affine = options.affine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones([numFeatures])) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(zeros([numFeatures])) : null);
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures]));
      this.registerBuffer('running_var', ones([numFeatures]));
      this.registerBuffer('num_batches_tracked', scalar(0, { dtype: 'int32' }));
    }
  }

  /** The ranks this layer accepts and how they read. */
  protected abstract checkShape(x: Tensor): void;

  /** Resets the running statistics to mean 0, variance 1. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.setBuffer('running_mean', zeros([this.numFeatures]));
    this.setBuffer('running_var', ones([this.numFeatures]));
    this.setBuffer('num_batches_tracked', scalar(0, { dtype: 'int32' }));
  }

  /**
   * True when the layer is affine and all its parameters are frozen (`requiresGrad` false).
   * A frozen BatchNorm normalises with its running statistics and does not update them, even
   * in training mode (Keras: a non-trainable `BatchNormalization` runs in inference mode), so
   * `model.train()` on a model with a frozen backbone keeps the backbone's statistics. A
   * BatchNorm without affine parameters follows `training` alone; call `.eval()` on it.
   *
   * @example
   * bn.weight!.requiresGrad_(false); bn.bias!.requiresGrad_(false);
   * bn.frozen; // true: bn.forward(x) uses running_mean / running_var
   */
  get frozen(): boolean {
    return this.weight !== null && this.bias !== null && !this.weight.requiresGrad && !this.bias.requiresGrad;
  }

  forward(x: Tensor): Tensor {
    this.checkShape(x);
    const training = this.training && !this.frozen;
    checkDim(this.typeName, x, 1, this.numFeatures, 'numFeatures (channels)');
    const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
    const bshape = x.shape.map((d, i) => (i === 1 ? d : 1));
    const useBatch = training || !this.trackRunningStats;
    const count = x.size / this.numFeatures;
    if (useBatch && count <= 1 && training) {
      throw new TensorloomError(this.typeName, `expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    return tidy(() => {
      let mean: Tensor;
      let variance: Tensor;
      if (useBatch) {
        mean = x.mean(axes, true);
        const centered = x.sub(mean);
        variance = centered.square().mean(axes, true);
        if (training && this.trackRunningStats) this.updateRunningStats(mean, variance, count);
      } else {
        mean = this.getBuffer('running_mean').reshape(bshape);
        variance = this.getBuffer('running_var').reshape(bshape);
      }
      let y = x.sub(mean).div(variance.add(this.eps).sqrt());
      if (this.weight && this.bias) y = y.mul(this.weight.value.reshape(bshape)).add(this.bias.value.reshape(bshape));
      return y;
    });
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      const tracked = this.getBuffer('num_batches_tracked').add(1);
      // momentum null: the cumulative average's weight 1 / num_batches_tracked, on the device (no read).
      const m: number | Tensor = this.momentum ?? tracked.cast('float32').reciprocal();
      const keepOld: number | Tensor = typeof m === 'number' ? 1 - m : sub(1, m);
      const unbiased = variance.reshape([this.numFeatures]).mul(count / (count - 1));
      const rm = this.getBuffer('running_mean').mul(keepOld).add(mean.reshape([this.numFeatures]).mul(m));
      const rv = this.getBuffer('running_var').mul(keepOld).add(unbiased.mul(m));
      this.setBuffer('running_mean', rm);
      this.setBuffer('running_var', rv);
      this.setBuffer('num_batches_tracked', tracked);
    });
  }

  override extraRepr(): string { return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}`; }
}

export class BatchNorm1d extends BatchNormBase {
  /** @example new BatchNorm1d(64).forward(x) // x: [N, 64] or [N, 64, L] */
  constructor(numFeatures: number, options: BatchNormOptions = {}) { super(numFeatures, options); }
  protected checkShape(x: Tensor): void { checkInput('BatchNorm1d', x, [2, 3], `[N, ${this.numFeatures}] or [N, ${this.numFeatures}, L]`); }
}

export class BatchNorm2d extends BatchNormBase {
  /** @example new BatchNorm2d(16).forward(x) // x: [N, 16, H, W] */
  constructor(numFeatures: number, options: BatchNormOptions = {}) { super(numFeatures, options); }
  protected checkShape(x: Tensor): void { checkInput('BatchNorm2d', x, [4], `[N, ${this.numFeatures}, H, W]`); }
}
