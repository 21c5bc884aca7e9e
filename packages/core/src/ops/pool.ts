/**
 * 2-D max and average pooling (NCHW, PyTorch semantics). Composed ops over the same
 * im2col gather as conv2d; backends fuse them.
 */
import { TensorloomError, fmt } from '../errors.js';
import { fromValues, runComposite } from '../engine.js';
import type { CompositeAttrs, Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { div, mul } from './binary.js';
import { gather, oneHot, scatterAdd } from './indexing.js';
import { pad, permute, reshape, slice } from './movement.js';
import { zeros } from './creation.js';
import { argmax, max, sum } from './reduce.js';
import { pairOf } from './conv.js';
import { windowIndices, windowOutput } from './im2col.js';

export interface Pool2dOptions {
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: number | Pair;
  padding?: number | Pair;
}

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding zeros in the divisor (PyTorch's default: true). */
  countIncludePad?: boolean;
}

function geometry(op: string, x: Tensor, kernelSize: number | Pair, options: Pool2dOptions): { kernel: Pair; stride: Pair; padding: Pair; out: number[] } {
  assertTensor(op, x);
  if (x.rank !== 4) throw new TensorloomError(op, `input must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
  if (x.dtype !== 'float32') throw new TensorloomError(op, `input must be float32, got ${x.dtype}`);
  const kernel = pairOf(op, 'kernelSize', kernelSize, 1, 1);
  const stride = options.stride === undefined ? kernel : pairOf(op, 'stride', options.stride, 1, 1);
  const padding = pairOf(op, 'padding', options.padding, 0, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    throw new TensorloomError(op, `padding ${fmt(padding)} must be at most half the kernel ${fmt(kernel)}`);
  }
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel, stride, padding, dilation: [1, 1] });
  if (oh < 1 || ow < 1) throw new TensorloomError(op, `kernel ${fmt(kernel)} is larger than the padded input ${fmt([h + 2 * padding[0], w + 2 * padding[1]])}`);
  return { kernel, stride, padding, out: [n, c, oh, ow] };
}

/**
 * Max over each window; padding never wins.
 *
 * @example
 * maxPool2d(x, 2); // halves H and W
 */
export function maxPool2d(x: Tensor, kernelSize: number | Pair, options: Pool2dOptions = {}): Tensor {
  const { kernel, stride, padding, out } = geometry('maxPool2d', x, kernelSize, options);
  return runComposite('maxPool2d', [x], { kernelSize: kernel, stride, padding }, { shape: out, dtype: 'float32' });
}

/**
 * Mean over each window.
 *
 * @example
 * avgPool2d(x, 3, { stride: 1, padding: 1, countIncludePad: false });
 */
export function avgPool2d(x: Tensor, kernelSize: number | Pair, options: AvgPool2dOptions = {}): Tensor {
  const { kernel, stride, padding, out } = geometry('avgPool2d', x, kernelSize, options);
  const countIncludePad = options.countIncludePad ?? true;
  return runComposite('avgPool2d', [x], { kernelSize: kernel, stride, padding, countIncludePad }, { shape: out, dtype: 'float32' });
}

function windows(x: Tensor, kernel: Pair, stride: Pair, padding: Pair, value: number): Tensor {
  const [n, c, h, w] = x.shape;
  const padded = pad(x, [[0, 0], [0, 0], [padding[0], padding[0]], [padding[1], padding[1]]], value);
  const geo = { inH: h, inW: w, kernel, stride, padding, dilation: [1, 1] as Pair };
  const flat = reshape(padded, [n, c, (h + 2 * padding[0]) * (w + 2 * padding[1])]);
  return gather(flat, windowIndices(x.backend, geo), 2); // [N, C, kh·kw, L]
}

export function composeMaxPool2d([x]: readonly Tensor[], { kernelSize, stride, padding }: CompositeAttrs['maxPool2d']): Tensor {
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] });
  return reshape(max(windows(x, kernelSize, stride, padding, -Infinity), 2), [n, c, oh, ow]);
}

export function composeAvgPool2d([x]: readonly Tensor[], attrs: CompositeAttrs['avgPool2d']): Tensor {
  const { kernelSize, stride, padding, countIncludePad } = attrs;
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] });
  const sums = sum(windows(x, kernelSize, stride, padding, 0), 2); // [N, C, L]
  const counts = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const h0 = i * stride[0] - padding[0];
      const w0 = j * stride[1] - padding[1];
      const rows = countIncludePad ? kernelSize[0] : Math.min(h0 + kernelSize[0], h) - Math.max(h0, 0);
      const cols = countIncludePad ? kernelSize[1] : Math.min(w0 + kernelSize[1], w) - Math.max(w0, 0);
      counts[i * ow + j] = rows * cols;
    }
  }
  return reshape(div(sums, fromValues(x.backend, counts, [oh * ow], 'float32')), [n, c, oh, ow]);
}

/**
 * maxPool2d's VJP, as PyTorch's: each window's gradient goes to its first maximum (ties are
 * common after ReLU: a window of zeros), scattered back through the im2col table.
 */
export function maxPool2dVjp(g: Tensor, [x]: Tensor[], _out: Tensor, { kernelSize, stride, padding }: CompositeAttrs['maxPool2d']): Tensor[] {
  const [n, c, h, w] = x.shape;
  const geo = { inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] as Pair };
  const [oh, ow] = windowOutput(geo);
  const k = kernelSize[0] * kernelSize[1];
  const first = argmax(windows(x, kernelSize, stride, padding, -Infinity), 2); // [N, C, L]
  const routed = mul(permute(oneHot(first, k), [0, 1, 3, 2]), reshape(g, [n, c, 1, oh * ow])); // [N, C, K, L]
  const hp = h + 2 * padding[0];
  const wp = w + 2 * padding[1];
  const image = scatterAdd(zeros([n, c, hp * wp], { backend: x.backend }), windowIndices(x.backend, geo), routed, 2);
  return [slice(reshape(image, [n, c, hp, wp]), [0, 0, padding[0], padding[1]], [n, c, h, w])];
}
