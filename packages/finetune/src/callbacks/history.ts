/**
 * History: the per-epoch record of a `fit` (Keras's History): `history.loss`,
 * `history.valLoss`, `history.accuracy`, `history.valAccuracy`, `history.lr`, …, and `epoch`.
 */
import type { Callback, EpochEndEvent } from '../trainer/types.js';

export class History implements Callback {
  /** Values by name, one per completed epoch. */
  readonly history: Record<string, number[]> = {};
  /** The 0-based index of each recorded epoch. */
  readonly epoch: number[] = [];

  /**
   * Records an epoch's loss, metrics, validation values, lr and seconds.
   *
   * @example
   * const h = await trainer.fit({ train, epochs: 3 });
   * h.history.loss; // [0.9, 0.5, 0.3]
   */
  onEpochEnd(e: EpochEndEvent): void {
    this.epoch.push(e.epoch);
    const put = (k: string, v: number): void => { (this.history[k] ??= []).push(v); };
    put('loss', e.loss);
    for (const [k, v] of Object.entries(e.metrics)) put(k, v);
    if (e.valLoss !== undefined) put('valLoss', e.valLoss);
    for (const [k, v] of Object.entries(e.valMetrics ?? {})) put(`val${k.charAt(0).toUpperCase()}${k.slice(1)}`, v);
    put('lr', e.lr);
    put('seconds', e.seconds);
  }
}
