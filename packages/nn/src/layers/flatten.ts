/**
 * Flatten (dimensions startDim..endDim into one; PyTorch's default keeps the batch) and
 * Identity.
 */
import type { Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { checkInput } from '../checks.js';

export class Flatten extends Module {
  /** @example new Flatten().forward(x) // [N, C, H, W] → [N, C·H·W] */
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor {
    checkInput('Flatten', x, [1, 2, 3, 4, 5, 6, 7, 8], 'a tensor with at least one dimension');
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string { return `startDim=${this.startDim}, endDim=${this.endDim}`; }
}

export class Identity extends Module {
  /** Returns its input unchanged (the same tensor). @example new Identity().forward(x) === x */
  forward(x: Tensor): Tensor { return x; }
}
