/**
 * Adagrad (PyTorch's update): sum += g²; p −= clr·g/(√sum + ε), with
 * clr = lr / (1 + (t − 1)·lrDecay).
 */
import { full, type Tensor } from '@tensorloom/core';
import type { Parameter } from '../parameter.js';
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

export interface AdagradOptions { lr: number; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number }

export class Adagrad extends Optimizer<AdagradOptions> {
  /**
   * @example
   * const opt = new Adagrad(model.parameters(), { lr: 0.01 });
   */
  constructor(params: readonly Parameter[] | ReadonlyArray<ParamGroupInput<AdagradOptions>>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, ...options });
  }
  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdagradOptions>, state: ParamState): Tensor {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const d = g.weightDecay !== 0 ? grad.add(p.mul(g.weightDecay)) : grad;
    const s0 = (state.sum as Tensor | undefined) ?? full(p.shape, g.initialAccumulatorValue, { backend: p.backend });
    const sum = s0.add(d.mul(d));
    this.setState(state, 'sum', sum);
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    return p.sub(d.mul(clr).div(sum.sqrt().add(g.eps))); // addcdiv: p + (−clr·g)/std
  }
}
