/**
 * LRLogger: records the learning rate at each epoch (and, optionally, each step) and can
 * print it, to check a schedule (warmup, cosine, one-cycle) does what was meant.
 */
import type { BatchEndEvent, Callback, EpochEndEvent } from '../trainer/types.js';

export interface LRLoggerOptions {
  /** Also record the lr of every optimizer step (default false). */
  perStep?: boolean;
  /** Called with a line per epoch, e.g. `console.log` (default: silent). */
  log?: (line: string) => void;
}

export class LRLogger implements Callback {
  /** The lr used in each epoch. */
  readonly epochs: number[] = [];
  /** The lr of each step, when `perStep`. */
  readonly steps: number[] = [];
  private readonly perStep: boolean;
  private readonly log: ((line: string) => void) | undefined;

  /**
   * @example
   * const lrs = new LRLogger({ log: console.log });
   * await trainer.fit({ train, epochs: 5 }); // prints "epoch 1: lr 0.001"
   * lrs.epochs; // [0.001, 0.0005, …]
   */
  constructor(options: LRLoggerOptions = {}) {
    this.perStep = options.perStep ?? false;
    this.log = options.log;
  }

  onBatchEnd(e: BatchEndEvent): void { if (this.perStep) this.steps.push(e.lr); }

  onEpochEnd(e: EpochEndEvent): void {
    this.epochs.push(e.lr);
    this.log?.(`epoch ${e.epoch + 1}: lr ${e.lr}`);
  }
}
