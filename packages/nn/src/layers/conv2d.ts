/**
 * Conv2d: 2-D convolution over NCHW input (stride, padding, dilation, groups) with
 * PyTorch's default init, U(±1/√fanIn) for weight and bias.
 */
import { TensorloomError, conv2d, rand, tidy, type Pair, type Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkDim, checkInput, checkPositiveInt } from '../checks.js';
import { kaimingUniform } from '../init.js';

export interface Conv2dLayerOptions {
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  groups?: number;
  bias?: boolean;
}

function pair(v: number | Pair | undefined, fallback: number): Pair {
  return v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

export class Conv2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly groups: number;

  /**
   * @example
   * const conv = new Conv2d(3, 16, 3, { padding: 1 });
   * conv.forward(images); // [N, 3, H, W] → [N, 16, H, W]
   */
  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: number | Pair, options: Conv2dLayerOptions = {}) {
    super();
    checkPositiveInt('Conv2d', 'inChannels', inChannels);
    checkPositiveInt('Conv2d', 'outChannels', outChannels);
    this.kernelSize = pair(kernelSize, 1);
    this.stride = pair(options.stride, 1);
    this.padding = pair(options.padding, 0);
    this.dilation = pair(options.dilation, 1);
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1 || inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new TensorloomError('Conv2d', `groups (${this.groups}) must divide inChannels (${inChannels}) and outChannels (${outChannels})`);
    }
    const shape = [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = this.registerParameter('weight', new Parameter(kaimingUniform(shape, { a: Math.sqrt(5) })));
    const bound = 1 / Math.sqrt(shape[1] * shape[2] * shape[3]);
    this.bias = this.registerParameter('bias', options.bias === false ? null : new Parameter(rand([outChannels], { low: -bound, high: bound })));
  }

  /** x: [N, C, H, W] or unbatched [C, H, W]. */
  forward(x: Tensor): Tensor {
    checkInput('Conv2d', x, [3, 4], `[N, ${this.inChannels}, H, W] or [${this.inChannels}, H, W]`);
    checkDim('Conv2d', x, x.rank - 3, this.inChannels, 'inChannels');
    const opts = { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
    // The bias is a broadcast add after core's conv2d (the same composition whether or not the
    // backend has a fused conv kernel).
    return tidy(() => {
      const x4 = x.rank === 3 ? x.unsqueeze(0) : x;
      let y = conv2d(x4, this.weight.value, null, opts);
      if (this.bias) y = y.add(this.bias.value.reshape([1, this.outChannels, 1, 1]));
      return x.rank === 3 ? y.squeeze(0) : y;
    });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=[${this.padding}]` +
      (this.groups > 1 ? `, groups=${this.groups}` : '');
  }
}
