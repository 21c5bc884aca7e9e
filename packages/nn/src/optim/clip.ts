/**
 * Gradient clipping: clipGradNorm (rescale all gradients so their joint norm is at most
 * maxNorm, PyTorch's clip_grad_norm_) and clipGradValue (clamp each gradient entry).
 */
import { TensorloomError, Tensor, abs, clamp, div, noGrad, scalar, sqrt, tidy, keep, max, sum, stack, minimum } from '@tensorloom/core';
import type { Parameter } from '../parameter.js';

/**
 * Scales the gradients of `params` in place so that their total `normType` norm is at most
 * `maxNorm`; returns the total norm before clipping (a scalar tensor the caller owns).
 *
 * @example
 * const norm = clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number, normType = 2): Tensor {
  if (!(maxNorm >= 0)) throw new TensorloomError('clipGradNorm', `maxNorm must be >= 0, got ${maxNorm}`);
  if (!(normType > 0)) throw new TensorloomError('clipGradNorm', `normType must be positive (or Infinity), got ${normType}`);
  const withGrad = params.filter((p) => p.grad !== null);
  if (withGrad.length === 0) return scalar(0);
  return noGrad(() => tidy(() => {
    const norms = withGrad.map((p) => {
      const g = p.grad as Tensor;
      if (normType === Infinity) return max(abs(g));
      if (normType === 2) return sqrt(sum(g.square()));
      return sum(abs(g).pow(normType)).pow(1 / normType);
    });
    const all = stack(norms);
    const total = normType === Infinity ? max(all) : normType === 2 ? sqrt(sum(all.square())) : sum(all.pow(normType)).pow(1 / normType);
    const coef = minimum(div(maxNorm, total.add(1e-6)), 1);
    for (const p of withGrad) p.grad = keep((p.grad as Tensor).mul(coef));
    return total;
  }));
}

/**
 * Clamps every gradient entry of `params` to [−clipValue, clipValue], in place.
 *
 * @example
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: readonly Parameter[], clipValue: number): void {
  if (!(clipValue >= 0)) throw new TensorloomError('clipGradValue', `clipValue must be >= 0, got ${clipValue}`);
  noGrad(() => {
    for (const p of params) {
      const g = p.grad;
      if (g) p.grad = keep(clamp(g, -clipValue, clipValue));
    }
  });
}

