/**
 * RMSprop (PyTorch's update): v = α·v + (1 − α)·g²; centered subtracts the squared mean
 * gradient; with momentum, buf = μ·buf + g/(√v + ε) and p −= lr·buf, else p −= lr·g/(√v + ε).
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

export interface RMSpropOptions { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean }

export class RMSprop extends Optimizer<RMSpropOptions> {
  /**
   * @example
   * const opt = new RMSprop(model.parameters(), { lr: 1e-2, alpha: 0.99 });
   */
  constructor(params: readonly Parameter[] | ReadonlyArray<ParamGroupInput<RMSpropOptions>>, options: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, ...options });
  }
  protected override validate(g: ParamGroup<RMSpropOptions>): void {
    super.validate(g);
    if (!(g.alpha >= 0)) throw new TensorloomError('RMSprop', `alpha must be >= 0, got ${g.alpha}`);
    if (!(g.momentum >= 0)) throw new TensorloomError('RMSprop', `momentum must be >= 0, got ${g.momentum}`);
  }
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<RMSpropOptions>, state: ParamState): Tensor {
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const d = g.weightDecay !== 0 ? grad.add(p.mul(g.weightDecay)) : grad;
    const v0 = state.square_avg as Tensor | undefined;
    const v = v0 ? v0.mul(g.alpha).add(d.mul(1 - g.alpha).mul(d)) : d.mul(1 - g.alpha).mul(d); // addcmul: (c·g)·g
    this.setState(state, 'square_avg', v);
    let avg: Tensor;
    if (g.centered) {
      const ga0 = state.grad_avg as Tensor | undefined;
      const ga = ga0 ? ga0.mul(g.alpha).add(d.mul(1 - g.alpha)) : d.mul(1 - g.alpha);
      this.setState(state, 'grad_avg', ga);
      avg = v.sub(ga.mul(ga)).sqrt().add(g.eps);
    } else {
      avg = v.sqrt().add(g.eps);
    }
    if (g.momentum > 0) {
      const b0 = state.momentum_buffer as Tensor | undefined;
      const buf = b0 ? b0.mul(g.momentum).add(d.div(avg)) : d.div(avg);
      this.setState(state, 'momentum_buffer', buf);
      return p.sub(buf.mul(g.lr));
    }
    return p.sub(d.mul(g.lr).div(avg)); // addcdiv: p + (−lr·g)/avg
  }
}
