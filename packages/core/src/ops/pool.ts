/**
 * 2-D max and average pooling (NCHW, PyTorch semantics). Composed ops over the same
 * im2col gather as conv2d (composed/pool.ts); backends may fuse them.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkBoolean, checkOptions } from '../validate.js';
import { runComposed } from '../engine.js';
import type { Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { pairOf } from './pair.js';
import { windowOutput } from './im2col.js';

/** Options of `maxPool2d` (and the base of `avgPool2d`'s). */
export interface Pool2dOptions {
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: number | Pair;
  padding?: number | Pair;
}

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding zeros in the divisor (PyTorch's default: true). */
  countIncludePad?: boolean;
}

function geometry(op: string, x: Tensor, kernelSize: number | Pair, opts: Pool2dOptions): { kernel: Pair; stride: Pair; padding: Pair; out: number[] } {
  assertTensor(op, x);
  const options = checkOptions(op, 'options', opts);
  if (x.rank !== 4) throw new TensorloomError(op, `input must be 4-D [N, C, H, W], got ${formatShape(x.shape)}`);
  if (x.dtype !== 'float32') throw new TensorloomError(op, `input must be float32, got ${x.dtype}`);
  const kernel = pairOf(op, 'kernelSize', kernelSize, 1, 1);
  const stride = options.stride === undefined ? kernel : pairOf(op, 'stride', options.stride, 1, 1);
  const padding = pairOf(op, 'padding', options.padding, 0, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    throw new TensorloomError(op, `padding ${formatShape(padding)} must be at most half the kernel ${formatShape(kernel)}`);
  }
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel, stride, padding, dilation: [1, 1] });
  if (oh < 1 || ow < 1) throw new TensorloomError(op, `kernel ${formatShape(kernel)} is larger than the padded input ${formatShape([h + 2 * padding[0], w + 2 * padding[1]])}`);
  return { kernel, stride, padding, out: [n, c, oh, ow] };
}

/**
 * Max over each window; padding never wins.
 *
 * @example
 * maxPool2d(x, 2); // halves H and W
 */
export function maxPool2d(x: Tensor, kernelSize: number | Pair, options: Pool2dOptions = {}): Tensor {
  return publicOp('maxPool2d', () => {
    const { kernel, stride, padding, out } = geometry('maxPool2d', x, kernelSize, options);
    return runComposed('maxPool2d', [x], { kernelSize: kernel, stride, padding }, { shape: out, dtype: 'float32' });
  });
}

/**
 * Mean over each window.
 *
 * @example
 * avgPool2d(x, 3, { stride: 1, padding: 1, countIncludePad: false });
 */
export function avgPool2d(x: Tensor, kernelSize: number | Pair, options: AvgPool2dOptions = {}): Tensor {
  return publicOp('avgPool2d', () => {
    const { kernel, stride, padding, out } = geometry('avgPool2d', x, kernelSize, options);
    const countIncludePad = checkBoolean('avgPool2d', 'countIncludePad', checkOptions('avgPool2d', 'options', options).countIncludePad, true);
    return runComposed('avgPool2d', [x], { kernelSize: kernel, stride, padding, countIncludePad }, { shape: out, dtype: 'float32' });
  });
}
