/**
 * Dropout: in training, zeroes each element with probability p and scales the rest by
 * 1/(1 − p) (inverted dropout, the seeded generator); in eval mode, the identity.
 */
import { TensorloomError, rand, tidy, type Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { checkInput } from '../checks.js';

/**
 * Functional dropout.
 *
 * @example
 * dropout(x, 0.5, model.training);
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (!(p >= 0 && p <= 1)) throw new TensorloomError('dropout', `p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  return tidy(() => x.mul(rand(x.shape, { backend: x.backend }).greaterEqual(p).cast('float32')).div(1 - p));
}

export class Dropout extends Module {
  /** @example const drop = new Dropout(0.1); */
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new TensorloomError('Dropout', `p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    checkInput('Dropout', x, [0, 1, 2, 3, 4, 5, 6, 7, 8], 'a tensor');
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string { return `p=${this.p}`; }
}
