/**
 * Pooling layers over NCHW input: MaxPool2d, AvgPool2d and AdaptiveAvgPool2d (PyTorch's
 * bins: start = ⌊i·H/out⌋, end = ⌈(i+1)·H/out⌉, computed as two small averaging matmuls).
 */
import { TensorloomError, avgPool2d, maxPool2d, tensor, tidy, type Pair, type Tensor } from '@tensorloom/core';
import { Module } from '../module.js';
import { checkInput } from '../checks.js';

export interface PoolLayerOptions { stride?: number | Pair; padding?: number | Pair }

function pool4d(x: Tensor, fn: (x4: Tensor) => Tensor): Tensor {
  return x.rank === 4 ? fn(x) : tidy(() => fn(x.unsqueeze(0)).squeeze(0));
}

export class MaxPool2d extends Module {
  /** @example new MaxPool2d(2).forward(x) // halves H and W */
  constructor(readonly kernelSize: number | Pair, readonly options: PoolLayerOptions = {}) { super(); }
  forward(x: Tensor): Tensor {
    checkInput('MaxPool2d', x, [3, 4], '[N, C, H, W] or [C, H, W]');
    return pool4d(x, (t) => maxPool2d(t, this.kernelSize, this.options));
  }
  override extraRepr(): string { return `kernelSize=${JSON.stringify(this.kernelSize)}`; }
}

export class AvgPool2d extends Module {
  /** @example new AvgPool2d(2).forward(x) */
  constructor(readonly kernelSize: number | Pair, readonly options: PoolLayerOptions & { countIncludePad?: boolean } = {}) { super(); }
  forward(x: Tensor): Tensor {
    checkInput('AvgPool2d', x, [3, 4], '[N, C, H, W] or [C, H, W]');
    return pool4d(x, (t) => avgPool2d(t, this.kernelSize, this.options));
  }
  override extraRepr(): string { return `kernelSize=${JSON.stringify(this.kernelSize)}`; }
}

/** The [out, size] matrix that averages PyTorch's adaptive bins. */
function binMatrix(out: number, size: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    rows.push(Array.from({ length: size }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0)));
  }
  return rows;
}

export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: Pair;
  /**
   * @example
   * new AdaptiveAvgPool2d(1).forward(features); // global average pooling → [N, C, 1, 1]
   */
  constructor(outputSize: number | Pair) {
    super();
    this.outputSize = typeof outputSize === 'number' ? [outputSize, outputSize] : [outputSize[0], outputSize[1]];
    if (this.outputSize.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new TensorloomError('AdaptiveAvgPool2d', `outputSize must be positive integers, got ${JSON.stringify(outputSize)}`);
    }
  }
  forward(x: Tensor): Tensor {
    checkInput('AdaptiveAvgPool2d', x, [3, 4], '[N, C, H, W] or [C, H, W]');
    const [oh, ow] = this.outputSize;
    const h = x.shape[x.rank - 2];
    const w = x.shape[x.rank - 1];
    return tidy(() => {
      if (oh === 1 && ow === 1) return x.mean([x.rank - 2, x.rank - 1], true);
      const ah = tensor(binMatrix(oh, h), { backend: x.backend });
      const aw = tensor(binMatrix(ow, w), { backend: x.backend });
      return ah.matmul(x).matmul(aw.transpose());
    });
  }
  override extraRepr(): string { return `outputSize=[${this.outputSize}]`; }
}
