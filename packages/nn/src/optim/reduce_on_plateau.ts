/**
 * ReduceLROnPlateau: multiply the lr by `factor` when a metric has not improved for
 * `patience` steps (PyTorch's rules: relative or absolute threshold, cooldown, minLr, eps).
 */
import { TensorloomError } from '@tensorloom/core';
import type { BaseOptions, Optimizer } from './optimizer.js';
import type { SchedulerStateDict } from './lr_scheduler.js';

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

export class ReduceLROnPlateau {
  /** Steps on a metric: `step(value)` once per epoch with the monitored value (the Trainer reads this). */
  readonly stepsOnMetric = true;
  readonly options: Required<Omit<ReduceLROnPlateauOptions, 'minLr'>>;
  readonly minLrs: number[];
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  /**
   * @example
   * const sched = new ReduceLROnPlateau(opt, { mode: 'min', patience: 5 });
   * sched.step(valLoss);
   */
  constructor(readonly optimizer: Optimizer<BaseOptions>, options: ReduceLROnPlateauOptions = {}) {
    this.options = {
      mode: options.mode ?? 'min', factor: options.factor ?? 0.1, patience: options.patience ?? 10,
      threshold: options.threshold ?? 1e-4, thresholdMode: options.thresholdMode ?? 'rel', cooldown: options.cooldown ?? 0, eps: options.eps ?? 1e-8,
    };
    if (!(this.options.factor < 1)) throw new TensorloomError('ReduceLROnPlateau', `factor must be < 1, got ${this.options.factor}`);
    const groups = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : Array.from({ length: groups }, () => minLr);
    if (this.minLrs.length !== groups) throw new TensorloomError('ReduceLROnPlateau', `expected ${groups} minLr values, got ${this.minLrs.length}`);
    this.best = this.options.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode: tm, threshold: t } = this.options;
    if (mode === 'min') return tm === 'rel' ? a < best * (1 - t) : a < best - t;
    return tm === 'rel' ? a > best * (1 + t) : a > best + t;
  }

  /** Reports the metric of this epoch; reduces the lr after `patience` epochs without improvement. */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric)) throw new TensorloomError('ReduceLROnPlateau', `step needs the metric as a number, got ${metric}`);
    this.lastEpoch++;
    if (this.isBetter(metric, this.best)) { this.best = metric; this.numBadEpochs = 0; } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) { this.cooldownCounter--; this.numBadEpochs = 0; }
    if (this.numBadEpochs > this.options.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.options.factor, this.minLrs[i]);
        if (g.lr - next > this.options.eps) g.lr = next;
      });
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] { return [...this.lastLr]; }

  stateDict(): SchedulerStateDict {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch, lastLr: [...this.lastLr] };
  }

  loadStateDict(d: SchedulerStateDict): void {
    this.best = d.best as number;
    this.numBadEpochs = d.numBadEpochs as number;
    this.cooldownCounter = d.cooldownCounter as number;
    this.lastEpoch = d.lastEpoch as number;
    if (Array.isArray(d.lastLr)) this.lastLr = [...(d.lastLr as number[])];
  }
}
