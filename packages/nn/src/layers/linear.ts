/**
 * Linear: y = x Wᵀ + b over the last dimension, with PyTorch's default init
 * (kaiming uniform with a = √5, i.e. U(±1/√in), for weight and bias).
 */
import { rand, tidy, type Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkDim, checkInput, checkPositiveInt } from '../checks.js';
import { kaimingUniform } from '../init.js';

export interface LinearOptions { bias?: boolean }

export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  /**
   * @example
   * const fc = new Linear(784, 10);
   * const logits = fc.forward(x); // [N, 784] → [N, 10]
   */
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    checkPositiveInt('Linear', 'inFeatures', inFeatures);
    checkPositiveInt('Linear', 'outFeatures', outFeatures);
    this.weight = this.registerParameter('weight', new Parameter(kaimingUniform([outFeatures, inFeatures], { a: Math.sqrt(5) })));
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = this.registerParameter('bias', options.bias === false ? null : new Parameter(rand([outFeatures], { low: -bound, high: bound })));
  }

  forward(x: Tensor): Tensor {
    checkInput('Linear', x, [1, 2, 3, 4, 5, 6], `[..., ${this.inFeatures}]`);
    checkDim('Linear', x, -1, this.inFeatures, 'inFeatures');
    return tidy(() => {
      const y = x.matmul(this.weight.value.transpose());
      return this.bias ? y.add(this.bias.value) : y;
    });
  }

  override extraRepr(): string { return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`; }
}
