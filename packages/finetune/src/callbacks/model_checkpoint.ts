/**
 * ModelCheckpoint: saves a checkpoint (weights, optimizer and scheduler state, epoch) at the
 * end of each epoch, or only when a monitored quantity improves. Writes are atomic, so a
 * crash mid-save leaves the previous good checkpoint in place.
 */
import { TensorloomError } from '@tensorloom/core';
import { checkpointToBytes } from '../checkpoint/codec.js';
import { writeBytesAtomic, type WriteBytes } from '../checkpoint/file.js';
import type { Trainer } from '../trainer/trainer.js';
import type { Callback, EpochEndEvent } from '../trainer/types.js';
import { improves, requireMonitored, resolveMode, type MonitorMode } from './monitor.js';

export interface ModelCheckpointOptions {
  /** File path; `{epoch}` is replaced by the 1-based epoch number (Keras's convention). */
  path: string;
  /** What decides "best" (default 'valLoss'). */
  monitor?: string;
  mode?: MonitorMode;
  /** Save only when the monitored value improves (default false: every epoch). */
  saveBestOnly?: boolean;
  /** Save the model's weights only, without optimizer and scheduler state (default false). */
  saveWeightsOnly?: boolean;
  /** Where bytes go (default: Node's atomic file write). Pass one to save elsewhere, e.g. IndexedDB. */
  write?: WriteBytes;
}

export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** The best monitored value so far, and the path and epoch last written. */
  best: number;
  lastSaved: { path: string; epoch: number } | null = null;
  private readonly options: ModelCheckpointOptions;

  /**
   * @example
   * new ModelCheckpoint({ path: 'best.safetensors', monitor: 'valAccuracy', mode: 'max', saveBestOnly: true });
   */
  constructor(options: ModelCheckpointOptions) {
    if (!options || typeof options.path !== 'string' || options.path === '') throw new TensorloomError('ModelCheckpoint', 'needs { path }');
    this.options = options;
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = resolveMode('ModelCheckpoint', options.mode, this.monitor);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  onTrainBegin(): void { this.best = this.mode === 'min' ? Infinity : -Infinity; }

  async onEpochEnd(e: EpochEndEvent, trainer: Trainer): Promise<void> {
    if (this.options.saveBestOnly) {
      const value = requireMonitored('ModelCheckpoint', e, this.monitor);
      if (!improves(value, this.best, this.mode)) return;
      this.best = value;
    }
    const path = this.options.path.replaceAll('{epoch}', String(e.epoch + 1));
    const full = !this.options.saveWeightsOnly;
    const bytes = await checkpointToBytes({
      model: trainer.model,
      optimizer: full ? trainer.optimizer : undefined,
      scheduler: full ? trainer.scheduler : undefined,
      epoch: e.epoch + 1,
      extra: { monitor: this.monitor, value: requireOrNull(e, this.monitor) },
    });
    await (this.options.write ?? writeBytesAtomic)(path, bytes);
    this.lastSaved = { path, epoch: e.epoch + 1 };
  }
}

function requireOrNull(e: EpochEndEvent, monitor: string): number | null {
  try { return requireMonitored('ModelCheckpoint', e, monitor); } catch { return null; }
}
