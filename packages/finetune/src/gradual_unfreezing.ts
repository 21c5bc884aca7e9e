/**
 * GradualUnfreezing (ULMFiT): at the start of training only the top layer group trains;
 * each epoch (or every `every` epochs) one more group below it is unfrozen, top down, until
 * the whole model trains. Build the optimizer over every parameter: frozen ones get no
 * gradient, so the optimizer skips them until they are unfrozen.
 */
import { TensorloomError } from '@tensorloom/core';
import type { AnyModule } from '@tensorloom/nn';
import type { Callback } from './trainer/types.js';
import type { Trainer } from './trainer/trainer.js';
import { freeze, unfreeze } from './freeze.js';
import { layerNames } from './param_groups.js';
import type { NamePatterns } from './name_patterns.js';

export interface GradualUnfreezingOptions {
  /** Layer groups bottom first (default: the model's top-level children that have parameters). */
  groups?: ReadonlyArray<NamePatterns>;
  /** Epochs between unfreezing steps (default 1). */
  every?: number;
}

export class GradualUnfreezing implements Callback {
  private groups: ReadonlyArray<NamePatterns> | undefined;
  private readonly every: number;
  /** How many groups (from the top) are trainable now. */
  unfrozen = 0;

  /**
   * @example
   * const trainer = new Trainer({ model, optimizer: new Adam(model.parameters()), loss, callbacks: [new GradualUnfreezing()] });
   */
  constructor(options: GradualUnfreezingOptions = {}) {
    this.groups = options.groups;
    this.every = options.every ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new TensorloomError('GradualUnfreezing', `every must be a positive integer, got ${options.every}`);
    if (this.groups && this.groups.length === 0) throw new TensorloomError('GradualUnfreezing', 'groups is empty');
  }

  onEpochBegin(epoch: number, trainer: Trainer): void {
    this.apply(trainer.model as unknown as AnyModule, epoch);
  }

  /** Sets which groups train at `epoch`: the top `1 + floor(epoch / every)` of them. */
  apply(model: AnyModule, epoch: number): void {
    const groups = this.groups ?? (this.groups = layerNames(model));
    const k = Math.min(groups.length, 1 + Math.floor(epoch / this.every));
    groups.forEach((g, i) => {
      if (i >= groups.length - k) unfreeze(model, g); else freeze(model, g);
    });
    this.unfrozen = k;
  }
}
