/**
 * Adam and AdamW (PyTorch's updates, amsgrad included). Adam adds L2 decay to the gradient;
 * AdamW decays the weights directly (p ← p·(1 − lr·wd)) before the Adam step.
 *   m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g²
 *   p = p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 */
import { TensorloomError, maximum, type Tensor } from '@tensorloom/core';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

export interface AdamOptions { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }

type Params = readonly Parameter[] | ReadonlyArray<ParamGroupInput<AdamOptions>>;

function adamStep(self: { put: (s: ParamState, k: string, t: Tensor) => void }, p: Tensor, grad: Tensor, g: ParamGroup<AdamOptions>, state: ParamState, l2: boolean): Tensor {
  const [b1, b2] = g.betas;
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  let d = g.maximize ? grad.neg() : grad;
  if (l2 && g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));
  const m0 = state.exp_avg as Tensor | undefined;
  const v0 = state.exp_avg_sq as Tensor | undefined;
  // torch: exp_avg.lerp_(g, 1 − β1) = m + (1 − β1)(g − m); exp_avg_sq.mul_(β2).addcmul_(g, g, 1 − β2)
  const m = m0 ? m0.add(d.sub(m0).mul(1 - b1)) : d.mul(1 - b1);
  const v = v0 ? v0.mul(b2).add(d.mul(1 - b2).mul(d)) : d.mul(1 - b2).mul(d); // addcmul: (c·g)·g
  self.put(state, 'exp_avg', m);
  self.put(state, 'exp_avg_sq', v);
  const bc1 = 1 - b1 ** step;
  const bc2Sqrt = Math.sqrt(1 - b2 ** step);
  let vHat = v;
  if (g.amsgrad) {
    const prev = state.max_exp_avg_sq as Tensor | undefined;
    vHat = prev ? maximum(prev, v) : v.clone();
    self.put(state, 'max_exp_avg_sq', vHat);
  }
  const denom = vHat.sqrt().div(bc2Sqrt).add(g.eps);
  return p.sub(m.mul(g.lr / bc1).div(denom)); // addcdiv: p + (−s·m)/denom
}

function checkBetas(name: string, g: ParamGroup<AdamOptions>): void {
  const [b1, b2] = g.betas;
  if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new TensorloomError(name, `betas must be in [0, 1), got [${g.betas}]`);
  if (!(g.eps >= 0)) throw new TensorloomError(name, `eps must be >= 0, got ${g.eps}`);
}

export class Adam extends Optimizer<AdamOptions> {
  /**
   * @example
   * const opt = new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
   */
  constructor(params: Params, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }
  protected override validate(g: ParamGroup<AdamOptions>): void { super.validate(g); checkBetas('Adam', g); }
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdamOptions>, state: ParamState): Tensor {
    return adamStep({ put: (s, k, t) => this.setState(s, k, t) }, p, grad, g, state, true);
  }
}

export class AdamW extends Optimizer<AdamOptions> {
  /**
   * Adam with decoupled weight decay (default 0.01).
   *
   * @example
   * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
   */
  constructor(params: Params, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options });
  }
  protected override validate(g: ParamGroup<AdamOptions>): void { super.validate(g); checkBetas('AdamW', g); }
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdamOptions>, state: ParamState): Tensor {
    const decayed = g.weightDecay !== 0 ? p.mul(1 - g.lr * g.weightDecay) : p;
    return adamStep({ put: (s, k, t) => this.setState(s, k, t) }, decayed, grad, g, state, false);
  }
}
