/**
 * LRScheduler: the base of the epoch/step-indexed schedules. Like PyTorch, constructing one
 * records each group's `initialLr` and applies the schedule at step 0; each `step()`
 * advances `lastEpoch` and sets every group's lr from the closed form `lrAt(epoch)`.
 */
import { TensorloomError } from '@tensorloom/core';
import type { BaseOptions, Optimizer } from './optimizer.js';

/** What a scheduler's `stateDict()` returns: plain numbers and arrays. */
export type SchedulerStateDict = Record<string, unknown>;

export abstract class LRScheduler {
  /** Stepped without a metric (per epoch or per step); `ReduceLROnPlateau` says true. */
  readonly stepsOnMetric: boolean = false;
  lastEpoch: number;
  readonly baseLrs: number[];
  protected lastLr: number[] = [];

  constructor(readonly optimizer: Optimizer<BaseOptions>, lastEpoch = -1) {
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new TensorloomError(this.constructor.name, 'needs an Optimizer');
    for (const g of optimizer.paramGroups) {
      if (lastEpoch === -1) g.initialLr = g.lr;
      else if (g.initialLr === undefined) {
        throw new TensorloomError(this.constructor.name, 'resuming (lastEpoch != -1) needs initialLr in every param group; load the optimizer state first');
      }
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** Call at the end of the constructor of a subclass (PyTorch's initial step). */
  protected init(): void { this.step(); }

  /** The lr of group `i` at `epoch` (closed form). */
  protected abstract lrAt(epoch: number, baseLr: number, group: number): number;

  /**
   * Advances the schedule by one step and sets each group's lr.
   *
   * @example
   * for (let epoch = 0; epoch < 90; epoch++) { train(); scheduler.step(); }
   */
  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => { g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i], i); });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs set by the last step. @example scheduler.getLastLr()[0] */
  getLastLr(): number[] { return [...this.lastLr]; }

  /** The schedule's position and settings. @example const s = sched.stateDict(); */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /** Restores a position saved by `stateDict()`. @example sched.loadStateDict(s) */
  loadStateDict(dict: SchedulerStateDict): void {
    if (typeof dict?.lastEpoch !== 'number') throw new TensorloomError(this.constructor.name, 'the state dict has no lastEpoch');
    this.lastEpoch = dict.lastEpoch;
    if (Array.isArray(dict.baseLrs)) (dict.baseLrs as number[]).forEach((v, i) => { this.baseLrs[i] = v; });
    if (Array.isArray(dict.lastLr)) this.lastLr = [...(dict.lastLr as number[])];
  }
}
