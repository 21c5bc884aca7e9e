/**
 * Replays an optimizer golden case: the fixture's MLP, data, optimizer and schedule, for a
 * number of steps, with optional save/restore of every state dict halfway.
 */
import { tidy, type Tensor } from '@tensorloom/core';
import * as nn from '../../src/index.js';
import { fromFixture, type Encoded } from './fixtures.js';

export interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: Record<string, unknown>;
  schedule: Record<string, unknown> & { kind?: string };
  groups: boolean;
  initial: Record<string, Encoded>;
  losses: number[];
  lrs: number[][];
  final: Record<string, Encoded>;
}

type Scheduler = nn.LRScheduler | nn.ReduceLROnPlateau;
export interface Run { model: nn.Sequential; opt: nn.Optimizer; sched: Scheduler | null }

export function makeRun(k: OptimCase): Run {
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
  const init = Object.fromEntries(Object.entries(k.initial).map(([n, e]) => [n, fromFixture(e)]));
  model.loadStateDict(init);
  Object.values(init).forEach((t) => t.dispose());
  const o = k.options as never;
  const params = k.groups
    ? [{ params: model.at(0).parameters(), lr: 0.05, weightDecay: 1e-2 }, { params: model.at(2).parameters() }]
    : model.parameters();
  let opt: nn.Optimizer;
  if (k.groups) opt = new nn.SGD(params as nn.ParamGroupInput<nn.SGDOptions>[], { lr: 0.1, momentum: 0.9 }) as unknown as nn.Optimizer;
  else {
    const ctor = { SGD: nn.SGD, Adam: nn.Adam, AdamW: nn.AdamW, RMSprop: nn.RMSprop, Adagrad: nn.Adagrad }[k.optimizer];
    opt = new ctor(params as nn.Parameter[], o) as unknown as nn.Optimizer;
  }
  const s = k.schedule as never;
  let sched: Scheduler | null = null;
  switch (k.schedule.kind) {
    case 'StepLR': sched = new nn.StepLR(opt, s); break;
    case 'MultiStepLR': sched = new nn.MultiStepLR(opt, s); break;
    case 'ExponentialLR': sched = new nn.ExponentialLR(opt, s); break;
    case 'CosineAnnealingLR': sched = new nn.CosineAnnealingLR(opt, s); break;
    case 'WarmupCosineLR': sched = new nn.WarmupCosineLR(opt, s); break;
    case 'OneCycleLR': sched = new nn.OneCycleLR(opt, s); break;
    case 'ReduceLROnPlateau': sched = new nn.ReduceLROnPlateau(opt, s); break;
    default: sched = null;
  }
  return { model, opt, sched };
}

/** One training step; returns the loss before the update. */
export function trainStep(r: Run, x: Tensor, y: Tensor): number {
  r.opt.zeroGrad();
  const loss = tidy(() => nn.crossEntropy(r.model.forward(x), y));
  loss.backward();
  r.opt.step();
  const value = loss.itemSync();
  loss.dispose();
  if (r.sched instanceof nn.ReduceLROnPlateau) r.sched.step(value);
  else r.sched?.step();
  return value;
}
