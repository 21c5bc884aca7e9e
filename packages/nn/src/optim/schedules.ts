/**
 * The closed-form LR schedules: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
 * LinearLR, LambdaLR and linear warmup into cosine (WarmupCosineLR), with PyTorch's
 * formulas and option names.
 */
import { TensorloomError } from '@tensorloom/core';
import { LRScheduler } from './lr_scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

type Opt = Optimizer<BaseOptions>;

function positiveInt(name: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new TensorloomError(name, `${what} must be a positive integer, got ${v}`);
}

export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  /** lr = base·γ^⌊epoch/stepSize⌋. @example new StepLR(opt, { stepSize: 30, gamma: 0.1 }) */
  constructor(optimizer: Opt, options: { stepSize: number; gamma?: number; lastEpoch?: number }) {
    super(optimizer, options.lastEpoch);
    positiveInt('StepLR', 'stepSize', options.stepSize);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.init();
  }
  protected lrAt(e: number, base: number): number { return base * this.gamma ** Math.floor(e / this.stepSize); }
}

export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;
  /** lr = base·γ^(milestones passed). @example new MultiStepLR(opt, { milestones: [30, 80] }) */
  constructor(optimizer: Opt, options: { milestones: number[]; gamma?: number; lastEpoch?: number }) {
    super(optimizer, options.lastEpoch);
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.init();
  }
  protected lrAt(e: number, base: number): number { return base * this.gamma ** this.milestones.filter((m) => m <= e).length; }
}

export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  /** lr = base·γ^epoch. @example new ExponentialLR(opt, { gamma: 0.95 }) */
  constructor(optimizer: Opt, options: { gamma: number; lastEpoch?: number }) {
    super(optimizer, options.lastEpoch);
    this.gamma = options.gamma;
    this.init();
  }
  protected lrAt(e: number, base: number): number { return base * this.gamma ** e; }
}

export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  /** lr = ηmin + (base − ηmin)·(1 + cos(π·epoch/tMax))/2. @example new CosineAnnealingLR(opt, { tMax: 100 }) */
  constructor(optimizer: Opt, options: { tMax: number; etaMin?: number; lastEpoch?: number }) {
    super(optimizer, options.lastEpoch);
    positiveInt('CosineAnnealingLR', 'tMax', options.tMax);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.init();
  }
  protected lrAt(e: number, base: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * e) / this.tMax))) / 2;
  }
}

export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  /** lr = base·(start + (end − start)·min(epoch, totalIters)/totalIters). @example new LinearLR(opt, { startFactor: 0.1, totalIters: 5 }) */
  constructor(optimizer: Opt, options: { startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number } = {}) {
    super(optimizer, options.lastEpoch);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new TensorloomError('LinearLR', `startFactor must be in (0, 1], got ${this.startFactor}`);
    this.init();
  }
  protected lrAt(e: number, base: number): number {
    return base * (this.startFactor + ((this.endFactor - this.startFactor) * Math.min(e, this.totalIters)) / this.totalIters);
  }
}

export class LambdaLR extends LRScheduler {
  private readonly lambdas: Array<(epoch: number) => number>;
  /** lr = base·lrLambda(epoch) (one function, or one per group). @example new LambdaLR(opt, { lrLambda: (e) => 0.95 ** e }) */
  constructor(optimizer: Opt, options: { lrLambda: ((epoch: number) => number) | Array<(epoch: number) => number>; lastEpoch?: number }) {
    super(optimizer, options.lastEpoch);
    const l = options.lrLambda;
    this.lambdas = Array.isArray(l) ? l : optimizer.paramGroups.map(() => l);
    if (this.lambdas.length !== optimizer.paramGroups.length) throw new TensorloomError('LambdaLR', `expected ${optimizer.paramGroups.length} lrLambda functions, got ${this.lambdas.length}`);
    this.init();
  }
  protected lrAt(e: number, base: number, i: number): number { return base * this.lambdas[i](e); }
}

export interface WarmupCosineOptions {
  /** Steps of linear warmup from base·warmupStartFactor to base. */
  warmupSteps: number;
  /** Total steps; the cosine runs over the last totalSteps − warmupSteps. */
  totalSteps: number;
  /** Factor of the base lr at step 0 (default 0). */
  warmupStartFactor?: number;
  etaMin?: number;
  lastEpoch?: number;
}

export class WarmupCosineLR extends LRScheduler {
  readonly options: Required<Omit<WarmupCosineOptions, 'lastEpoch'>>;
  /**
   * Linear warmup, then cosine annealing to etaMin (PyTorch's SequentialLR of LinearLR and
   * CosineAnnealingLR with tMax = totalSteps − warmupSteps).
   *
   * @example
   * new WarmupCosineLR(opt, { warmupSteps: 500, totalSteps: 10000 });
   */
  constructor(optimizer: Opt, options: WarmupCosineOptions) {
    super(optimizer, options.lastEpoch);
    if (!Number.isInteger(options.warmupSteps) || options.warmupSteps < 0) throw new TensorloomError('WarmupCosineLR', `warmupSteps must be an integer >= 0, got ${options.warmupSteps}`);
    if (!(options.totalSteps > options.warmupSteps)) throw new TensorloomError('WarmupCosineLR', `totalSteps (${options.totalSteps}) must exceed warmupSteps (${options.warmupSteps})`);
    this.options = { warmupSteps: options.warmupSteps, totalSteps: options.totalSteps, warmupStartFactor: options.warmupStartFactor ?? 0, etaMin: options.etaMin ?? 0 };
    this.init();
  }
  protected lrAt(e: number, base: number): number {
    const { warmupSteps: w, totalSteps, warmupStartFactor: s, etaMin } = this.options;
    if (e < w) return base * (s + ((1 - s) * e) / w);
    const t = e - w;
    return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / (totalSteps - w)))) / 2;
  }
}
