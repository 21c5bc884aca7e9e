/**
 * LayerNorm: normalise over the trailing `normalizedShape` dimensions with the biased
 * variance, then scale and shift elementwise (weight ones, bias zeros, as in PyTorch).
 */
import { TensorloomError, ones, tidy, zeros, type Tensor, formatShape, shapesEqual } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface LayerNormOptions { eps?: number; elementwiseAffine?: boolean; bias?: boolean }

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  /**
   * @example
   * const ln = new LayerNorm(512);
   * ln.forward(x); // x: [..., 512]
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0 || this.normalizedShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new TensorloomError('LayerNorm', `normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones(this.normalizedShape)) : null);
    this.bias = this.registerParameter('bias', affine && options.bias !== false ? new Parameter(zeros(this.normalizedShape)) : null);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || !shapesEqual(tail, this.normalizedShape)) {
      throw new TensorloomError('LayerNorm', `expected input [..., ${this.normalizedShape.join(', ')}], got shape ${formatShape(x.shape)}`);
    }
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    return tidy(() => {
      const centered = x.sub(x.mean(axes, true));
      const variance = centered.square().mean(axes, true);
      let y = centered.div(variance.add(this.eps).sqrt());
      if (this.weight) y = y.mul(this.weight.value);
      if (this.bias) y = y.add(this.bias.value);
      return y;
    });
  }

  override extraRepr(): string { return `[${this.normalizedShape}], eps=${this.eps}`; }
}
