/**
 * SGD with momentum, dampening, Nesterov momentum and L2 weight decay (PyTorch's update):
 *   d = g + wd·p;  buf = μ·buf + (1 − τ)·d (buf = d at the first step);
 *   d = nesterov ? d + μ·buf : buf;  p = p − lr·d
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

export interface SGDOptions { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number; maximize: boolean }

export class SGD extends Optimizer<SGDOptions> {
  /**
   * @example
   * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
   */
  constructor(params: readonly Parameter[] | ReadonlyArray<ParamGroupInput<SGDOptions>>, options: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, ...options });
  }

  protected override validate(g: ParamGroup<SGDOptions>): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new TensorloomError('SGD', `momentum must be >= 0, got ${g.momentum}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new TensorloomError('SGD', 'nesterov momentum needs momentum > 0 and dampening 0');
  }

  protected update(p: Tensor, grad: Tensor, g: ParamGroup<SGDOptions>, state: ParamState): Tensor {
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));
    if (g.momentum !== 0) {
      const prev = state.momentum_buffer;
      const buf = prev === undefined || typeof prev === 'number' ? d.clone() : prev.mul(g.momentum).add(d.mul(1 - g.dampening));
      this.setState(state, 'momentum_buffer', buf);
      d = g.nesterov ? d.add(buf.mul(g.momentum)) : buf;
    }
    return p.sub(d.mul(g.lr));
  }
}
