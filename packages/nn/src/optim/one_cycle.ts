/**
 * OneCycleLR (Smith & Topin, PyTorch's implementation): warm up from maxLr/divFactor to
 * maxLr over pctStart of the steps, then anneal to initial/finalDivFactor (cosine or
 * linear), cycling momentum (SGD/RMSprop `momentum`, Adam `betas[0]`) inversely.
 */
import { TensorloomError } from '@tensorloom/core';
import { LRScheduler, type SchedulerStateDict } from './lr_scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

export interface OneCycleOptions {
  maxLr: number | number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  lastEpoch?: number;
}

interface Phase { end: number; lr: ['initialLr' | 'maxLr' | 'minLr', 'initialLr' | 'maxLr' | 'minLr']; mom: ['max' | 'base', 'max' | 'base'] }

export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly cycleMomentum: boolean;
  private readonly lrs: Array<{ initialLr: number; maxLr: number; minLr: number }>;
  private readonly moms: Array<{ base: number; max: number }>;

  /**
   * @example
   * const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1000 });
   * // after each batch: opt.step(); sched.step();
   */
  constructor(optimizer: Optimizer<BaseOptions>, options: OneCycleOptions) {
    const total = options.totalSteps ?? (options.epochs && options.stepsPerEpoch ? options.epochs * options.stepsPerEpoch : NaN);
    if (!Number.isInteger(total) || total <= 0) throw new TensorloomError('OneCycleLR', 'give totalSteps, or epochs and stepsPerEpoch, as positive integers');
    const maxLrs = Array.isArray(options.maxLr) ? options.maxLr : optimizer.paramGroups.map(() => options.maxLr as number);
    if (maxLrs.length !== optimizer.paramGroups.length) throw new TensorloomError('OneCycleLR', `expected ${optimizer.paramGroups.length} maxLr values, got ${maxLrs.length}`);
    const div = options.divFactor ?? 25;
    const finalDiv = options.finalDivFactor ?? 1e4;
    if ((options.lastEpoch ?? -1) === -1) {
      optimizer.paramGroups.forEach((g, i) => { g.lr = maxLrs[i] / div; });
    }
    super(optimizer, options.lastEpoch);
    this.totalSteps = total;
    const pct = options.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new TensorloomError('OneCycleLR', `pctStart must be in [0, 1], got ${pct}`);
    this.phases = options.threePhase
      ? [
        { end: pct * total - 1, lr: ['initialLr', 'maxLr'], mom: ['max', 'base'] },
        { end: 2 * pct * total - 2, lr: ['maxLr', 'initialLr'], mom: ['base', 'max'] },
        { end: total - 1, lr: ['initialLr', 'minLr'], mom: ['max', 'max'] },
      ]
      : [
        { end: pct * total - 1, lr: ['initialLr', 'maxLr'], mom: ['max', 'base'] },
        { end: total - 1, lr: ['maxLr', 'minLr'], mom: ['base', 'max'] },
      ];
    const strategy = options.annealStrategy ?? 'cos';
    this.anneal = strategy === 'cos'
      ? (s, e, p) => e + ((s - e) / 2) * (Math.cos(Math.PI * p) + 1)
      : (s, e, p) => (e - s) * p + s;
    this.lrs = maxLrs.map((m) => ({ initialLr: m / div, maxLr: m, minLr: m / div / finalDiv }));
    this.cycleMomentum = options.cycleMomentum ?? true;
    const base = options.baseMomentum ?? 0.85;
    const max = options.maxMomentum ?? 0.95;
    this.moms = optimizer.paramGroups.map(() => ({ base, max }));
    if (this.cycleMomentum) {
      for (const g of optimizer.paramGroups) {
        if (!('momentum' in g) && !('betas' in g)) throw new TensorloomError('OneCycleLR', 'cycleMomentum needs an optimizer with momentum or betas; pass cycleMomentum: false');
        if ((options.lastEpoch ?? -1) === -1) setMomentum(g, max);
      }
    }
    this.init();
  }

  override step(): void {
    super.step();
    if (!this.cycleMomentum) return;
    this.optimizer.paramGroups.forEach((g, i) => setMomentum(g, this.position(this.lastEpoch, (ph, pct) =>
      this.anneal(this.moms[i][ph.mom[0]], this.moms[i][ph.mom[1]], pct))));
  }

  protected lrAt(e: number, _base: number, i: number): number {
    if (e > this.totalSteps) {
      throw new TensorloomError('OneCycleLR', `stepped ${e} times but totalSteps is ${this.totalSteps}; raise totalSteps`);
    }
    return this.position(e, (ph, pct) => this.anneal(this.lrs[i][ph.lr[0]], this.lrs[i][ph.lr[1]], pct));
  }

  private position(e: number, value: (phase: Phase, pct: number) => number): number {
    let start = 0;
    for (let k = 0; k < this.phases.length; k++) {
      const ph = this.phases[k];
      if (e <= ph.end || k === this.phases.length - 1) return value(ph, (e - start) / (ph.end - start));
      start = ph.end;
    }
    return NaN;
  }

  override stateDict(): SchedulerStateDict { return { ...super.stateDict(), totalSteps: this.totalSteps }; }
}

function setMomentum(g: Record<string, unknown>, m: number): void {
  if (Array.isArray(g.betas)) g.betas = [m, (g.betas as number[])[1]];
  else g.momentum = m;
}
