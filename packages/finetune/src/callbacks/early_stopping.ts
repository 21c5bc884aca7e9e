/**
 * EarlyStopping: stops `fit` when a monitored quantity has not improved by `minDelta` for
 * `patience` epochs, and can restore the weights of the best epoch (Keras's semantics).
 */
import type { StateDict } from '@tensorloom/nn';
import type { Trainer } from '../trainer/trainer.js';
import type { Callback, EpochEndEvent } from '../trainer/types.js';
import { improves, requireMonitored, resolveMode, type MonitorMode } from './monitor.js';

export interface EarlyStoppingOptions {
  /** What to watch: 'valLoss' (default), 'loss', 'valAccuracy', a metric name. */
  monitor?: string;
  mode?: MonitorMode;
  /** Epochs without improvement before stopping (default 0: the first one stops). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end of training, load the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
  /** An improvement must also beat this value to reset the patience. */
  baseline?: number;
  /** Ignore epochs before this one (warm-up). */
  startFromEpoch?: number;
}

export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  /** The best value seen, its epoch, and the epoch that stopped training (-1 if none). */
  best = NaN;
  bestEpoch = -1;
  stoppedEpoch = -1;
  private wait = 0;
  private bestWeights: StateDict | null = null;
  private readonly baseline: number | undefined;
  private readonly startFromEpoch: number;

  /**
   * @example
   * new EarlyStopping({ monitor: 'valLoss', mode: 'min', patience: 3, minDelta: 1e-3, restoreBestWeights: true });
   */
  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = resolveMode('EarlyStopping', options.mode, this.monitor);
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.baseline = options.baseline;
    this.startFromEpoch = options.startFromEpoch ?? 0;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.dropWeights();
  }

  onEpochEnd(e: EpochEndEvent, trainer: Trainer): void {
    if (e.epoch < this.startFromEpoch) return;
    const value = requireMonitored('EarlyStopping', e, this.monitor);
    if (improves(value, this.best, this.mode, this.minDelta)) {
      this.best = value;
      this.bestEpoch = e.epoch;
      if (this.restoreBestWeights) {
        this.dropWeights();
        this.bestWeights = trainer.model.stateDict({ clone: true });
      }
      if (this.baseline === undefined || improves(value, this.baseline, this.mode, 0)) this.wait = 0;
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = e.epoch;
      trainer.stopTraining = true;
    }
  }

  onTrainEnd(_e: unknown, trainer: Trainer): void {
    if (this.restoreBestWeights && this.bestWeights) trainer.model.loadStateDict(this.bestWeights);
    this.dropWeights();
  }

  private dropWeights(): void {
    if (this.bestWeights) for (const t of Object.values(this.bestWeights)) t.dispose();
    this.bestWeights = null;
  }
}
